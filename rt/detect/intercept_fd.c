/*
 * rt/detect/intercept_fd.c -- read, write, pread, pwrite on descriptors,
 * and the calls that make and end the descriptors they order: pipe,
 * pipe2, socketpair, dup, dup2, dup3, close.
 *
 * Two duties.  The bytes: read() fills the caller's buffer and write()
 * reads it, inside the kernel, as in intercept_stdio.c.  The order: a
 * byte read from a pipe was written before it was read, so everything
 * the writer did before its write() happens before everything the reader
 * does after its read().  Programs use that -- a pipe as a wake-up or a
 * work queue -- and ThreadSanitizer knows it; without it, the data handed
 * over that way would be reported as a race.
 *
 * The detector cannot tell which write a read got, so, as TSan does, a
 * write releases into the clock of the descriptor's channel and a read
 * acquires all that was released there.  The two ends of a pipe or a
 * socket pair share one channel (the first end's slot), and so does a
 * descriptor dup'd from one with the one it copies (as in TSan: it is
 * the same open file); any other descriptor is its own.  close() gives
 * the number a fresh channel for whatever is opened at it next.
 */
#define _GNU_SOURCE /* pipe2 */
#include <stdatomic.h>
#include <sys/socket.h>
#include <unistd.h>

#include "intercept_common.h"

enum { FD_SLOTS = 4096 }; /* descriptors past this order nothing */

/* The address whose clock (rl_clock_at) is the channel's; one byte each. */
static char slot[FD_SLOTS];
/* 0: the descriptor is its own channel; else 1 + the descriptor whose
 * slot it shares (the other end of its pipe). */
static _Atomic int shares[FD_SLOTS];

/* The slot of fd's channel, -1 for a descriptor past FD_SLOTS. */
static int slot_of(int fd) {
  if (fd < 0 || fd >= FD_SLOTS)
    return -1;
  int s = atomic_load_explicit(&shares[fd], memory_order_acquire);
  return s ? s - 1 : fd;
}

static const void *channel(int fd) {
  int s = slot_of(fd);
  return s < 0 ? NULL : &slot[s];
}

static void fresh(int fd, int share_with, const rl_site_t *site) {
  if (fd < 0 || fd >= FD_SLOTS)
    return;
  if (share_with < 0) {
    rl_icpt_new_object(&slot[fd], 1, RL_OBJ_FD, site);
    atomic_store_explicit(&shares[fd], 0, memory_order_release);
  } else {
    atomic_store_explicit(&shares[fd], share_with + 1, memory_order_release);
  }
}

/* A new pair of connected descriptors in sv (pipe, socketpair). */
static void paired(int *sv, const rl_site_t *site) {
  rl_icpt_wrote(sv, 2 * sizeof *sv, site);
  fresh(sv[0], -1, site);
  if (sv[0] >= 0 && sv[0] < FD_SLOTS)
    fresh(sv[1], sv[0], site);
  else
    fresh(sv[1], -1, site);
}

static void written(int fd, const rl_site_t *site) {
  const void *c = channel(fd);
  if (c && rl_enabled)
    rl_icpt_release(c, RL_EV_FD_WRITE, RL_OBJ_FD, site);
}

static void got(int fd, ssize_t r, const rl_site_t *site) {
  const void *c = channel(fd);
  if (c && r >= 0 && rl_enabled)
    rl_icpt_acquire(c, RL_EV_FD_READ, RL_OBJ_FD, site, 0);
}

/* The bytes a call moved: none when it failed (r < 0). */
static size_t moved(ssize_t r) {
  return r > 0 ? (size_t)r : 0;
}

ssize_t __rl_read(int fd, void *p, size_t n, rl_site_t *site) {
  ssize_t r = read(fd, p, n);
  got(fd, r, site);
  rl_icpt_wrote(p, moved(r), site);
  return r;
}

ssize_t __rl_pread(int fd, void *p, size_t n, off_t off, rl_site_t *site) {
  ssize_t r = pread(fd, p, n, off);
  got(fd, r, site);
  rl_icpt_wrote(p, moved(r), site);
  return r;
}

/* The release comes first: once the bytes are in the kernel, the reader
 * may already have them. */
ssize_t __rl_write(int fd, const void *p, size_t n, rl_site_t *site) {
  written(fd, site);
  ssize_t r = write(fd, p, n);
  rl_icpt_read(p, moved(r), site);
  return r;
}

ssize_t __rl_pwrite(int fd, const void *p, size_t n, off_t off,
                    rl_site_t *site) {
  written(fd, site);
  ssize_t r = pwrite(fd, p, n, off);
  rl_icpt_read(p, moved(r), site);
  return r;
}

int __rl_pipe(int sv[2], rl_site_t *site) {
  int r = pipe(sv);
  if (r == 0 && rl_enabled)
    paired(sv, site);
  return r;
}

int __rl_pipe2(int sv[2], int flags, rl_site_t *site) {
  int r = pipe2(sv, flags);
  if (r == 0 && rl_enabled)
    paired(sv, site);
  return r;
}

int __rl_socketpair(int domain, int type, int proto, int sv[2],
                    rl_site_t *site) {
  int r = socketpair(domain, type, proto, sv);
  if (r == 0 && rl_enabled)
    paired(sv, site);
  return r;
}

/* A copy is the same open file as its original: it shares its channel. */
static int copied(int from, int to, const rl_site_t *site) {
  if (to >= 0 && rl_enabled)
    fresh(to, slot_of(from), site);
  return to;
}

int __rl_dup(int fd, rl_site_t *site) {
  return copied(fd, dup(fd), site);
}

int __rl_dup2(int fd, int to, rl_site_t *site) {
  return copied(fd, dup2(fd, to), site);
}

int __rl_dup3(int fd, int to, int flags, rl_site_t *site) {
  return copied(fd, dup3(fd, to, flags), site);
}

int __rl_close(int fd, rl_site_t *site) {
  if (rl_enabled)
    fresh(fd, -1, site);
  return close(fd);
}

RL_FP_TWIN3(ssize_t, read, int, void *, size_t)
RL_FP_TWIN3(ssize_t, write, int, const void *, size_t)
RL_FP_TWIN4(ssize_t, pread, int, void *, size_t, off_t)
RL_FP_TWIN4(ssize_t, pwrite, int, const void *, size_t, off_t)
RL_FP_TWIN1(int, pipe, int *)
RL_FP_TWIN2(int, pipe2, int *, int)
RL_FP_TWIN4(int, socketpair, int, int, int, int *)
RL_FP_TWIN1(int, close, int)
RL_FP_TWIN1(int, dup, int)
RL_FP_TWIN2(int, dup2, int, int)
RL_FP_TWIN3(int, dup3, int, int, int)
