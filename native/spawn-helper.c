/*
 * watchpost-spawn-helper: a small process that runs Monitoring Plugins for a Watchpost site.
 *
 * Why it exists: starting a process from the Node.js site costs about a millisecond of the site's
 * own CPU per plugin, which caps a site near 600 checks per second. This helper is small, so
 * starting a process from it is cheap, and it runs hundreds of plugins at once from one epoll loop; the
 * site only exchanges short messages with it (Nagios 4 core workers and the Icinga 2 spawn helper
 * exist for the same reason).
 *
 * Each plugin runs in its own process group, with stdin from /dev/null, stdout and stderr on two
 * pipes, the environment the request gives and default signal handling. Plugins are started with
 * vfork and execve rather than posix_spawn: glibc's posix_spawn maps and unmaps a stack, asks for
 * the stack limit and masks signals around every start, which made up a third of the helper's CPU. Output beyond a limit is
 * read and dropped. At its timeout the whole group is killed (SIGKILL to -pgid). A plugin is done
 * when it has been reaped and both pipes are closed, or a short grace after it was reaped when a
 * grandchild still holds a pipe open (the pipes are then closed on it).
 *
 * Usage: watchpost-spawn-helper [--output-limit BYTES] [--error-limit BYTES] [--grace-ms MS]
 *                              [--batch-ms MS]
 *
 * It reads requests on stdin and writes results on stdout in the protocol of protocol.h.
 *
 * Results are written in batches: all plugins that finish in one turn of the loop go out in one
 * write. End of stdin or SIGTERM: every running group is killed, the remaining results are
 * written, the helper exits 0. A malformed request is a bug in the site: message on stderr, exit 2.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "protocol.h"

#define READ_CHUNK 65536
/* Reads per stream per wakeup, so that a plugin printing megabytes cannot starve the others. */
#define READS_PER_WAKEUP 4
#define MAX_EVENTS 256

/* epoll tags: the low two bits of the event data say what the fd is. */
#define TAG_STDOUT 0u
#define TAG_STDERR 1u
#define TAG_CONTROL 2u
#define CONTROL_STDIN 0u
#define CONTROL_OUTPUT 1u
#define CONTROL_SIGNALS 2u

struct job {
  bool used;
  uint32_t generation; /* tells a stale epoll event of a reused slot from a current one */
  uint32_t id;
  pid_t pid; /* the plugin, also its process group; 0 once reaped */
  int fd[2]; /* stdout and stderr read ends; -1 when closed */
  struct buffer kept[2];
  uint8_t flags;
  int wait_status;
  struct rusage usage;
  int64_t start_mono_ns;
  int64_t start_real_us;
  int64_t deadline_ns; /* the timeout; INT64_MAX once killed */
  int64_t grace_end_ns; /* set when reaped with a pipe still open; 0 otherwise */
};

static struct {
  size_t limit[2]; /* bytes kept of stdout, stderr */
  int64_t grace_ns;
  int64_t batch_ns; /* shortest time between two turns of the loop that had work */
  int epoll_fd;
  int signal_fd;
  int devnull_fd;
  const char *path; /* the helper's PATH, where programs without a slash are looked up */
  struct job *jobs;
  size_t job_cap;
  size_t *free_slots;
  size_t free_count;
  size_t live;
  struct buffer input;
  struct buffer output;
  bool input_open;
  bool output_watched;
  bool closing;
} H;

static void fatal(const char *what) {
  fprintf(stderr, "watchpost-spawn-helper: %s\n", what);
  exit(2);
}

static void fatal_errno(const char *what) {
  fprintf(stderr, "watchpost-spawn-helper: %s: %s\n", what, strerror(errno));
  exit(2);
}

