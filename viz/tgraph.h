/*
 * tgraph: a timeline (timeline.h) as a cgraph space-time diagram.
 *
 * Lanes stay straight and in goroutine order under `dot` by construction:
 * every row of the diagram is a rank=same subgraph threaded on an invisible
 * spine, each lane is a chain of heavy edges from its header down, and the
 * headers are chained left to right in gid order.  Happens-before arrows do
 * not constrain ranks, so they cannot bend lanes.  That holds for windows,
 * which have one event per row; whole runs (`--all`), whose rows hold
 * several events, and graphs too big for dot get explicit positions on the
 * same grid for the "nop" engine (neato -n) instead.
 *
 * Every node carries `lane` (gid), `seq` and `class` attributes so tests and
 * the HTML page can find lanes, happens-before edges (class "hb") and the
 * racing pair (class "race") without reading pixels.
 */
#ifndef VIZ_TGRAPH_H
#define VIZ_TGRAPH_H

#include <graphviz/cgraph.h>

#include "timeline.h"

/* Nodes above which the explicit-position layout is used. */
#define VIZ_DOT_MAX_NODES 1500

/* Builds the graph; *engine is set to the layout engine to use.  TITLE
 * is the caption (plain text).  NULL on failure (after one line). */
Agraph_t *viz_timeline_graph(vdb_t *v, const vtl_t *t, const char *title,
                             const char **engine);

#endif
