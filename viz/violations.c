/*
 * Ownership violations (viz.h): the sender of a pointer keeps using the
 * block after the send, and that use races.  Found from the log alone: a
 * send event's value points into a heap block (ptr_obj, or the live block
 * whose address range holds the value when ptr_obj is not filled), and a
 * race names its memory by obj/addr; the sender is one side of the race and
 * its access comes after the send.  For the later access that is its race
 * event's place in the log; for the earlier one, its clock: the runtime
 * advances a goroutine's clock at every event, and an event carries the
 * clock of the accesses before it, so an access after the send has a
 * larger clock than the send.  (Logs without clocks fall back to
 * prev_seq, the last event before the access.)
 */
#include <stdio.h>
#include <string.h>

#include "vdb.h"
#include "viz.h"

static const char violations_sql[] =
    "WITH sends AS (SELECT e.run_id, e.seq, e.gid, e.obj, "
    "e.clock, " VDB_BLOCK_SQL(
        "e") " AS block FROM events e WHERE e.run_id = ?1 AND "
             "e.kind = 11)"
             " SELECT r.race_id, max(s.seq), s.gid, s.obj, s.block,"
             " (SELECT rv.gid FROM events rv WHERE rv.run_id = s.run_id AND"
             "  rv.kind = 13 AND rv.peer = s.seq LIMIT 1),"
             " CASE WHEN r.cur_gid = s.gid THEN r.cur_site ELSE r.prev_site "
             "END,"
             " CASE WHEN r.cur_gid = s.gid THEN r.cur_kind ELSE r.prev_kind END"
             " FROM sends s"
             " JOIN objects b ON b.run_id = s.run_id AND b.obj_id = s.block"
             " JOIN races r ON r.run_id = s.run_id AND (r.obj = b.obj_id OR"
             "  (r.addr >= b.addr AND r.addr < b.addr + coalesce(b.size, 0)))"
             " WHERE s.block > 0 AND"
             "  ((r.cur_gid = s.gid AND r.cur_seq > s.seq) OR"
             "   (r.prev_gid = s.gid AND CASE WHEN r.prev_clock > 0 AND "
             "s.clock > 0"
             "    THEN r.prev_clock > s.clock ELSE r.prev_seq > s.seq END))"
             " GROUP BY r.race_id ORDER BY r.race_id";

int viz_ownership_violations(sqlite3 *db, int64_t run, viz_violation_t *out,
                             int max) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, violations_sql, -1, &st, NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_int64(st, 1, run);
  int n = 0, rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (out && n < max) {
      viz_violation_t *v = &out[n];
      memset(v, 0, sizeof *v);
      v->race_id = sqlite3_column_int64(st, 0);
      v->send_seq = sqlite3_column_int64(st, 1);
      v->sender = sqlite3_column_int64(st, 2);
      v->chan = sqlite3_column_int64(st, 3);
      v->block = sqlite3_column_int64(st, 4);
      v->receiver = sqlite3_column_int64(st, 5);
      v->access_site = sqlite3_column_int64(st, 6);
      const unsigned char *k = sqlite3_column_text(st, 7);
      snprintf(v->access_kind, sizeof v->access_kind, "%s",
               k ? (const char *)k : "");
    }
    n++;
  }
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? n : -1;
}
