/*
 * rt/detect/meta_alloc.h -- memory for the detector's own structures on the
 * access path (read sets and their entries, split words, per-goroutine
 * access counts).
 *
 * Why not malloc: an access in a signal handler reaches the detector's slow
 * path, and the handler may have interrupted malloc itself; calling malloc
 * again there deadlocks on its arena lock.  This allocator takes no lock
 * (an atomic bump inside regions it maps), so it is safe wherever an
 * access can happen.  Nothing is freed: callers recycle what they get
 * through their own free lists, and growth doubles, so the waste is
 * bounded.  Memory comes zeroed and 64-byte aligned.
 */
#ifndef RL_META_ALLOC_H
#define RL_META_ALLOC_H

#include <stddef.h>

void *rl_meta_alloc(size_t n);
/* n bytes (a power of two, at least a page) at an address that is a
 * multiple of n, so that what is inside can find its start. */
void *rl_meta_alloc_aligned(size_t n);

#endif /* RL_META_ALLOC_H */
