/*
 * rt/log/log_pack.h -- how a run stores what it logs: packed, in table
 * event_packs, and turned into the rows of docs/schema.md (events,
 * goroutines, objects, stack nodes, races, access counts) by the first
 * `racelens` command that reads the database, or `racelens unpack`.
 *
 * Why packed: a sync-heavy program logs an event every hundred
 * nanoseconds or so, and SQLite inserts a row in one to two microseconds.
 * Rows written while the program runs cost the program many times its
 * own run time; bytes appended to a blob cost it about what writing the
 * bytes costs.  Like Go's execution tracer: the runtime writes compactly,
 * the tool that reads does the work.
 *
 * A pack is a list of segments, each a varint `skip`, a varint `bytes`
 * and `bytes` bytes of one thread's chunk (log_int.h) exactly as the
 * thread wrote them.  A chunk holds records of two forms, told apart by
 * their first byte: 0 is one byte of padding, below 0x80 a record of
 * log_int.h (the structs of log.h and log_rec.h behind a header, at an
 * offset that is a multiple of 8), 0x80 and up an event.  An event of
 * format 5 (event_packs.format; schema version 5):
 *
 *   byte 0   0x80 | kind          (event kinds are below 0x80)
 *   byte 1   which optional fields follow (RL_PK_*, the low eight)
 *   byte 2   only when byte 1 has RL_PK_MORE: the next eight
 *   varints  seq, ts and clock as zigzag differences from the
 *            previous event of the same chunk (0 before the first), ts in
 *            units of 2^RL_PK_TS_SHIFT ticks; then the optional fields in
 *            RL_PK_* order: gid when it differs from the previous event's,
 *            site, stack and obj when they differ from the previous event
 *            of the same kind's; peer as the zigzag difference seq - peer;
 *            value; ptr_obj; aux; dur_ns.
 *
 * A field left out is that previous event's (gid, site, stack, obj) or 0
 * (peer, value, ptr_obj, aux, dur_ns).  An event has no length: its
 * flags say how many varints follow.  Differences are taken within a
 * chunk, so a segment starts at a chunk's start when it continues one
 * that an earlier segment began: its first `skip` bytes were unpacked
 * then, and only set the base of the events after them.
 *
 * Why these choices: a sync-heavy program logs an event every 80 ns, and
 * every byte of it is copied four times on its way to the disk.  A lock
 * or an unlock takes 5-6 bytes: kind, flags, and one byte each for the
 * order, the time and the clock (a peer for the lock).  Time in units of
 * 16 ticks (about 5 ns) fits an event's distance from the last in one
 * byte where whole ticks took two; nothing finer is meaningful in a
 * stamp taken somewhere in a runtime call that itself lasts longer.
 *
 * Format 4 (schema versions 3 and 4), still read: byte 1 was the event's
 * length and byte 2 its flags, with ptr_obj following value under one
 * flag, aux and dur_ns the top two bits, ts in whole ticks.
 *
 * Records below 0x40 (sites and races, which the writer reads in place,
 * and in packs of schema version 3 every record) carry the layout of the
 * structs of log.h and log_rec.h on x86-64 Linux: that layout is part of
 * the schema, and log_unpack.c asserts it, so changing a struct means a
 * new schema version.
 *
 * From 0x40 to 0x7f, a small record (schema version 4): goroutines, their
 * ends, objects, frees, stack nodes and access counts, which a program
 * writes at its own pace too (one of each kind or more per goroutine), as
 * varints like events, a quarter of their structs' size:
 *
 *   byte 0     RL_PK_RECORD | type (enum rl_rec_type, log_int.h)
 *   bytes 1-2  length of the whole record, little-endian
 *   byte 3     which strings are there (bit i: the i-th; one not there
 *              is NULL)
 *   varints    its numbers, in the order log_rec.h lists them
 *   strings    those that are there, each ending in a NUL
 */
#ifndef RL_LOG_PACK_H
#define RL_LOG_PACK_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "log.h"

#define RL_PK_EVENT 0x80u
/* The format of the events rl_pack_event writes (event_packs.format),
 * and the one before it, which schema versions 3 and 4 wrote. */
