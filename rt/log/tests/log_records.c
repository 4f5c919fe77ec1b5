/*
 * log_records: the records other than events -- goroutines, their ends,
 * objects, frees, stack nodes, access counts -- come back from a pack as
 * the rows they stand for, both as a run of schema version 4 writes them
 * (small records, log_pack.h) and as version 3 wrote them (the structs),
 * which a database made by an older racelens may still hold unpacked;
 * extreme numbers and strings there, missing, empty and too long; and a
 * damaged small record fails the unpack with nothing of it written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log/log_int.h"
#include "log/log_pack.h"
#include "log/log_rec.h"
#include "log_test.h"
#include "track.h"

static uint8_t seg[1 << 16];
static size_t len;

static void add_small(const rl_pk_record_t *r) {
  CHECK(len + rl_pack_record_room(r) <= sizeof seg, "segment full");
  uint32_t n = rl_pack_record(r, seg + len);
  CHECK(n <= rl_pack_record_room(r), "record of %u bytes, room for %zu", n,
        rl_pack_record_room(r));
  len += n;
}

/* A record as version 3 stored it: header, struct, strings, 8-aligned. */
static void add_struct(uint16_t type, const void *body, uint32_t blen,
                       const char *s1, const char *s2) {
  while (len % 8)
    seg[len++] = 0;
  size_t at = len;
  len += sizeof(rl_rec_hdr_t);
  memcpy(seg + len, body, blen);
  len += (blen + 7u) & ~7u;
  const char *strs[2] = {s1, s2};
  uint16_t nstr = 0;
  for (int i = 0; i < 2; i++) {
    if (!strs[i])
      continue;
    memcpy(seg + len, strs[i], strlen(strs[i]) + 1);
    len += strlen(strs[i]) + 1;
    nstr++;
  }
  while (len % 8)
    seg[len++] = 0;
  rl_rec_hdr_t h = {type, nstr, (uint32_t)(len - at)};
  memcpy(seg + at, &h, sizeof h);
}

static int unpack(sqlite3 *db, int run, const uint8_t *data, size_t n) {
  uint8_t *pack = malloc(RL_PACK_SEGMENT_HEADER + n);
  rl_pack_segment_header(pack, 0, (uint32_t)n);
  memcpy(pack + RL_PACK_SEGMENT_HEADER, data, n);
  lt_put_pack(db, run, 0, pack, RL_PACK_SEGMENT_HEADER + n, RL_PACK_FORMAT);
  free(pack);
  uint64_t moved;
  int rc = rl_unpack_db(db, &moved);
  if (rc != SQLITE_OK)
    sqlite3_exec(db, "DELETE FROM event_packs", NULL, NULL, NULL);
  return rc;
}

