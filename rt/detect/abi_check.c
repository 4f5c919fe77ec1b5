/*
 * rt/detect/abi_check.c -- the runtime's state the plugin's inline check
 * reads (rt/abi.h, RL_FAST_*) is where abi.h says: a layout change that
 * forgets the contract stops the build here instead of making instrumented
 * programs read the wrong bytes.
 */
#include <stddef.h>

#include "../abi.h"
#include "shadow.h"
#include "thread.h"

_Static_assert(offsetof(rl_thread_t, ep) == RL_FAST_EP_OFF, "epoch");
_Static_assert(offsetof(rl_thread_t, counts) == RL_FAST_COUNTS_OFF, "counts");
_Static_assert(offsetof(rl_thread_t, fast_ncounts) == RL_FAST_NCOUNTS_OFF,
               "reach");
_Static_assert(sizeof(rl_counts_t) == RL_FAST_COUNTS_SIZE &&
                   offsetof(rl_counts_t, reads) == RL_FAST_COUNTS_READS_OFF &&
                   offsetof(rl_counts_t, writes) == RL_FAST_COUNTS_WRITES_OFF,
               "a site's counts");
_Static_assert(RL_SH_ADDR_BITS == RL_FAST_ADDR_BITS &&
                   RL_SH_CHUNK_BITS + 3 == RL_FAST_CHUNK_SHIFT &&
                   RL_SH_CHUNK_CELLS == RL_FAST_CHUNK_CELLS &&
                   offsetof(rl_chunk_t, c) == 0,
               "the shadow table");
_Static_assert(sizeof(rl_cell_t) == RL_FAST_CELL_SIZE &&
                   offsetof(rl_cell_t, w) == RL_FAST_CELL_W_OFF &&
                   offsetof(rl_cell_t, r) == RL_FAST_CELL_R_OFF,
               "a cell");
_Static_assert(RL_EP_MASK == RL_FAST_EP_MASK &&
                   RL_EP_SLOT_SHIFT == RL_FAST_EP_SLOT_SHIFT &&
                   RL_EP_PTR == RL_FAST_EP_PTR,
               "an epoch");
_Static_assert(RL_RS_RECENT == RL_FAST_HINT_PLANES &&
                   RL_RS_SLAB * sizeof(uint64_t) == RL_FAST_HINT_PLANE_BYTES,
               "a read set's hints");
