/*
 * render: laying out and writing graphs with gvc, in-process.
 *
 * One gvc context serves the process: creating it loads Graphviz's plugin
 * configuration, which costs more than laying out a small graph.  Layout
 * errors and unwritable files become one line on stderr, never a crash.
 */
#ifndef VIZ_RENDER_H
#define VIZ_RENDER_H

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

extern const char *const viz_graph_formats[]; /* svg png pdf dot */

GVC_t *viz_gvc(void);
/* Lays out G with ENGINE ("dot", or "nop" for given positions) and writes
 * it to PATH (NULL or "-": stdout) as FORMAT.  0, or 1 after one line prefixed
 * "racelens CMD:". */
int viz_write(Agraph_t *g, const char *engine, const char *format,
              const char *path, const char *cmd);
/* Lays out G and returns it as SVG text (free with free()), or NULL. */
char *viz_svg(Agraph_t *g, const char *engine, const char *cmd);

#endif
