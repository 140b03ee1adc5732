/*
 * The byte protocol between a Watchpost site and its spawn helper, and the growable buffer both
 * directions are built in. Integers are little-endian. Every frame starts with a u32: the byte
 * count after it.
 *
 *   helper -> site, once at start:  "WPSH" u32 version
 *   site -> helper, run:    u32 len, u8 1, u32 id, u32 timeout_ms, u16 argc, u16 envc,
 *                           then argc + envc strings, each u32 len + bytes (no NUL inside)
 *   site -> helper, cancel: u32 len, u8 2, u32 id       (ends the plugin's group; flag CANCELLED)
 *   helper -> site, result: u32 len, u32 id, u8 how, u8 flags, i32 value,
 *                           u64 start_us, u64 end_us, u64 user_cpu_us, u64 system_cpu_us,
 *                           u32 stdout_len + bytes, u32 stderr_len + bytes
 *       how: 0 exited (value = exit code), 1 killed by a signal (value = signal number),
 *            2 not started (value = errno, stderr bytes = strerror text)
 *       flags: 1 timed out, 2 cancelled, 4 stdout truncated, 8 stderr truncated,
 *              16 pipes closed after the grace (a grandchild held them)
 *       times: CLOCK_REALTIME microseconds; end - start is measured on the monotonic clock.
 *       CPU: the plugin's rusage from wait4 (it and the children it waited for).
 *
 * The site's side of the same protocol is src/checks/spawn/helper-protocol.ts.
 */
#ifndef WATCHPOST_PROTOCOL_H
#define WATCHPOST_PROTOCOL_H

#include <stddef.h>
#include <stdint.h>

#define PROTOCOL_VERSION 1u
/* A larger request is not the site speaking: command lines are far shorter. */
#define MAX_REQUEST_BYTES (8u * 1024u * 1024u)

#define REQUEST_RUN 1
#define REQUEST_CANCEL 2

#define HOW_EXITED 0
#define HOW_SIGNALED 1
#define HOW_NOT_STARTED 2

#define FLAG_TIMED_OUT 1u
#define FLAG_CANCELLED 2u
#define FLAG_STDOUT_TRUNCATED 4u
#define FLAG_STDERR_TRUNCATED 8u
#define FLAG_GRACE_CLOSED 16u

/* Bytes that grow as they are appended to; out of memory ends the helper. */
struct buffer {
  unsigned char *data;
  size_t len;
  size_t cap;
};

void buffer_reserve(struct buffer *b, size_t more);
void buffer_append(struct buffer *b, const void *bytes, size_t n);
/* Drops the first n bytes (those already consumed or written). */
void buffer_consume(struct buffer *b, size_t n);
void buffer_free(struct buffer *b);

uint32_t get_u32(const unsigned char *p);

/* One request, parsed. For a run request argv and envp point into one block that owns them. */
struct request {
  uint8_t type;
  uint32_t id;
  uint32_t timeout_ms;
  char **argv; /* NULL-terminated; free(argv) frees the strings too */
  char **envp; /* NULL-terminated, inside the argv block */
};

/* Parses the body of one request frame; returns NULL or what is wrong with it. */
const char *parse_request(const unsigned char *body, uint32_t len, struct request *out);

/* One result, as the helper reports it. */
struct result {
  uint32_t id;
  uint8_t how;
  uint8_t flags;
  int32_t value;
  int64_t start_us;
  int64_t end_us;
  uint64_t user_cpu_us;
  uint64_t system_cpu_us;
  const void *out;
  size_t out_len;
  const void *err;
  size_t err_len;
};

void put_greeting(struct buffer *o);
void put_result(struct buffer *o, const struct result *r);

#endif
