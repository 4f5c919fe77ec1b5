#include "vdb.h"

#include <stdio.h>
#include <string.h>

static int prep(vdb_t *v, const char *sql, sqlite3_stmt **st) {
  if (sqlite3_prepare_v2(v->db, sql, -1, st, NULL) != SQLITE_OK) {
    fprintf(stderr, "racelens %s: database not in the expected format: %s\n",
            v->cmd, sqlite3_errmsg(v->db));
    return -1;
  }
  return 0;
}

int vdb_init(vdb_t *v, sqlite3 *db, int64_t run, const char *cmd) {
  memset(v, 0, sizeof *v);
  v->db = db;
  v->run = run;
  v->cmd = cmd;
  if (prep(v,
           "SELECT file, line, func, expr, kind FROM sites "
           "WHERE run_id=?1 AND site_id=?2",
           &v->site_q) ||
      prep(v,
           "SELECT parent, kind, start_func, create_site, go_seq, exit_seq "
           "FROM goroutines WHERE run_id=?1 AND gid=?2",
           &v->gor_q) ||
      prep(v,
           "SELECT kind, name, size, cap, elem_size, site, file, line, addr "
           "FROM objects WHERE run_id=?1 AND obj_id=?2",
           &v->obj_q) ||
      prep(v, "SELECT name FROM event_kinds WHERE kind=?1", &v->kind_q)) {
    vdb_fini(v);
    return -1;
  }
  return 0;
}

void vdb_fini(vdb_t *v) {
  sqlite3_finalize(v->site_q);
  sqlite3_finalize(v->gor_q);
  sqlite3_finalize(v->obj_q);
  sqlite3_finalize(v->kind_q);
  v->site_q = v->gor_q = v->obj_q = v->kind_q = NULL;
}

static void copy_text(sqlite3_stmt *st, int col, char *buf, size_t len) {
  const unsigned char *s = sqlite3_column_text(st, col);
  snprintf(buf, len, "%s", s ? (const char *)s : "");
}

static int lookup(sqlite3_stmt *st, int64_t run, int64_t id) {
  sqlite3_reset(st);
  sqlite3_bind_int64(st, 1, run);
  sqlite3_bind_int64(st, 2, id);
  return sqlite3_step(st) == SQLITE_ROW;
}

void vdb_site(vdb_t *v, int64_t site, vsite_t *out) {
  memset(out, 0, sizeof *out);
  if (!site || !lookup(v->site_q, v->run, site))
    return;
  out->found = 1;
  copy_text(v->site_q, 0, out->file, sizeof out->file);
  out->line = sqlite3_column_int64(v->site_q, 1);
  copy_text(v->site_q, 2, out->func, sizeof out->func);
  copy_text(v->site_q, 3, out->expr, sizeof out->expr);
  copy_text(v->site_q, 4, out->kind, sizeof out->kind);
}

void vdb_goroutine(vdb_t *v, int64_t gid, vgor_t *out) {
  memset(out, 0, sizeof *out);
  out->gid = gid;
  if (!lookup(v->gor_q, v->run, gid))
    return;
  sqlite3_stmt *q = v->gor_q;
  out->found = 1;
  out->parent = sqlite3_column_int64(q, 0);
  copy_text(q, 1, out->kind, sizeof out->kind);
  copy_text(q, 2, out->start_func, sizeof out->start_func);
  out->create_site = sqlite3_column_int64(q, 3);
  out->go_seq = sqlite3_column_int64(q, 4);
  out->exit_seq = sqlite3_column_int64(q, 5);
}

void vdb_object(vdb_t *v, int64_t obj, vobj_t *out) {
  memset(out, 0, sizeof *out);
  out->id = obj;
  if (!obj || !lookup(v->obj_q, v->run, obj))
    return;
  sqlite3_stmt *q = v->obj_q;
  out->found = 1;
  copy_text(q, 0, out->kind, sizeof out->kind);
  copy_text(q, 1, out->name, sizeof out->name);
  out->size = sqlite3_column_int64(q, 2);
  out->cap = sqlite3_column_int64(q, 3);
  out->elem_size = sqlite3_column_int64(q, 4);
  out->site = sqlite3_column_int64(q, 5);
  copy_text(q, 6, out->file, sizeof out->file);
  out->line = sqlite3_column_int64(q, 7);
  out->addr = sqlite3_column_int64(q, 8);
}

/* A sync object the runtime met only by address has no name; the global
 * variable at that address (`static mutex_t mu;`) has. */