int main(void) {
  char text[4096];
  sqlite3 *db = lt_schema_db("log_records", "records.db");
  if (!db)
    return 1;

  /* Version 4: small records.  A start function longer than any record
   * may hold is cut; the kind string is empty; the object has no file. */
  static char long_name[RL_PK_STR_MAX + 100];
  memset(long_name, 'f', sizeof long_name - 1);
  rl_pk_record_t g = {.type = RL_REC_GOROUTINE,
                      .nv = 6,
                      .ns = 2,
                      .v = {7, 1, 12, 3, UINT64_MAX >> 1, 123456789012345ull},
                      .s = {long_name, ""}};
  add_small(&g);
  add_small(&(rl_pk_record_t){
      .type = RL_REC_GOROUTINE_END, .nv = 3, .v = {7, 99, 123456789099999ull}});
  add_small(&(rl_pk_record_t){
      .type = RL_REC_OBJECT,
      .nv = 11,
      .ns = 2,
      .v = {40, RL_OBJ_CHAN, 0x7ffd00001000ull, 0, 0, 8, 5, 7, 2, 31, 0},
      .s = {"jobs", NULL}});
  add_small(
      &(rl_pk_record_t){.type = RL_REC_OBJECT_FREE, .nv = 2, .v = {41, 77}});
  add_small(&(rl_pk_record_t){
      .type = RL_REC_STACK_NODE, .nv = 4, .v = {9, 4, 100, 101}});
  add_small(&(rl_pk_record_t){.type = RL_REC_ACCESS_COUNTS,
                              .nv = 5,
                              .v = {7, 12, UINT64_MAX >> 1, 0, 3}});
  CHECK(unpack(db, 1, seg, len) == SQLITE_OK, "v4: unpack: %s",
        sqlite3_errmsg(db));
  CHECK(lt_int(db,
               "SELECT count(*) FROM goroutines WHERE run_id=1 AND gid=7"
               " AND parent=1 AND kind='' AND create_site=12"
               " AND create_stack=3 AND go_seq=%lld"
               " AND start_ns=123456789012345 AND exit_seq=99"
               " AND end_ns=123456789099999 AND length(start_func)=%d",
               (long long)(UINT64_MAX >> 1), RL_PK_STR_MAX) == 1,
        "v4: the goroutine's row");
  CHECK(!strcmp(lt_text(db, text, sizeof text,
                        "SELECT kind || ' ' || name || ' ' || addr || ' '"
                        " || elem_size || ' ' || ifnull(file, 'none') || ' '"
                        " || cap FROM objects WHERE run_id=1 AND obj_id=40"),
                "chan jobs 140724603457536 8 none 0"),
        "v4: the channel's row: %s", text);
  CHECK(lt_int(db, "SELECT free_seq FROM objects WHERE run_id=1"
                   " AND obj_id=41") == 77,
        "v4: the free");
  CHECK(lt_int(db, "SELECT count(*) FROM stack_nodes WHERE run_id=1"
                   " AND node=9 AND parent=4 AND fn_site=100"
                   " AND call_site=101") == 1,
        "v4: the stack node");
  CHECK(lt_int(db,
               "SELECT count(*) FROM access_counts WHERE run_id=1"
               " AND gid=7 AND site=12 AND reads=%lld AND writes=0"
               " AND atomics=3",
               (long long)(UINT64_MAX >> 1)) == 1,
        "v4: the access counts");

  /* Version 3: the same kinds of record as structs. */
  len = 0;
  rl_log_goroutine_t g3 = {.gid = 8,
                           .parent = 7,
                           .start_func = RL_STR_PRESENT,
                           .kind = RL_STR_PRESENT,
                           .create_site = 4,
                           .go_seq = 55,
                           .start_ns = 1000};
  add_struct(RL_REC_GOROUTINE, &g3, sizeof g3, "worker", "goroutine");
  rl_rec_access_counts_t c3 = {8, 13, 6400, 100, 0};
  add_struct(RL_REC_ACCESS_COUNTS, &c3, sizeof c3, NULL, NULL);
  rl_rec_goroutine_end_t e3 = {8, 60, 2000};
  add_struct(RL_REC_GOROUTINE_END, &e3, sizeof e3, NULL, NULL);
  CHECK(unpack(db, 2, seg, len) == SQLITE_OK, "v3: unpack: %s",
        sqlite3_errmsg(db));
  CHECK(!strcmp(lt_text(db, text, sizeof text,
                        "SELECT start_func || ' ' || kind || ' ' || parent"
                        " || ' ' || go_seq || ' ' || exit_seq FROM goroutines"
                        " WHERE run_id=2 AND gid=8"),
                "worker goroutine 7 55 60"),
        "v3: the goroutine's row: %s", text);
  CHECK(lt_int(db, "SELECT reads * 1000 + writes FROM access_counts"
                   " WHERE run_id=2 AND gid=8 AND site=13") == 6400100,
        "v3: the access counts");

  /* Damaged small records: nothing of the pack becomes rows. */
  len = 0;
  add_small(&(rl_pk_record_t){
      .type = RL_REC_STACK_NODE, .nv = 4, .v = {10, 4, 100, 101}});
  size_t good = len;
  add_small(&g);
  const struct {
    const char *what;
    size_t at;
    uint8_t byte;
  } harm[] = {
      {"a length past the pack", good + 1, 0xff},
      {"a string without its NUL", len - 1, 'x'},
      {"a type that has no small form", good, RL_PK_RECORD | 0x3f},
      {"a string flag for a record without strings", 3, 1},
  };
  for (size_t i = 0; i < sizeof harm / sizeof harm[0]; i++) {
    uint8_t copy[sizeof seg];
    memcpy(copy, seg, len);
    copy[harm[i].at] = harm[i].byte;
    CHECK(unpack(db, 3, copy, len) == SQLITE_CORRUPT, "%s: unpacked",
          harm[i].what);
    CHECK(lt_int(db, "SELECT count(*) FROM stack_nodes WHERE run_id=3") == 0,
          "%s: half unpacked", harm[i].what);
  }
  sqlite3_close(db);
  if (lt_failures == 0)
    puts("log_records: ok");
  return lt_failures ? 1 : 0;
}
