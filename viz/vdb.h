/*
 * vdb: the slice of a run's database (docs/schema.md) that the pictures read.
 *
 * Opening and validating the file is the analyzer's (analyzer/db.h); this
 * is what the pictures look up once a run is picked.  Lookups of sites,
 * goroutines and objects go through prepared statements on demand: a picture
 * names at most a few thousand things, while a run may hold millions of events,
 * so loading whole tables would cost more than it saves.
 */
#ifndef VIZ_VDB_H
#define VIZ_VDB_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

typedef struct vdb {
  sqlite3 *db;
  int64_t run;
  const char *cmd; /* for error lines: "racelens diagram: ..." */
  sqlite3_stmt *site_q, *gor_q, *obj_q, *kind_q;
} vdb_t;

int vdb_init(vdb_t *v, sqlite3 *db, int64_t run, const char *cmd);
void vdb_fini(vdb_t *v);

/* A source site.  Strings point into static buffers of the struct. */
typedef struct vsite {
  int found;
  char file[256], func[128], expr[256], kind[32];
  int64_t line;
} vsite_t;
void vdb_site(vdb_t *v, int64_t site, vsite_t *out);

typedef struct vgor {
  int found;
  int64_t gid, parent, create_site, go_seq, exit_seq;
  char kind[16], start_func[128];
} vgor_t;
void vdb_goroutine(vdb_t *v, int64_t gid, vgor_t *out);

typedef struct vobj {
  int found;
  int64_t id, size, cap, elem_size, site, line, addr;
  char kind[24], name[128], file[256];
} vobj_t;
void vdb_object(vdb_t *v, int64_t obj, vobj_t *out);
/* "jobs", or "ch#3" / "mutex#4" for objects without a name. */
void vdb_object_name(vdb_t *v, int64_t obj, char *buf, size_t len);
/* The event kind's name from event_kinds ("send"), or "kind#N". */
void vdb_kind_name(vdb_t *v, int64_t kind, char *buf, size_t len);
/* "prog.c:12" (basename of the file), or "" when unknown. */
void vdb_site_where(vdb_t *v, int64_t site, char *buf, size_t len);
/* "G3 incrementor" */
void vdb_gor_title(vdb_t *v, int64_t gid, char *buf, size_t len);

/* The heap block a pointer value points into at event SEQ: the send's
 * ptr_obj when the log filled it, else the block alive at SEQ whose
 * address range holds VALUE.  0 when none. */
int64_t vdb_block_of(vdb_t *v, int64_t ptr_obj, int64_t value, int64_t seq);
/* The global variable whose bytes hold address VALUE: "ball", or
 * "ball+8" inside it.  0 when none. */
int vdb_global_at(vdb_t *v, int64_t value, char *buf, size_t len);
/* The same as an SQL expression over an events row aliased E. */
#define VDB_BLOCK_SQL(e)                                                       \
  "coalesce(nullif(" e ".ptr_obj, 0), (SELECT bb.obj_id FROM objects bb "      \
  "WHERE bb.run_id = " e ".run_id AND bb.kind = 'heap' AND " e ".value <> 0 "  \
  "AND " e ".value >= bb.addr AND " e ".value < bb.addr + bb.size AND "        \
  "coalesce(bb.seq, 0) <= " e ".seq AND (bb.free_seq IS NULL OR "              \
  "bb.free_seq > " e ".seq) ORDER BY bb.seq DESC LIMIT 1), 0)"

/* Runs SQL (one integer column, one row) with ?1 = run and optional
 * ?2 = a; returns DEF when there is no row or the value is NULL. */
int64_t vdb_int(vdb_t *v, const char *sql, int64_t a, int64_t def);

#endif
