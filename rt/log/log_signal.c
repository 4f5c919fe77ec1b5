/*
 * rt/log/log_signal.c -- fatal signals end the run in the database before
 * the process dies.
 *
 * The handler does not touch SQLite: rl_log_end stops new records, asks
 * the writer thread (which blocks every signal, so it is never the one
 * interrupted) to write what each thread has published, and waits for it
 * with a timeout.  Then the default action is restored and the signal
 * raised again, so the exit status the shell sees is the real one.
 *
 * Handlers are installed only where the disposition is still the
 * default: a program (or the runtime) that handles a signal itself keeps
 * its handler.  The alternate stack lets the handler run after a stack
 * overflow on the thread that initialised the log (usually main).
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "log_int.h"

/* Every signal whose default action ends the process (signal(7): "Term"
 * and "Core"), but SIGKILL, which cannot be caught: a program piped into
 * `head` dies of SIGPIPE, a closed terminal sends SIGHUP, a watchdog
 * alarm() SIGALRM, and each of them must leave the run whole as much as a
 * crash does.  The real-time signals end it too (below). */
static const int fatal_signals[] = {
    SIGHUP,    SIGINT,  SIGQUIT,   SIGILL,  SIGTRAP, SIGABRT, SIGBUS,
    SIGFPE,    SIGUSR1, SIGSEGV,   SIGUSR2, SIGPIPE, SIGALRM, SIGTERM,
    SIGXCPU,   SIGXFSZ, SIGVTALRM, SIGPROF, SIGIO,   SIGSYS,
#ifdef SIGSTKFLT
    SIGSTKFLT,
#endif
#ifdef SIGPWR
    SIGPWR,
#endif
};
#define NFATAL (sizeof fatal_signals / sizeof *fatal_signals)

/* fatal_signals and the real-time ones. */
static void fatal_set(sigset_t *set) {
  sigemptyset(set);
  for (size_t i = 0; i < NFATAL; i++)
    sigaddset(set, fatal_signals[i]);
  for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
    sigaddset(set, sig);
}

/* Far longer than writing a full backlog takes (8 MiB of records, about
 * a second), short enough that a stuck database does not keep a dying
 * program around. */
#define RL_SIGNAL_END_TIMEOUT_MS 30000

static void on_fatal(int sig) {
  int saved = errno;
  rl_log_end_within("signal", 128 + sig, sig, rl_writer_races_seen(),
                    RL_SIGNAL_END_TIMEOUT_MS);
  struct sigaction dfl;
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  sigaction(sig, &dfl, NULL);
  errno = saved;
  /* Pending until the handler returns (sig is blocked here); a fault
   * that repeats on return is killed by the default action as well. */
  raise(sig);
}

void rl_log_signals_install(void) {
  stack_t ss, old;
  if (sigaltstack(NULL, &old) == 0 && (old.ss_flags & SS_DISABLE)) {
    ss.ss_size = 64 * 1024;
    ss.ss_sp = malloc(ss.ss_size);
    ss.ss_flags = 0;
    if (ss.ss_sp && sigaltstack(&ss, NULL) != 0)
      free(ss.ss_sp);
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_fatal;
  sa.sa_flags = SA_ONSTACK;
  fatal_set(&sa.sa_mask);
  /* Only where the disposition is still the default (file comment). */
  for (int sig = 1; sig < NSIG; sig++) {
    struct sigaction cur;
    if (sigismember(&sa.sa_mask, sig) == 1 && sigaction(sig, NULL, &cur) == 0 &&
        !(cur.sa_flags & SA_SIGINFO) && cur.sa_handler == SIG_DFL)
      sigaction(sig, &sa, NULL);
  }
}
