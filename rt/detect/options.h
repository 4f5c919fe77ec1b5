/*
 * rt/detect/options.h -- RACELENS_OPTIONS, the detector's run-time knobs,
 * named after TSan's so that users can guess them:
 *   exitcode=N          exit status when races (or potential deadlocks)
 *                       were found (default 66)
 *   halt_on_error=1     stop the program at the first race
 *   detect_deadlocks=0  do not follow lock orders (lock_order.c)
 * Options are separated by ':' (as in TSAN_OPTIONS) or spaces or commas.
 */
#ifndef RL_OPTIONS_H
#define RL_OPTIONS_H

#include <stdbool.h>

typedef struct rl_options {
  int exitcode;
  bool halt_on_error;
  bool detect_deadlocks;
} rl_options_t;

extern rl_options_t rl_opts;

/* Reads the environment; a malformed option is a one-line error, exit 2. */
void rl_options_load(void);

#endif /* RL_OPTIONS_H */