static int64_t clock_ns(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static uint64_t tv_us(struct timeval tv) { return (uint64_t)tv.tv_sec * 1000000u + (uint64_t)tv.tv_usec; }

/* Appends one result frame; `message` replaces stderr for a plugin that did not start. */
static void emit_result(const struct job *job, uint8_t how, int32_t value, const char *message) {
  struct result r = {
      .id = job->id,
      .how = how,
      .flags = job->flags,
      .value = value,
      .start_us = job->start_real_us,
      .end_us = job->start_real_us + (clock_ns(CLOCK_MONOTONIC) - job->start_mono_ns) / 1000,
      .user_cpu_us = tv_us(job->usage.ru_utime),
      .system_cpu_us = tv_us(job->usage.ru_stime),
      .out = job->kept[0].data,
      .out_len = job->kept[0].len,
      .err = message != NULL ? (const void *)message : (const void *)job->kept[1].data,
      .err_len = message != NULL ? strlen(message) : job->kept[1].len,
  };
  put_result(&H.output, &r);
}

static size_t slot_take(void) {
  if (H.free_count == 0) {
    size_t old = H.job_cap;
    size_t cap = old == 0 ? 64 : old * 2;
    struct job *jobs = realloc(H.jobs, cap * sizeof *jobs);
    size_t *slots = realloc(H.free_slots, cap * sizeof *slots);
    if (jobs == NULL || slots == NULL) fatal("out of memory");
    memset(jobs + old, 0, (cap - old) * sizeof *jobs);
    H.jobs = jobs;
    H.free_slots = slots;
    H.job_cap = cap;
    for (size_t i = cap; i > old; i--) H.free_slots[H.free_count++] = i - 1;
  }
  size_t slot = H.free_slots[--H.free_count];
  struct job *job = &H.jobs[slot];
  uint32_t generation = job->generation + 1;
  memset(job, 0, sizeof *job);
  job->generation = generation;
  job->used = true;
  job->fd[0] = job->fd[1] = -1;
  H.live++;
  return slot;
}

static void slot_release(size_t slot) {
  struct job *job = &H.jobs[slot];
  buffer_free(&job->kept[0]);
  buffer_free(&job->kept[1]);
  job->used = false;
  H.free_slots[H.free_count++] = slot;
  H.live--;
}

static uint64_t job_token(size_t slot, uint32_t tag) {
  return (uint64_t)H.jobs[slot].generation << 32 | (uint64_t)slot << 2 | tag;
}

static void close_stream(struct job *job, int stream) {
  if (job->fd[stream] < 0) return;
  close(job->fd[stream]); /* also removes it from the epoll set: nobody else holds this end */
  job->fd[stream] = -1;
}

static void finish(size_t slot) {
  struct job *job = &H.jobs[slot];
  close_stream(job, 0);
  close_stream(job, 1);
  int st = job->wait_status;
  if (WIFSIGNALED(st)) emit_result(job, HOW_SIGNALED, WTERMSIG(st), NULL);
  else emit_result(job, HOW_EXITED, WEXITSTATUS(st), NULL);
  slot_release(slot);
}

static void finish_if_done(size_t slot) {
  struct job *job = &H.jobs[slot];
  if (job->pid == 0 && job->fd[0] < 0 && job->fd[1] < 0) finish(slot);
}

static void kill_group(struct job *job, uint8_t why) {
  if (job->pid == 0) return; /* reaped: the pid may belong to someone else by now */
  job->flags |= why;
  kill(-job->pid, SIGKILL);
  kill(job->pid, SIGKILL); /* in case the plugin moved itself to another group */
  job->deadline_ns = INT64_MAX;
}

static void not_started(uint32_t id, int error) {
  struct job job;
  memset(&job, 0, sizeof job);
  job.id = id;
  job.start_mono_ns = clock_ns(CLOCK_MONOTONIC);
  job.start_real_us = clock_ns(CLOCK_REALTIME) / 1000;
  emit_result(&job, HOW_NOT_STARTED, error, strerror(error));
}

static int watch(int fd, uint32_t events, uint64_t token) {
  struct epoll_event ev = {.events = events, .data.u64 = token};
  return epoll_ctl(H.epoll_fd, EPOLL_CTL_ADD, fd, &ev);
}

static int nonblocking(int fd) {
  int flags = fcntl(fd, F_GETFL);
  return flags < 0 ? -1 : fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

/* Set by a vfork child that could not exec (it shares our memory until then). */
static volatile int exec_error;

/*
 * The program of a vfork child: only system calls, no allocation, then execve or _exit. Signal
 * handlers are reset by execve; the signals the helper ignores, and its blocked mask, are not.
 * Without a slash the program is looked up in PATH as posix_spawnp does (no shell for a file
 * that is not executable: ENOEXEC is the answer).
 */
static void exec_child(int out, int err, char **argv, char **envp) {
  setpgid(0, 0);
  signal(SIGINT, SIG_DFL);
  signal(SIGHUP, SIG_DFL);
  signal(SIGPIPE, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  if (dup2(H.devnull_fd, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) {
    exec_error = errno;
    _exit(127);
  }
  const char *file = argv[0];
  if (file[0] == '\0') {
    exec_error = ENOENT;
    _exit(127);
  }
  if (strchr(file, '/') != NULL) {
    execve(file, argv, envp);
    exec_error = errno;
    _exit(127);
  }
  size_t file_len = strlen(file);
  char candidate[PATH_MAX];
  int error = ENOENT;
  bool denied = false;
  for (const char *dir = H.path;; dir++) {
    const char *end = strchr(dir, ':');
    size_t dir_len = end == NULL ? strlen(dir) : (size_t)(end - dir);
    /* An empty entry is the current directory. */
    size_t prefix = dir_len == 0 ? 0 : dir_len + 1;
    if (prefix + file_len < sizeof candidate) {
      memcpy(candidate, dir, dir_len);
      if (dir_len > 0) candidate[dir_len] = '/';
      memcpy(candidate + prefix, file, file_len + 1);
      execve(candidate, argv, envp);
      error = errno;
      if (error == EACCES) denied = true;
      else if (error != ENOENT && error != ENOTDIR && error != ESTALE && error != ENODEV && error != ETIMEDOUT)
        break; /* found, but it cannot run: that is the answer */
    }
    if (end == NULL) break;
    dir = end;
  }
  exec_error = denied && (error == ENOENT || error == ENOTDIR) ? EACCES : error;
  _exit(127);
}

static void start_job(uint32_t id, uint32_t timeout_ms, char **argv, char **envp) {
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) != 0) {
    not_started(id, errno);
    return;
  }
  if (pipe2(err, O_CLOEXEC) != 0) {
    int e = errno;
    close(out[0]);
    close(out[1]);
    not_started(id, e);
    return;
  }
  int64_t start_mono = clock_ns(CLOCK_MONOTONIC);
  int64_t start_real_us = clock_ns(CLOCK_REALTIME) / 1000;
  exec_error = 0;
  pid_t pid = vfork();
  if (pid == 0) exec_child(out[1], err[1], argv, envp);
  int rc = pid < 0 ? errno : exec_error;
  close(out[1]);
  close(err[1]);
  if (rc != 0) {
    if (pid > 0) waitpid(pid, NULL, 0); /* it has exited already: vfork returns after that */
    close(out[0]);
    close(err[0]);
    not_started(id, rc);
    return;
  }
  size_t slot = slot_take();
  struct job *job = &H.jobs[slot];
  job->id = id;
  job->pid = pid;
  job->start_mono_ns = start_mono;
  job->start_real_us = start_real_us;
  job->deadline_ns = start_mono + (int64_t)timeout_ms * 1000000;
  int fds[2] = {out[0], err[0]};
  for (int s = 0; s < 2; s++) {
    job->fd[s] = fds[s];
    /* The read ends stay blocking: read_stream reads only what epoll says is there. */
    if (watch(fds[s], EPOLLIN, job_token(slot, (uint32_t)s)) != 0) {
      /* Without a watch the stream cannot be read: give it up rather than block on it. */
      close_stream(job, s);
    }
  }
  if (H.closing) kill_group(job, FLAG_CANCELLED);
}

static void keep_output(struct job *job, int stream, const unsigned char *bytes, size_t n) {
  struct buffer *b = &job->kept[stream];
  size_t room = H.limit[stream] > b->len ? H.limit[stream] - b->len : 0;
  size_t take = n < room ? n : room;
  if (take > 0) buffer_append(b, bytes, take);
  if (take < n) job->flags |= stream == 0 ? FLAG_STDOUT_TRUNCATED : FLAG_STDERR_TRUNCATED;
}

/*
 * Reads a stream epoll reported. The pipe is blocking (one fcntl fewer per stream), so only reads
 * that cannot block are made: one while the plugin side may still be open, several once every
 * writer has closed it (EPOLLHUP), when a read returns at once with data or end of file.
 */
static void read_stream(size_t slot, int stream, bool hung_up) {
  static unsigned char chunk[READ_CHUNK];
  struct job *job = &H.jobs[slot];
  int rounds = hung_up ? READS_PER_WAKEUP : 1;
  for (int round = 0; round < rounds && job->fd[stream] >= 0; round++) {
    ssize_t n = read(job->fd[stream], chunk, sizeof chunk);
    if (n > 0) {
      keep_output(job, stream, chunk, (size_t)n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) break;
    close_stream(job, stream); /* end of file, or an error that will not go away */
  }
  finish_if_done(slot);
}

static size_t find_pid(pid_t pid) {
  for (size_t i = 0; i < H.job_cap; i++)
    if (H.jobs[i].used && H.jobs[i].pid == pid) return i;
  return SIZE_MAX;
}

static size_t find_id(uint32_t id) {
  for (size_t i = 0; i < H.job_cap; i++)
    if (H.jobs[i].used && H.jobs[i].id == id) return i;
  return SIZE_MAX;
}

static void reap(void) {
  for (;;) {
    int status = 0;
    struct rusage usage;
    pid_t pid = wait4(-1, &status, WNOHANG, &usage);
    if (pid < 0 && errno == EINTR) continue;
    if (pid <= 0) return;
    size_t slot = find_pid(pid);
    if (slot == SIZE_MAX) continue;
    struct job *job = &H.jobs[slot];
    job->pid = 0;
    job->wait_status = status;
    job->usage = usage;
    job->grace_end_ns = clock_ns(CLOCK_MONOTONIC) + H.grace_ns;
    finish_if_done(slot);
  }
}

static void begin_closing(void) {
  H.closing = true;
  for (size_t i = 0; i < H.job_cap; i++)
    if (H.jobs[i].used) kill_group(&H.jobs[i], FLAG_CANCELLED);
}

static void on_signals(void) {
  struct signalfd_siginfo info;
  while (read(H.signal_fd, &info, sizeof info) == (ssize_t)sizeof info) {
    if (info.ssi_signo == SIGTERM) {
      if (H.input_open) {
        epoll_ctl(H.epoll_fd, EPOLL_CTL_DEL, STDIN_FILENO, NULL);
        H.input_open = false;
      }
      begin_closing();
    }
  }
  reap(); /* SIGCHLD signals coalesce: reap everything that has ended */
}

static void handle_request(const unsigned char *body, uint32_t len) {
  struct request request;
  const char *problem = parse_request(body, len, &request);
  if (problem != NULL) {
    fprintf(stderr, "watchpost-spawn-helper: protocol error: %s\n", problem);
    exit(2);
  }
  if (request.type == REQUEST_RUN) {
    start_job(request.id, request.timeout_ms, request.argv, request.envp);
    free(request.argv);
    return;
  }
  size_t slot = find_id(request.id);
  if (slot == SIZE_MAX) return; /* finished already: its result is on the way */
  struct job *job = &H.jobs[slot];
  if (job->pid != 0) {
    kill_group(job, FLAG_CANCELLED);
  } else {
    job->flags |= FLAG_CANCELLED;
    finish(slot);
  }
}

static void on_input(void) {
  for (;;) {
    buffer_reserve(&H.input, READ_CHUNK);
    ssize_t n = read(STDIN_FILENO, H.input.data + H.input.len, H.input.cap - H.input.len);
    if (n > 0) {
      H.input.len += (size_t)n;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) break;
    /* End of input: the site is stopping or gone. */
    epoll_ctl(H.epoll_fd, EPOLL_CTL_DEL, STDIN_FILENO, NULL);
    H.input_open = false;
    break;
  }
  size_t at = 0;
  while (H.input.len - at >= 4) {
    uint32_t len = get_u32(H.input.data + at);
    if (len > MAX_REQUEST_BYTES) fatal("protocol error: request frame too large");
    if (H.input.len - at - 4 < len) break;
    handle_request(H.input.data + at + 4, len);
    at += 4 + (size_t)len;
  }
  buffer_consume(&H.input, at);
  if (!H.input_open) begin_closing();
}

/* Writes what is pending; a slow reader makes the helper watch stdout instead of blocking. */
static void flush_output(void) {
  size_t at = 0;
  while (at < H.output.len) {
    ssize_t n = write(STDOUT_FILENO, H.output.data + at, H.output.len - at);
    if (n > 0) {
      at += (size_t)n;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) break;
    /* The site is gone: nobody will read a result any more. */
    begin_closing();
    H.output.len = 0;
    return;
  }
  buffer_consume(&H.output, at);
  bool want = H.output.len > 0;
  if (want != H.output_watched) {
    struct epoll_event ev = {.events = EPOLLOUT, .data.u64 = (uint64_t)CONTROL_OUTPUT << 2 | TAG_CONTROL};
    epoll_ctl(H.epoll_fd, want ? EPOLL_CTL_ADD : EPOLL_CTL_DEL, STDOUT_FILENO, &ev);
    H.output_watched = want;
  }
}

/* Kills the groups past their timeout, closes pipes past their grace; returns the next wake-up. */
static int64_t expire(int64_t now) {
  int64_t next = INT64_MAX;
  for (size_t i = 0; i < H.job_cap; i++) {
    struct job *job = &H.jobs[i];
    if (!job->used) continue;
    if (job->pid != 0) {
      if (job->deadline_ns <= now) kill_group(job, FLAG_TIMED_OUT);
      if (job->deadline_ns < next) next = job->deadline_ns;
    } else if (job->grace_end_ns <= now) {
      job->flags |= FLAG_GRACE_CLOSED;
      finish(i);
    } else if (job->grace_end_ns < next) {
      next = job->grace_end_ns;
    }
  }
  return next;
}

static size_t size_option(const char *text, const char *name) {
  char *end = NULL;
  errno = 0;
  unsigned long long v = strtoull(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || v > UINT32_MAX) {
    fprintf(stderr, "watchpost-spawn-helper: %s needs a whole number, not '%s'\n", name, text);
    exit(2);
  }
  return (size_t)v;
}

static void parse_options(int argc, char **argv) {
  H.limit[0] = 64 * 1024;
  H.limit[1] = 4 * 1024;
  H.grace_ns = 200 * 1000000LL;
  for (int i = 1; i < argc; i += 2) {
    if (i + 1 >= argc) fatal("every option needs a value");
    if (strcmp(argv[i], "--output-limit") == 0) H.limit[0] = size_option(argv[i + 1], argv[i]);
    else if (strcmp(argv[i], "--error-limit") == 0) H.limit[1] = size_option(argv[i + 1], argv[i]);
    else if (strcmp(argv[i], "--grace-ms") == 0) H.grace_ns = (int64_t)size_option(argv[i + 1], argv[i]) * 1000000;
    else if (strcmp(argv[i], "--batch-ms") == 0) H.batch_ns = (int64_t)size_option(argv[i + 1], argv[i]) * 1000000;
    else {
      fprintf(stderr, "watchpost-spawn-helper: unknown option '%s'\n", argv[i]);
      exit(2);
    }
  }
}

static void set_up(void) {
  /* Hundreds of plugins at once need two descriptors each. */
  struct rlimit files;
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }
  /* SIGINT from the terminal is for the site, which then closes our stdin. */
  signal(SIGINT, SIG_IGN);
  signal(SIGHUP, SIG_IGN);
  signal(SIGPIPE, SIG_IGN);
  sigset_t handled;
  sigemptyset(&handled);
  sigaddset(&handled, SIGCHLD);
  sigaddset(&handled, SIGTERM);
  if (sigprocmask(SIG_BLOCK, &handled, NULL) != 0) fatal_errno("sigprocmask");
  H.signal_fd = signalfd(-1, &handled, SFD_NONBLOCK | SFD_CLOEXEC);
  if (H.signal_fd < 0) fatal_errno("signalfd");
  H.devnull_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (H.devnull_fd < 0) fatal_errno("open /dev/null");
  H.epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  if (H.epoll_fd < 0) fatal_errno("epoll_create1");
  if (nonblocking(STDIN_FILENO) != 0 || nonblocking(STDOUT_FILENO) != 0) fatal_errno("O_NONBLOCK on stdin/stdout");
  if (watch(STDIN_FILENO, EPOLLIN, (uint64_t)CONTROL_STDIN << 2 | TAG_CONTROL) != 0) fatal_errno("epoll stdin");
  if (watch(H.signal_fd, EPOLLIN, (uint64_t)CONTROL_SIGNALS << 2 | TAG_CONTROL) != 0) fatal_errno("epoll signals");
  H.input_open = true;

  const char *path = getenv("PATH");
  /* Where execvp looks without a PATH. */
  H.path = path != NULL ? path : "/bin:/usr/bin";

  put_greeting(&H.output);
}

static void dispatch(uint64_t token, uint32_t events) {
  uint32_t tag = (uint32_t)(token & 3u);
  size_t slot = (size_t)((token >> 2) & 0x3fffffffu);
  if (tag == TAG_CONTROL) {
    if (slot == CONTROL_STDIN) on_input();
    else if (slot == CONTROL_SIGNALS) on_signals();
    /* CONTROL_OUTPUT: flushed at the end of the turn anyway */
    return;
  }
  if (slot >= H.job_cap) return;
  struct job *job = &H.jobs[slot];
  if (!job->used || job->generation != (uint32_t)(token >> 32)) return;
  read_stream(slot, (int)tag, (events & (EPOLLHUP | EPOLLERR)) != 0);
}

/*
 * After a turn with work, waits out the rest of the batch time (never past the next timeout), so
 * that the next turn finds several events and the site gets several results in one write. A
 * wake-up costs tens of microseconds on a small virtual machine, more than the work of one
 * event: batching is what keeps the CPU per check low at low rates.
 */
static void pause_for_batch(int64_t turn, int64_t next) {
  int64_t until = turn + H.batch_ns;
  if (next < until) until = next;
  int64_t wait = until - clock_ns(CLOCK_MONOTONIC);
  if (wait <= 0) return;
  struct timespec ts = {.tv_sec = wait / 1000000000, .tv_nsec = wait % 1000000000};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

int main(int argc, char **argv) {
  parse_options(argc, argv);
  set_up();
  struct epoll_event events[MAX_EVENTS];
  int64_t next = INT64_MAX;
  for (;;) {
    flush_output();
    if (!H.input_open && H.live == 0 && H.output.len == 0) return 0;
    int64_t now = clock_ns(CLOCK_MONOTONIC);
    int wait_ms = -1;
    if (next != INT64_MAX) {
      int64_t ms = next <= now ? 0 : (next - now + 999999) / 1000000;
      wait_ms = ms > INT_MAX ? INT_MAX : (int)ms;
    }
    int n = epoll_wait(H.epoll_fd, events, MAX_EVENTS, wait_ms);
    if (n < 0 && errno != EINTR) fatal_errno("epoll_wait");
    int64_t turn = clock_ns(CLOCK_MONOTONIC);
    for (int i = 0; i < n; i++) dispatch(events[i].data.u64, events[i].events);
    next = expire(clock_ns(CLOCK_MONOTONIC));
    if (n > 0 && H.batch_ns > 0) pause_for_batch(turn, next);
  }
}
