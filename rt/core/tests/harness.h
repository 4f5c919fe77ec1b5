/*
 * rt/core/tests/harness.h -- the runtime tests' few helpers: CHECK with a
 * message that says what went wrong, iteration counts scaled down under
 * ThreadSanitizer (about ten times slower), and running this same test
 * binary as a child process to check what a panicking or deadlocking
 * program prints and how it exits.
 */
#ifndef RT_TESTS_HARNESS_H
#define RT_TESTS_HARNESS_H

#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "racelens/go.h"

#include "test_check.h"

/* n, or n/10 (at least 1) under TSan. */
static inline long scaled(long n) {
  return UNDER_TSAN ? (n / 10 > 0 ? n / 10 : 1) : n;
}

static inline double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

typedef struct child {
  int status; /* exit status, or 128+signal */
  char out[16384];
  char err[16384];
} child_t;

static inline void read_all(int fd, char *buf, size_t cap) {
  size_t n = 0;
  ssize_t r;
  while ((r = read(fd, buf + n, cap - 1 - n)) > 0 || (r < 0 && errno == EINTR))
    if (r > 0)
      n += (size_t)r;
  buf[n] = 0;
}

/* Runs `<this test> child <mode>` and collects its output and status. */
static inline child_t *run_child(const char *mode) {
  static child_t c;
  int out[2], err[2];
  if (pipe(out) || pipe(err)) {
    perror("pipe");
    exit(1);
  }
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    dup2(err[1], 2);
    close(out[0]);
    close(err[0]);
    execl("/proc/self/exe", "child", "child", mode, (char *)NULL);
    _exit(127);
  }
  close(out[1]);
  close(err[1]);
  /* stderr is small in every mode; read stdout to the end first. */
  read_all(out[0], c.out, sizeof c.out);
  read_all(err[0], c.err, sizeof c.err);
  close(out[0]);
  close(err[0]);
  int st;
  waitpid(pid, &st, 0);
  c.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  return &c;
}

/* The child's stderr contains `want`. */
#define CHECK_CHILD(mode, want_status, want)                                   \
  do {                                                                         \
    child_t *c_ = run_child(mode);                                             \
    CHECK(c_->status == (want_status) && strstr(c_->err, want),                \
          "child '%s': want status %d and stderr containing \"%s\"; got "      \
          "status %d, stderr:\n%s",                                            \
          mode, want_status, want, c_->status, c_->err);                       \
  } while (0)

#endif /* RT_TESTS_HARNESS_H */