#define RL_PACK_FORMAT 5
#define RL_PACK_FORMAT_4 4
#define RL_PK_TS_SHIFT 4
/* Room an event may take: 3 bytes, nine varints of 64 bits and three of
 * 32. */
#define RL_PK_MAX 108u

enum {
  RL_PK_GID = 1 << 0,
  RL_PK_SITE = 1 << 1,
  RL_PK_STACK = 1 << 2,
  RL_PK_OBJ = 1 << 3,
  RL_PK_PEER = 1 << 4,
  RL_PK_VALUE = 1 << 5,
  RL_PK_PTR = 1 << 6,
  RL_PK_MORE = 1 << 7, /* a second byte of flags follows */
  RL_PK_AUX = 1 << 8,
  RL_PK_DUR = 1 << 9,
};

/* The base of the differences in a chunk: its previous event's order,
 * time, clock and goroutine, and for each kind of event where the last
 * one of that kind was made and on what (a goroutine taking a lock and
 * releasing it, or receiving from one channel and sending on the next,
 * alternates kinds, and each kind's own site and object repeat). */
typedef struct rl_pack_state {
  uint64_t seq, ts, clock;
  uint32_t gid;
  struct {
    uint32_t site, stack;
    uint64_t obj;
  } kind[RL_PK_EVENT];
} rl_pack_state_t;

/* Writes e at out (room for RL_PK_MAX bytes) and returns its length. */
uint32_t rl_pack_event(rl_pack_state_t *s, const rl_log_event_t *e,
                       uint8_t *out);

/* Reads the event of the given format at p (`avail` bytes there) and
 * returns its length; 0 when it is malformed or runs past avail. */
size_t rl_unpack_event(rl_pack_state_t *s, const uint8_t *p, size_t avail,
                       unsigned format, rl_log_event_t *e);

/* The length of the event rl_pack_event wrote at p (`avail` bytes
 * there), without reading it; 0 when it runs past avail. */
size_t rl_pack_event_length(const uint8_t *p, size_t avail);

#define RL_PK_RECORD 0x40u
#define RL_PK_RECORD_NUMBERS 11 /* the most a record has (objects) */
#define RL_PK_RECORD_STRINGS 2
/* Longer strings are cut: a record must always fit in one chunk. */
#define RL_PK_STR_MAX 2048

/* A small record's contents, either way. */
typedef struct rl_pk_record {
  unsigned type, nv, ns;
  uint64_t v[RL_PK_RECORD_NUMBERS];
  const char *s[RL_PK_RECORD_STRINGS];
} rl_pk_record_t;

/* The most rl_pack_record may write for r. */
size_t rl_pack_record_room(const rl_pk_record_t *r);
/* Writes r at out and returns its length. */
uint32_t rl_pack_record(const rl_pk_record_t *r, uint8_t *out);
/* Reads the record of n bytes at p, which must have r->nv numbers and
 * r->ns strings (set by the caller from its type); false when it is
 * malformed.  Its strings point into p. */
bool rl_unpack_record(const uint8_t *p, size_t n, rl_pk_record_t *r);

/* A segment's header: skip and the segment's length in bytes, as two
 * varints padded to 5 bytes each, so the writer can put it in front of
 * bytes it has already copied. */
#define RL_PACK_SEGMENT_HEADER 10
void rl_pack_segment_header(uint8_t *out, uint32_t skip, uint32_t bytes);
/* Reads one at p (n bytes there); its length, or 0 when it is damaged. */
size_t rl_pack_segment_read(const uint8_t *p, size_t n, uint32_t *skip,
                            uint32_t *bytes);

/* Turns every pack of the database into rows (and fills in
 * races.prev_seq, which needs the events), in one transaction on db, which
 * must be writable.  *moved counts the events; SQLITE_OK or an error code,
 * SQLITE_CORRUPT for a pack that cannot be read. */
int rl_unpack_db(sqlite3 *db, uint64_t *moved);
/* The same for the packs of one run. */
int rl_unpack_run(sqlite3 *db, int64_t run, uint64_t *moved);

#endif /* RL_LOG_PACK_H */
