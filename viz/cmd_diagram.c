/* `racelens diagram`: the space-time diagram of a race, or of the run. */
#include <graphviz/cgraph.h>
#include <stdio.h>

#include "args.h"
#include "render.h"
#include "tgraph.h"
#include "viz.h"

int viz_cmd_diagram(int argc, char **argv) {
  viz_args_t a;
  sqlite3 *db;
  int rc = viz_start(argc, argv, VA_RACE | VA_FORMAT, &a, &db);
  if (rc || a.help)
    return rc;
  const char *format = viz_pick_format(&a, viz_graph_formats);
  if (!format) {
    sqlite3_close(db);
    return 2;
  }
  vdb_t v;
  vtl_t t = {0};
  vrace_t race;
  Agraph_t *g = NULL;
  rc = 2;
  int64_t run = a.run;
  if (vdb_init(&v, db, run, a.cmd))
    goto out_db;
  char title[512];
  if (a.all) {
    if (vtl_whole(&v, &t))
      goto out;
    snprintf(title, sizeof title, "run %lld: every goroutine (time runs down)",
             (long long)run);
  } else {
    if (vtl_load_race(&v, a.race ? a.race : 1, &race))
      goto out;
    if (vtl_window(&v, &race, &t))
      goto out;
    snprintf(title, sizeof title,
             "race on %s: G%lld and G%lld, and no arrow joins the red "
             "accesses",
             race.var[0] ? race.var : "?", (long long)race.prev_gid,
             (long long)race.cur_gid);
  }
  if (vtl_finish(&t))
    goto out;
  const char *engine;
  g = viz_timeline_graph(&v, &t, title, &engine);
  if (!g)
    goto out;
  rc = viz_write(g, engine, format, a.out, a.cmd);
out:
  if (g)
    agclose(g);
  vtl_free(&t);
  vdb_fini(&v);
out_db:
  sqlite3_close(db);
  return rc;
}
