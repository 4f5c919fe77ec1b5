/*
 * vt: what the viz tests share.  Fixture databases are built from
 * fixtures/schema.sql (docs/schema.md) plus one fixture's SQL, in a fresh
 * temporary directory; outputs are parsed back (DOT with cgraph) and
 * checked for structure: lanes, nodes, edges and their classes.
 */
#ifndef VIZ_TESTS_VT_H
#define VIZ_TESTS_VT_H

#include <graphviz/cgraph.h>
#include <stddef.h>

extern int vt_failures;

#define CHECK(cond, ...)                                                       \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: FAIL: ", __FILE__, __LINE__);                    \
      fprintf(stderr, __VA_ARGS__);                                            \
      fputc('\n', stderr);                                                     \
      vt_failures++;                                                           \
    }                                                                          \
  } while (0)

/* A scratch directory for this test; files are named inside it. */
const char *vt_dir(void);
/* vt_dir()/NAME in a static rotating buffer. */
const char *vt_path(const char *name);
/* Builds vt_dir()/FIXTURE.db from the schema and fixtures/FIXTURE.sql;
 * returns its path (aborts the test on failure). */
const char *vt_fixture(const char *fixture);
/* Runs a viz subcommand; argv is NULL-terminated, argv[0] the command. */
int vt_run(int (*cmd)(int, char **), const char *const *argv);
/* The whole file, NUL-terminated (free it); NULL when missing. */
char *vt_read(const char *path, size_t *len);
/* Parses a DOT file with cgraph. */
Agraph_t *vt_read_dot(const char *path);

/* Graph queries on attributes the diagrams set. */
int vt_has_class(void *obj, const char *cls);
Agnode_t *vt_node_by_seq(Agraph_t *g, long seq);
int vt_count_class(Agraph_t *g, const char *cls);
Agedge_t *vt_edge_between(Agraph_t *g, Agnode_t *t, Agnode_t *h,
                          const char *cls);
double vt_x(Agnode_t *n);
double vt_y(Agnode_t *n);
const char *vt_attr(void *obj, const char *name);

int vt_done(const char *name);

#endif
