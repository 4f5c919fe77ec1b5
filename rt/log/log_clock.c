/*
 * rt/log/log_clock.c -- when an event happened, as cheaply as the machine
 * allows.
 *
 * Every sync event carries a timestamp, and on a sync-heavy program
 * reading CLOCK_MONOTONIC (25-30 ns through the vDSO on a virtual
 * machine) was the biggest single thing the log added to an event.  A CPU
 * with an invariant TSC counts at a constant rate whatever its power
 * state, and reading it costs half as much.  So events carry TSC ticks,
 * and the log keeps readings of both clocks taken at the same instant:
 * one when the run starts (runs.clock_tick, clock_ns) and one with every
 * pack (event_packs.tick, ns).  Unpacking turns ticks into nanoseconds of
 * CLOCK_MONOTONIC along the line through the run's first and last
 * readings, so every timestamp in the database is on the one clock, as
 * docs/schema.md says.  Without an invariant TSC the log's clock is
 * CLOCK_MONOTONIC itself, and the readings make that line the identity.
 */
#include <stdbool.h>
#include <time.h>

#include "log_int.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <x86intrin.h>

static bool use_tsc;

void rl_log_clock_init(void) {
  unsigned a, b, c, d;
  use_tsc = __get_cpuid(0x80000007, &a, &b, &c, &d) && (d & (1u << 8));
}
#else
static const bool use_tsc = false;
void rl_log_clock_init(void) {}
static inline uint64_t __rdtsc(void) {
  return 0;
}
#endif

static uint64_t monotonic_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t rl_log_stamp(void) {
  if (!atomic_load_explicit(&rl_log_on, memory_order_relaxed))
    return 0;
  return use_tsc ? __rdtsc() : monotonic_ns();
}

void rl_log_clock_reading(uint64_t *tick, uint64_t *ns) {
  if (!use_tsc) {
    *tick = *ns = monotonic_ns();
    return;
  }
  /* The ticks around the nanoseconds: their middle is the instant. */
  uint64_t before = __rdtsc();
  *ns = monotonic_ns();
  *tick = before + (__rdtsc() - before) / 2;
}
