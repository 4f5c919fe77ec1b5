#include "render.h"

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
  int out = !path || !strcmp(path, "-");
  FILE *f = out ? stdout : fopen(path, "wb");
  if (!f) {
    fprintf(stderr, "racelens %s: cannot write '%s': %s\n", cmd, path,
            strerror(errno));
    return 1;
  }
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
  int werr = 0;
  if (!rc) {
    werr = fwrite(data, 1, len, f) != len;
    werr |= out ? fflush(f) != 0 : 0;
  }
  if (data)
    gvFreeRenderData(data);
  if (!out)
    werr |= fclose(f) != 0;
  if (!rc && werr) {
    fprintf(stderr, "racelens %s: cannot write '%s': %s\n", cmd,
            out ? "stdout" : path, strerror(errno));
    return 1;
  }
  return rc ? 1 : 0;
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