static void name_by_addr(vdb_t *v, vobj_t *o) {
  sqlite3_stmt *st = NULL;
  if (!o->addr || sqlite3_prepare_v2(v->db,
                                     "SELECT name FROM objects WHERE "
                                     "run_id=?1 AND addr=?2 AND name <> '' "
                                     "ORDER BY obj_id LIMIT 1",
                                     -1, &st, NULL) != SQLITE_OK)
    return;
  sqlite3_bind_int64(st, 1, v->run);
  sqlite3_bind_int64(st, 2, o->addr);
  if (sqlite3_step(st) == SQLITE_ROW)
    copy_text(st, 0, o->name, sizeof o->name);
  sqlite3_finalize(st);
}

void vdb_object_name(vdb_t *v, int64_t obj, char *buf, size_t len) {
  vobj_t o;
  vdb_object(v, obj, &o);
  if (!o.name[0] && strcmp(o.kind, "heap"))
    name_by_addr(v, &o);
  if (o.name[0])
    snprintf(buf, len, "%s", o.name);
  else if (!strcmp(o.kind, "chan"))
    snprintf(buf, len, "ch#%lld", (long long)obj);
  else if (o.kind[0])
    snprintf(buf, len, "%s#%lld", o.kind, (long long)obj);
  else
    snprintf(buf, len, "#%lld", (long long)obj);
}

void vdb_kind_name(vdb_t *v, int64_t kind, char *buf, size_t len) {
  sqlite3_reset(v->kind_q);
  sqlite3_bind_int64(v->kind_q, 1, kind);
  if (sqlite3_step(v->kind_q) == SQLITE_ROW)
    copy_text(v->kind_q, 0, buf, len);
  else
    snprintf(buf, len, "kind#%lld", (long long)kind);
}

static const char *base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

void vdb_site_where(vdb_t *v, int64_t site, char *buf, size_t len) {
  vsite_t s;
  vdb_site(v, site, &s);
  if (!s.found || !s.file[0])
    buf[0] = 0;
  else if (s.line > 0)
    snprintf(buf, len, "%s:%lld", base_name(s.file), (long long)s.line);
  else
    snprintf(buf, len, "%s", base_name(s.file));
}

void vdb_gor_title(vdb_t *v, int64_t gid, char *buf, size_t len) {
  vgor_t g;
  vdb_goroutine(v, gid, &g);
  const char *fn = g.start_func[0]                         ? g.start_func
                   : !strcmp(g.kind, "main") || g.gid == 1 ? "main"
                                                           : "";
  if (fn[0])
    snprintf(buf, len, "G%lld %s", (long long)gid, fn);
  else
    snprintf(buf, len, "G%lld", (long long)gid);
}

int64_t vdb_int(vdb_t *v, const char *sql, int64_t a, int64_t def) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(v->db, sql, -1, &st, NULL) != SQLITE_OK)
    return def;
  sqlite3_bind_int64(st, 1, v->run);
  if (sqlite3_bind_parameter_count(st) >= 2)
    sqlite3_bind_int64(st, 2, a);
  int64_t r = def;
  if (sqlite3_step(st) == SQLITE_ROW &&
      sqlite3_column_type(st, 0) != SQLITE_NULL)
    r = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return r;
}

int64_t vdb_block_of(vdb_t *v, int64_t ptr_obj, int64_t value, int64_t seq) {
  if (ptr_obj > 0)
    return ptr_obj;
  if (!value)
    return 0;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(
          v->db,
          "SELECT " VDB_BLOCK_SQL(
              "e") " FROM (SELECT ?1 AS "
                   "run_id, 0 AS ptr_obj, ?2 AS value, ?3 AS seq) e",
          -1, &st, NULL) != SQLITE_OK)
    return 0;
  sqlite3_bind_int64(st, 1, v->run);
  sqlite3_bind_int64(st, 2, value);
  sqlite3_bind_int64(st, 3, seq);
  int64_t b = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_finalize(st);
  return b;
}

int vdb_global_at(vdb_t *v, int64_t value, char *buf, size_t len) {
  sqlite3_stmt *st = NULL;
  if (!value ||
      sqlite3_prepare_v2(v->db,
                         "SELECT name, ?2 - addr FROM objects WHERE run_id=?1 "
                         "AND kind='global' AND name <> '' AND ?2 >= addr AND "
                         "?2 < addr + max(size, 1) LIMIT 1",
                         -1, &st, NULL) != SQLITE_OK)
    return 0;
  sqlite3_bind_int64(st, 1, v->run);
  sqlite3_bind_int64(st, 2, value);
  int found = sqlite3_step(st) == SQLITE_ROW;
  if (found) {
    const unsigned char *name = sqlite3_column_text(st, 0);
    int64_t off = sqlite3_column_int64(st, 1);
    if (off)
      snprintf(buf, len, "%s+%lld", name ? (const char *)name : "?",
               (long long)off);
    else
      snprintf(buf, len, "%s", name ? (const char *)name : "?");
  }
  sqlite3_finalize(st);
  return found;
}
