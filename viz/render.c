#include "render.h"

#include "args.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const viz_graph_formats[] = {"svg", "png", "pdf", "dot", NULL};

static GVC_t *gvc;

GVC_t *viz_gvc(void) {
  if (!gvc) {
    /* Graphviz's own warnings (e.g. a huge PNG being scaled) would break
     * our one-line-error promise; real failures come back as codes. */
    agseterr(AGMAX);
    gvc = gvContext();
  }
  return gvc;
}

static int layout(Agraph_t *g, const char *engine, const char *cmd) {
  if (!viz_gvc() || gvLayout(gvc, g, engine) != 0) {
    fprintf(stderr, "racelens %s: Graphviz could not lay out the graph (%s)\n",
            cmd, engine);
    return -1;
  }
  return 0;
}

int viz_write(Agraph_t *g, const char *engine, const char *format,
              const char *path, const char *cmd) {
  FILE *f = viz_open_out(cmd, path);
  if (!f)
    return 2;
  /* Rendered in memory and written by us: Graphviz's own writer exits the
   * process when a write fails (a full disk), with no message. */
  char *data = NULL;
  unsigned int len = 0;
  int rc = layout(g, engine, cmd);
  if (!rc) {
    rc = gvRenderData(gvc, g, format, &data, &len);
    gvFreeLayout(gvc, g);
    if (rc)
      fprintf(stderr, "racelens %s: Graphviz could not render %s\n", cmd,
              format);
  }
  int werr = !rc && fwrite(data, 1, len, f) != len;
  if (data)
    gvFreeRenderData(data);
  if (rc) { /* nothing was written: say nothing about the file */
    if (f != stdout)
      fclose(f);
    return 1;
  }
  return viz_close_out(cmd, path, f, werr);
}

char *viz_svg(Agraph_t *g, const char *engine, const char *cmd) {
  char *data = NULL;
  unsigned int len = 0;
  if (layout(g, engine, cmd))
    return NULL;
  int rc = gvRenderData(gvc, g, "svg", &data, &len);
  gvFreeLayout(gvc, g);
  if (rc != 0 || !data) {
    fprintf(stderr, "racelens %s: Graphviz could not render SVG\n", cmd);
    return NULL;
  }
  char *copy = malloc(len + 1);
  if (copy) {
    memcpy(copy, data, len);
    copy[len] = 0;
  }
  gvFreeRenderData(data);
  return copy;
}
