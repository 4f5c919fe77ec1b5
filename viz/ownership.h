/*
 * ownership: the channel ownership graph of a run.  Goroutines and channels
 * are nodes; an edge from a sender to a channel and from the channel to a
 * receiver says how many values went that way, and which heap blocks were
 * handed over (pointer sends).  Ownership violations (viz.h) are drawn in
 * red: the transfer, and the access the sender should not have made.
 */
#ifndef VIZ_OWNERSHIP_H
#define VIZ_OWNERSHIP_H

#include <graphviz/cgraph.h>

#include "vdb.h"

/* NULL on failure (after one line).  *nchans: channels drawn. */
Agraph_t *viz_ownership_graph(vdb_t *v, int *nchans);

#endif
