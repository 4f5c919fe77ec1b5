#include "vt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <sqlite3.h>
#include <unistd.h>

#ifndef VT_FIXTURES
#error "VT_FIXTURES must name the fixtures directory"
#endif

int vt_failures;
static char dir[512];

const char *vt_dir(void) {
  if (!dir[0]) {
    const char *base = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/viztest.XXXXXX", base ? base : "/tmp");
    if (!mkdtemp(dir)) {
      perror("mkdtemp");
      exit(2);
    }
  }
  return dir;
}

const char *vt_path(const char *name) {
  static char bufs[8][700];
  static int next;
  char *b = bufs[next++ % 8];
  snprintf(b, sizeof bufs[0], "%s/%s", vt_dir(), name);
  return b;
}

char *vt_read(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  size_t got;
  while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
    n += got;
    if (cap - n < 2) {
      cap *= 2;
      buf = realloc(buf, cap);
    }
  }
  fclose(f);
  if (buf)
    buf[n] = 0;
  if (len)
    *len = n;
  return buf;
}

static void exec_file(sqlite3 *db, const char *path) {
  char *sql = vt_read(path, NULL);
  char *err = NULL;
  if (!sql || sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
    fprintf(stderr, "fixture %s: %s\n", path, err ? err : "unreadable");
    exit(2);
  }
  free(sql);
}

const char *vt_fixture(const char *fixture) {
  char name[128], sql[700];
  snprintf(name, sizeof name, "%s.db", fixture);
  const char *db_path = vt_path(name);
  remove(db_path);
  sqlite3 *db;
  if (sqlite3_open(db_path, &db) != SQLITE_OK)
    exit(2);
  exec_file(db, VT_FIXTURES "/schema.sql");
  snprintf(sql, sizeof sql, "%s/%s.sql", VT_FIXTURES, fixture);
  exec_file(db, sql);
  sqlite3_close(db);
  return strdup(db_path); /* vt_path's buffers rotate; tests keep this */
}

int vt_run(int (*cmd)(int, char **), const char *const *argv) {
  int argc = 0;
  while (argv[argc])
    argc++;
  return cmd(argc, (char **)argv);
}

Agraph_t *vt_read_dot(const char *path) {
  char *text = vt_read(path, NULL);
  if (!text)
    return NULL;
  Agraph_t *g = agmemread(text);
  free(text);
  return g;
}

const char *vt_attr(void *obj, const char *name) {
  const char *v = agget(obj, (char *)name);
  return v ? v : "";
}

int vt_has_class(void *obj, const char *cls) {
  const char *c = vt_attr(obj, "class");
  size_t n = strlen(cls);
  for (const char *p = c; (p = strstr(p, cls)); p += n)
    if ((p == c || p[-1] == ' ') && (p[n] == 0 || p[n] == ' '))
      return 1;
  return 0;
}

Agnode_t *vt_node_by_seq(Agraph_t *g, long seq) {
  char want[32];
  snprintf(want, sizeof want, "%ld", seq);
  for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n))
    if (!strcmp(vt_attr(n, "seq"), want) && !vt_has_class(n, "gap"))
      return n;
  return NULL;
}

int vt_count_class(Agraph_t *g, const char *cls) {
  int k = 0;
  for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n)) {
    k += vt_has_class(n, cls);
    for (Agedge_t *e = agfstout(g, n); e; e = agnxtout(g, e))
      k += vt_has_class(e, cls);
  }
  return k;
}

Agedge_t *vt_edge_between(Agraph_t *g, Agnode_t *t, Agnode_t *h,
                          const char *cls) {
  if (!t || !h)
    return NULL;
  for (Agedge_t *e = agfstout(g, t); e; e = agnxtout(g, e))
    if (aghead(e) == h && vt_has_class(e, cls))
      return e;
  return NULL;
}

double vt_x(Agnode_t *n) {
  double x = -1e9, y;
  sscanf(vt_attr(n, "pos"), "%lf,%lf", &x, &y);
  return x;
}

double vt_y(Agnode_t *n) {
  double x, y = -1e9;
  sscanf(vt_attr(n, "pos"), "%lf,%lf", &x, &y);
  return y;
}

/* The scratch directory goes when everything passed; a failure keeps it
 * for a look. */
static void remove_dir(void) {
  DIR *d = opendir(vt_dir());
  struct dirent *e;
  while (d && (e = readdir(d)))
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
      remove(vt_path(e->d_name));
  if (d)
    closedir(d);
  rmdir(vt_dir());
}

int vt_done(const char *name) {
  if (!vt_failures)
    remove_dir();
  if (vt_failures)
    fprintf(stderr, "%s: %d check(s) failed (outputs kept in %s)\n", name,
            vt_failures, vt_dir());
  else
    printf("%s: all checks passed\n", name);
  return vt_failures ? 1 : 0;
}
