/* The byte protocol of the spawn helper: see protocol.h. No state, no system calls. */
#include "protocol.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(void) {
  fputs("watchpost-spawn-helper: out of memory\n", stderr);
  exit(2);
}

void buffer_reserve(struct buffer *b, size_t more) {
  if (b->len + more <= b->cap) return;
  size_t cap = b->cap == 0 ? 256 : b->cap;
  while (cap < b->len + more) cap *= 2;
  unsigned char *data = realloc(b->data, cap);
  if (data == NULL) out_of_memory();
  b->data = data;
  b->cap = cap;
}

void buffer_append(struct buffer *b, const void *bytes, size_t n) {
  if (n == 0) return;
  buffer_reserve(b, n);
  memcpy(b->data + b->len, bytes, n);
  b->len += n;
}

void buffer_consume(struct buffer *b, size_t n) {
  if (n == 0) return;
  memmove(b->data, b->data + n, b->len - n);
  b->len -= n;
}

void buffer_free(struct buffer *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

static void put_u8(struct buffer *b, uint8_t v) { buffer_append(b, &v, 1); }

static void put_u32(struct buffer *b, uint32_t v) {
  unsigned char bytes[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                            (unsigned char)(v >> 24)};
  buffer_append(b, bytes, 4);
}

static void put_u64(struct buffer *b, uint64_t v) {
  put_u32(b, (uint32_t)v);
  put_u32(b, (uint32_t)(v >> 32));
}

uint32_t get_u32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static unsigned get_u16(const unsigned char *p) { return (unsigned)(p[0] | p[1] << 8); }

void put_greeting(struct buffer *o) {
  buffer_append(o, "WPSH", 4);
  put_u32(o, PROTOCOL_VERSION);
}

void put_result(struct buffer *o, const struct result *r) {
  put_u32(o, (uint32_t)(4 + 1 + 1 + 4 + 8 * 4 + 4 + r->out_len + 4 + r->err_len));
  put_u32(o, r->id);
  put_u8(o, r->how);
  put_u8(o, r->flags);
  put_u32(o, (uint32_t)r->value);
  put_u64(o, (uint64_t)r->start_us);
  put_u64(o, (uint64_t)r->end_us);
  put_u64(o, r->user_cpu_us);
  put_u64(o, r->system_cpu_us);
  put_u32(o, (uint32_t)r->out_len);
  buffer_append(o, r->out, r->out_len);
  put_u32(o, (uint32_t)r->err_len);
  buffer_append(o, r->err, r->err_len);
}

/* Copies a run request's strings into one block: argv, NULL, envp, NULL, then the text. */
static char **unpack_strings(const unsigned char *p, const unsigned char *end, unsigned argc, unsigned envc) {
  size_t count = (size_t)argc + envc;
  size_t bytes = (count + 2) * sizeof(char *);
  const unsigned char *q = p;
  for (size_t i = 0; i < count; i++) {
    if (end - q < 4) return NULL;
    uint32_t len = get_u32(q);
    if ((size_t)(end - q - 4) < len) return NULL;
    q += 4 + len;
    bytes += (size_t)len + 1;
  }
  if (q != end) return NULL;
  char **block = malloc(bytes);
  if (block == NULL) out_of_memory();
  char *text = (char *)(block + count + 2);
  size_t at = 0;
  for (size_t i = 0; i < count; i++) {
    if (i == argc) block[at++] = NULL;
    uint32_t len = get_u32(p);
    memcpy(text, p + 4, len);
    text[len] = '\0';
    block[at++] = text;
    text += len + 1;
    p += 4 + len;
  }
  if (count == argc) block[at++] = NULL;
  block[at] = NULL;
  return block;
}

const char *parse_request(const unsigned char *body, uint32_t len, struct request *out) {
  memset(out, 0, sizeof *out);
  if (len < 5) return "request frame too short";
  out->type = body[0];
  out->id = get_u32(body + 1);
  if (out->type == REQUEST_CANCEL) return len == 5 ? NULL : "cancel request of the wrong length";
  if (out->type != REQUEST_RUN) return "unknown request type";
  if (len < 13) return "run request too short";
  out->timeout_ms = get_u32(body + 5);
  unsigned argc = get_u16(body + 9);
  unsigned envc = get_u16(body + 11);
  if (argc == 0) return "run request without a program";
  out->argv = unpack_strings(body + 13, body + len, argc, envc);
  if (out->argv == NULL) return "run request strings do not match its length";
  out->envp = out->argv + argc + 1;
  return NULL;
}
