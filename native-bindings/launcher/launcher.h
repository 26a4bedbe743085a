/*
 * mesos-containerizer-launcher: a small resident process that starts the
 * init stub for a Node process, so that a launch does not fork Node (a fork
 * copies the caller's page tables: its cost grows with the caller's heap).
 * Node starts it once; each request carries the stub's argv and, with
 * SCM_RIGHTS, the fds the stub gets; the launcher posix_spawn()s the stub
 * (a vfork: nothing of this small process is copied either) and answers
 * with its pid, and later with its wait status once it reaped it.
 *
 *   fd 0  requests (a unix stream socket; EOF: the caller is done)
 *   fd 1  answers (a pipe or socket to the caller)
 *   fd 2  the caller's stderr, for a last word
 *
 * It dies with its caller (PR_SET_PDEATHSIG), and so does any stub tied to
 * it with --die-with-parent. The wire format is shared with
 * src/launcher/launcher-protocol.ts: native byte order, one machine.
 */
#ifndef MESOS_LAUNCHER_H
#define MESOS_LAUNCHER_H

#include <stdint.h>
#include <sys/types.h>

#define LAUNCHER_MAGIC 0x4d434c52u /* "MCLR" */
#define LAUNCHER_MAX_FDS 16
#define LAUNCHER_MAX_PAYLOAD (1u << 20)

/* Request flags. */
#define LAUNCH_NEW_SESSION 1u

struct launch_request_header {
  uint32_t magic;
  uint32_t id;
  uint32_t flags;
  uint32_t nfds;        /* fds in the SCM_RIGHTS message, in target order */
  uint32_t argc;
  uint32_t payload_len; /* nfds int32 targets, then argc NUL-terminated strings (program path first) */
};

enum answer_kind { ANSWER_STARTED = 1, ANSWER_FAILED = 2, ANSWER_REAPED = 3 };

/* STARTED: id, pid. FAILED: id, errno. REAPED: pid, wait status. */
struct launcher_answer {
  uint32_t kind;
  uint32_t id;
  int32_t pid;
  int32_t value;
};

/* spawn.c: the request's stub, started; returns its pid or -errno. */
pid_t spawn_request(const struct launch_request_header *header, const char *payload, const int *fds, int devnull);

#endif
