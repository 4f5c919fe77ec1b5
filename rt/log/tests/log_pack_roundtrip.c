/*
 * log_pack_roundtrip: events packed the way a thread packs them come back
 * as the same rows -- extreme values, fields left out, differences that
 * go backwards, padding between records, and a chunk stored in two
 * segments (the second starting over at the chunk's start and skipping
 * what the first holds, as the writer does at the end of a run), a lock
 * taken and released in a loop, in its 5-6 bytes an event, and a loop of
 * channel operations with values.  Time
 * comes back in units of 2^RL_PK_TS_SHIFT ticks; events of the previous
 * format (4) still unpack, every optional field included; a pack cut
 * short or of an unknown format unpacks to nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log/log_int.h"
#include "log/log_pack.h"
#include "log_test.h"
#include "track.h"

enum { N = 5000 };

static uint64_t rnd_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void) {
  rnd_state ^= rnd_state << 13;
  rnd_state ^= rnd_state >> 7;
  rnd_state ^= rnd_state << 17;
  return rnd_state;
}

/* Mostly the small, repeating values of real runs; now and then anything. */
static uint64_t value(uint64_t usual) {
  switch (rnd() % 8) {
  case 0:
    return 0;
  case 1:
    return rnd();
  case 2:
    return UINT64_MAX - rnd() % 3;
  default:
    return usual;
  }
}

/* A goroutine repeating two operations in a loop: their events repeat
 * everything but their order, time and clock (and a value), which the
 * packer writes on its shortest path.  Per operation: kind, site,
 * object, whether it has a peer (the event three before) and a value. */
typedef struct loop {
  uint32_t gid, stack;
  struct {
    uint32_t kind, site;
    uint64_t obj;
    bool peer, value;
  } op[2];
} loop_t;

static const loop_t lock_loop = {9,
                                 6,
                                 {{RL_EV_MUTEX_LOCK, 31, 44, true, false},
                                  {RL_EV_MUTEX_UNLOCK, 32, 44, false, false}}};
static const loop_t chan_loop = {
    4,
    7,
    {{RL_EV_SEND, 41, 45, false, true}, {RL_EV_RECV, 42, 46, true, true}}};

/* Two of every four stretches of 100 events are loops. */
static const loop_t *loop_at(int i) {
  switch (i / 100 % 4) {
  case 1:
    return &lock_loop;
  case 3:
    return &chan_loop;
  default:
    return NULL;
  }
}

static void make(rl_log_event_t *e, int i) {
  const loop_t *l = loop_at(i);
  if (l) {
    uint64_t seq = 1000 + (uint64_t)i * 3;
    int k = i % 2;
    *e = (rl_log_event_t){.seq = seq,
                          .gid = l->gid,
                          .kind = l->op[k].kind,
                          .site = l->op[k].site,
                          .stack = l->stack,
                          .obj = l->op[k].obj,
                          .peer = l->op[k].peer ? seq - 3 : 0,
                          .value = l->op[k].value ? (uint64_t)i * 7 + 1 : 0,
                          .clock = (uint64_t)i + 1,
                          .ts = 5000000000ull + (uint64_t)i * 150};
    return;
  }
  *e = (rl_log_event_t){.seq = 1000 + (uint64_t)i * 3 - (i % 7 == 0 ? 5 : 0),
                        .gid = (uint32_t)(i % 5 ? 2 : value(7)),
                        .kind = (uint16_t)(1 + rnd() % 93),
                        .site = (uint32_t)value(12),
                        .stack = (uint32_t)value(4),
                        .obj = value(3),
                        .peer = value(900 + (uint64_t)i),
                        .value = value(0),
                        .ptr_obj = i % 11 ? 0 : value(2),
                        .aux = value(0),
                        .clock = (uint64_t)i + 1,
                        .ts = 5000000000ull + (uint64_t)i * 150 -
                              (i % 13 == 0 ? 400 : 0),
                        .dur_ns = value(0)};
}

