/*
 * rt/detect/tests/verdict_driver.h -- runs the scenarios of an intercept_*
 * verdict test, each in a child process, and compares the child's exit
 * status with the verdict a user would see: 66 when racelens found a
 * race, 0 when not.  A child per scenario keeps one scenario's shadow and
 * clocks out of the next, and lets the runtime's exit handler speak.
 *
 * The including file defines `sites` (its site table) before including
 * this; `verdict_main` takes the scenario table and the source name the
 * sites claim.  Scenarios marked no_tsan are skipped in the
 * ThreadSanitizer flavour of the test (where TSan itself cannot run them).
 */
#ifndef RL_VERDICT_DRIVER_H
#define RL_VERDICT_DRIVER_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "abi.h"
#include "test_check.h"

struct scenario {
  const char *name;
  void (*run)(void);
  int want;     /* exit status */
  bool no_tsan; /* skipped under ThreadSanitizer */
};

static int verdict_child(const struct scenario *s, const char *source) {
  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    exit(2);
  }
  if (pid == 0) {
    rl_module_t m = {.abi_version = RL_ABI_VERSION,
                     .sites = sites,
                     .nsites = sizeof sites / sizeof sites[0],
                     .source = source};
    __rl_register_module(&m);
    s->run();
    exit(0); /* the runtime's exit handler turns races into 66 */
  }
  int st;
  if (waitpid(pid, &st, 0) < 0)
    return -1;
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Runs every scenario, or only the one named by argv[1]. */
static int verdict_main(const struct scenario *v, size_t n, int argc,
                        char **argv, const char *source) {
  int failures = 0;
  for (size_t i = 0; i < n; i++) {
    const struct scenario *s = &v[i];
    if (argc > 1 && strcmp(argv[1], s->name) != 0)
      continue;
    if (UNDER_TSAN && s->no_tsan) {
      fprintf(stderr, "skip %s (under ThreadSanitizer)\n", s->name);
      continue;
    }
    int got = verdict_child(s, source);
    if (got != s->want) {
      fprintf(stderr, "FAIL %s: exit %d, want %d (%s)\n", s->name, got, s->want,
              s->want ? "a race" : "no race");
      failures++;
    } else {
      fprintf(stderr, "ok   %s\n", s->name);
    }
  }
  return failures ? 1 : 0;
}

#endif /* RL_VERDICT_DRIVER_H */
