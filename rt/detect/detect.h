/*
 * rt/detect/detect.h -- what the detector offers the rest of rt/ beyond the
 * public seam of rt/track.h: the current goroutine's state, plain-access
 * checking of any size, and the "forget this memory" hooks that heap and
 * stack reuse need.
 *
 * Why a separate header: rt/track.h is the contract with rt/core and speaks
 * only of events and clocks.  The interceptors (malloc/free, memcpy-like
 * calls, threads created behind our back) need to poke at shadow memory and
 * at the goroutine state directly, and they are inside the detector's
 * trust boundary, so they get these few functions and nothing more.
 *
 * Every function here is a no-op (or returns 0/NULL) when detection is off
 * (rl_enabled == 0), so callers need not test it.
 */
#ifndef RL_DETECT_H
#define RL_DETECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../track.h"

/* The per-goroutine detector state (thread.h has the inside; the rest of
 * rt/ treats it as opaque). */
typedef struct rl_thread rl_thread_t;

/* The calling goroutine's state.  A thread the runtime did not start (a
 * pthread created by uninstrumented code, a library's helper thread) gets
 * a fresh goroutine id lazily, ordered after nothing but process start. */
rl_thread_t *rl_cur(void);

/* Checks and records a plain access of n bytes at addr by the calling
 * goroutine: reports a race when it conflicts with an unordered access.
 * Any size and alignment (memcpy, struct copies, free's whole-block write). */
void rl_access_range(const void *addr, size_t n, bool is_write,
                     const rl_site_t *site);

/* Memory libc keeps for the whole program and hands to every caller (the
 * struct tm of localtime, strtok's position): intercept_static.c names
 * it, so that a race on it reads as what it is.  rl_static_name returns
 * the name of the block holding addr, or NULL. */
void rl_static_note(const void *addr, size_t n, const char *name);
const char *rl_static_name(uintptr_t addr);

/* Forgets every access ever recorded for [addr, addr+n): a fresh heap block
 * or a new goroutine's stack must not race with the memory's previous life. */
void rl_shadow_reset(const void *addr, size_t n);

/* [addr, addr+n), a fresh heap block, is big enough to be used densely
 * (an array, a matrix): its shadow chunks get huge pages where the kernel
 * offers them (shadow.c). */
void rl_shadow_dense(const void *addr, size_t n);

/* Drops the sync clocks (rl_clock_at) of addresses in [addr, addr+n), for
 * free(): a later object at the same address starts unsynchronised. */
void rl_sync_forget_range(const void *addr, size_t n);

/* The calling goroutine's current call-stack node (0: no frames known),
 * for the log's stack column and for objects' creation stacks. */
uint32_t rl_stack_node(void);

/* The sequence number of the calling goroutine's last logged sync event
 * (0 none): lets an interceptor name "the event that ordered this one". */
uint64_t rl_last_seq(void);

#endif /* RL_DETECT_H */