int main(void) {
  static rl_log_event_t want[N];
  static uint8_t chunk[N * RL_PK_MAX + N];
  uint32_t off = 0, half = 0;
  rl_pack_state_t s = {0};
  for (int i = 0; i < N; i++) {
    make(&want[i], i);
    if (i % 17 == 0)
      chunk[off++] = 0; /* padding, as before an aligned record */
    uint32_t len = rl_pack_event(&s, &want[i], chunk + off);
    CHECK(len >= 5 && len <= RL_PK_MAX &&
              rl_pack_event_length(chunk + off, sizeof chunk - off) == len &&
              rl_pack_event_length(chunk + off, len - 1) == 0,
          "event %d: length %u", i, len);
    /* After its loop's first two, kind, flags and one byte each of
     * order, time, clock (and peer): as log_pack.h says. */
    CHECK(loop_at(i) != &lock_loop || i % 100 < 2 ||
              len == (want[i].kind == RL_EV_MUTEX_LOCK ? 6u : 5u),
          "loop event %d: %u bytes", i, len);
    off += len;
    if (i == N / 2 - 1)
      half = off;
  }

  /* Segment 1: the first half; segment 2: the chunk again, skipping it. */
  size_t cap = 2 * (RL_PACK_SEGMENT_HEADER + off);
  uint8_t *pack = malloc(cap);
  size_t n = 0;
  rl_pack_segment_header(pack + n, 0, half);
  n += RL_PACK_SEGMENT_HEADER;
  memcpy(pack + n, chunk, half);
  n += half;
  rl_pack_segment_header(pack + n, half, off);
  n += RL_PACK_SEGMENT_HEADER;
  memcpy(pack + n, chunk, off);
  n += off;

  sqlite3 *db = lt_schema_db("log_pack", "roundtrip.db");
  if (!db)
    return 1;
  lt_put_pack(db, 1, N, pack, n, RL_PACK_FORMAT);
  uint64_t moved = 0;
  CHECK(rl_unpack_db(db, &moved) == SQLITE_OK, "unpack: %s",
        sqlite3_errmsg(db));
  CHECK(moved == N, "unpacked %llu events, packed %d",
        (unsigned long long)moved, N);

  sqlite3_stmt *st;
  sqlite3_prepare_v2(db,
                     "SELECT seq, gid, kind, ifnull(obj,0), ifnull(site,0),"
                     " ifnull(stack,0), ifnull(peer,0), value,"
                     " ifnull(ptr_obj,0), aux, clock, ts_ns, dur_ns"
                     " FROM events WHERE run_id = 1 AND seq = ?1",
                     -1, &st, NULL);
  int bad = 0;
  for (int i = 0; i < N && bad < 5; i++) {
    const rl_log_event_t *e = &want[i];
    sqlite3_bind_int64(st, 1, (sqlite3_int64)e->seq);
    bool row = sqlite3_step(st) == SQLITE_ROW;
    uint64_t got[13] = {0};
    for (int c = 0; row && c < 13; c++)
      got[c] = (uint64_t)sqlite3_column_int64(st, c);
    uint64_t ts = e->ts >> RL_PK_TS_SHIFT << RL_PK_TS_SHIFT;
    uint64_t exp[13] = {e->seq,   e->gid,  e->kind,  e->obj,     e->site,
                        e->stack, e->peer, e->value, e->ptr_obj, e->aux,
                        e->clock, ts,      e->dur_ns};
    if (!row || memcmp(got, exp, sizeof got) != 0) {
      bad++;
      CHECK(0, "event %d (seq %llu) did not come back whole", i,
            (unsigned long long)e->seq);
    }
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  CHECK(lt_int(db, "SELECT count(*) FROM event_packs") == 0, "packs left");

  /* A pack cut short: nothing of it becomes rows. */
  lt_put_pack(db, 2, N, pack, n - 2, RL_PACK_FORMAT);
  CHECK(rl_unpack_db(db, &moved) == SQLITE_CORRUPT, "a cut pack unpacked");
  CHECK(lt_int(db, "SELECT count(*) FROM events WHERE run_id = 2") == 0,
        "a cut pack was half unpacked");

  /* Ticks become nanoseconds along the line through the run's first
   * reading of both clocks and its newest pack's: here half a nanosecond
   * a tick from (1000 ticks, 5000 ns) to (3000, 6000). */
  static const uint8_t one[] = {0, 7, 0x80 | 21, 7, 0, 2, 0xa0, 0x1f, 2};
  sqlite3_exec(db,
               "INSERT INTO runs(run_id, program, argv, start_ns, status,"
               " clock_tick, clock_ns) VALUES(3, 'p', '[]', 0, 'exited',"
               " 1000, 5000)",
               NULL, NULL, NULL);
  sqlite3_prepare_v2(db,
                     "INSERT INTO event_packs VALUES(3, 1, 1, ?1, 3000, 6000,"
                     " 4)",
                     -1, &st, NULL);
  sqlite3_bind_blob(st, 1, one, sizeof one, SQLITE_STATIC);
  sqlite3_step(st);
  sqlite3_finalize(st);
  CHECK(rl_unpack_db(db, &moved) == SQLITE_CORRUPT, "run 2's cut pack");
  sqlite3_exec(db, "DELETE FROM event_packs WHERE run_id = 2", NULL, NULL,
               NULL);
  CHECK(rl_unpack_db(db, &moved) == SQLITE_OK && moved == 1, "run 3: %llu",
        (unsigned long long)moved);
  CHECK(lt_int(db, "SELECT ts_ns FROM events WHERE run_id = 3") == 5500,
        "tick 2000 is not 5500 ns: %lld",
        (long long)lt_int(db, "SELECT ts_ns FROM events WHERE run_id = 3"));

  /* Format 4 (schema versions 3 and 4): the length in byte 1, value and
   * ptr_obj under one flag, aux and dur_ns in the flags' top bits, ts in
   * whole ticks. */
  static const uint8_t four[] = {0, 11, 0x80 | 11, 11,   0xf0, 2, 0x0a,
                                 2, 5,  0x2a,      0x2b, 3,    7};
  /* In a file of schema version 4 (no column `format`), as the analyzer
   * reads one without upgrading it ... */
  sqlite3 *old = lt_schema_db("log_pack", "v4.db");
  if (!old)
    return 1;
  char v4[700], why[256];
  snprintf(v4, sizeof v4, "%s", sqlite3_db_filename(old, "main"));
  sqlite3_exec(old,
               "ALTER TABLE event_packs DROP COLUMN format;"
               "UPDATE meta SET value = '4' WHERE key = 'schema_version';",
               NULL, NULL, NULL);
  const char *put_old =
      "INSERT INTO event_packs VALUES(4, 1, 1, ?1, NULL, NULL)";
  sqlite3_prepare_v2(old, put_old, -1, &st, NULL);
  sqlite3_bind_blob(st, 1, four, sizeof four, SQLITE_STATIC);
  CHECK(sqlite3_step(st) == SQLITE_DONE, "a version-4 pack: %s",
        sqlite3_errmsg(old));
  sqlite3_finalize(st);
  CHECK(rl_unpack_db(old, &moved) == SQLITE_OK && moved == 1,
        "a format-4 pack: %llu", (unsigned long long)moved);
  char got[128];
  lt_text(old, got, sizeof got,
          "SELECT seq || ' ' || kind || ' ' || ts_ns || ' ' || clock || ' ' ||"
          " peer || ' ' || value || ' ' || ptr_obj || ' ' || aux || ' ' ||"
          " dur_ns FROM events WHERE run_id = 4");
  CHECK(strcmp(got, "1 11 5 1 4 42 43 3 7") == 0,
        "a format-4 event's fields: %s", got);
  /* ... and once a run of this racelens has upgraded it: the packs an
   * older run left are format 4. */
  sqlite3_prepare_v2(old, put_old, -1, &st, NULL);
  sqlite3_bind_blob(st, 1, four, sizeof four, SQLITE_STATIC);
  sqlite3_step(st);
  sqlite3_finalize(st);
  sqlite3_close(old);
  old = rl_schema_open(v4, why, sizeof why);
  CHECK(old != NULL, "upgrading: %s", why);
  if (!old)
    return 1;
  CHECK(lt_int(old, "SELECT value FROM meta WHERE key = 'schema_version'") ==
            RL_SCHEMA_VERSION,
        "not upgraded");
  CHECK(lt_int(old, "SELECT format FROM event_packs") == 4,
        "an old pack is not format 4");
  CHECK(rl_unpack_db(old, &moved) == SQLITE_OK && moved == 1,
        "a format-4 pack after the upgrade: %llu", (unsigned long long)moved);
  sqlite3_close(old);

  /* A pack of a format this racelens does not know. */
  lt_put_pack(db, 5, N, pack, n, RL_PACK_FORMAT + 1);
  CHECK(rl_unpack_db(db, &moved) == SQLITE_CORRUPT,
        "a pack of an unknown format unpacked");
  CHECK(lt_int(db, "SELECT count(*) FROM events WHERE run_id = 5") == 0,
        "a pack of an unknown format was half unpacked");
  sqlite3_close(db);
  free(pack);
  if (lt_failures == 0)
    puts("log_pack_roundtrip: ok");
  return lt_failures ? 1 : 0;
}
