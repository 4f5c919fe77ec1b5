/*
 * rt/log/log_api.c -- the rl_log_* record calls: each copies its record,
 * strings included (static ones too: the record outlives the process in
 * a pack), into the calling thread's chunk and returns.
 *
 * What a program writes at its own pace is packed (log_pack.h): events,
 * and the small records -- goroutines, objects, stack nodes, access
 * counts -- whose numbers log_rec.h lists in their stored order.  Sites
 * and races, which the writer reads in place, are the header, the
 * caller's struct as it is (pointer fields of copied strings hold a
 * marker: RL_STR_PRESENT or NULL), then the strings in field order.
 */
#include <string.h>

#include "log_int.h"
#include "log_pack.h"
#include "log_rec.h"

static uint32_t round8(uint32_t n) {
  return (n + 7u) & ~7u;
}

static void put(uint16_t type, const void *payload, uint32_t plen,
                const char *const *strs, int nstr) {
  uint32_t slen[4];
  uint32_t len = sizeof(rl_rec_hdr_t) + round8(plen);
  int kept = 0;
  for (int i = 0; i < nstr; i++) {
    if (!strs[i])
      continue;
    size_t n = strlen(strs[i]);
    slen[kept] = n > RL_PK_STR_MAX ? RL_PK_STR_MAX : (uint32_t)n;
    len += slen[kept] + 1;
    kept++;
  }
  len = round8(len);
  rl_tbuf_t *tb;
  char *p = rl_buf_reserve(len + 7, &tb); /* room to align it */
  if (!p)
    return;
  uint32_t pad = (uint32_t)(-(uintptr_t)p & 7);
  memset(p, 0, pad);
  p += pad;
  rl_rec_hdr_t h = {type, (uint16_t)kept, len};
  memcpy(p, &h, sizeof h);
  memcpy(p + sizeof h, payload, plen);
  char *s = p + sizeof h + round8(plen);
  kept = 0;
  for (int i = 0; i < nstr; i++) {
    if (!strs[i])
      continue;
    memcpy(s, strs[i], slen[kept]);
    s[slen[kept]] = '\0';
    s += slen[kept] + 1;
    kept++;
  }
  rl_buf_note_in_place(tb);
  rl_buf_commit(tb, pad + len, false);
}

static void put_small(const rl_pk_record_t *r) {
  rl_tbuf_t *tb;
  uint8_t *p = rl_buf_reserve((uint32_t)rl_pack_record_room(r), &tb);
  if (p)
    rl_buf_commit(tb, rl_pack_record(r, p), false);
}

/* A small record of type T from the struct at a. */
#define PUT_SMALL(T, a)                                                        \
  do {                                                                         \
    rl_pk_record_t r;                                                          \
    RL_REC_FROM_STRUCT(T, a, &r);                                              \
    put_small(&r);                                                             \
  } while (0)

static bool on(void) {
  return atomic_load_explicit(&rl_log_on, memory_order_relaxed);
}

#define MARK(field) ((field) ? RL_STR_PRESENT : NULL)

void rl_log_sites(const rl_site_t *sites, uint32_t n) {
  if (!on() || !sites || n == 0)
    return;
  rl_rec_sites_t r = {sites, n};
  put(RL_REC_SITES, &r, sizeof r, NULL, 0);
}

void rl_log_goroutine(const rl_log_goroutine_t *g) {
  if (!on() || !g)
    return;
  PUT_SMALL(GOROUTINE, g);
}

void rl_log_goroutine_end(uint32_t gid, uint64_t exit_seq, uint64_t end_ns) {
  if (!on())
    return;
  rl_rec_goroutine_end_t e = {gid, exit_seq, end_ns};
  PUT_SMALL(GOROUTINE_END, &e);
}

void rl_log_object(const rl_log_object_t *o) {
  if (!on() || !o)
    return;
  PUT_SMALL(OBJECT, o);
}

void rl_log_object_free(uint64_t obj_id, uint64_t free_seq) {
  if (!on())
    return;
  rl_rec_object_free_t f = {obj_id, free_seq};
  PUT_SMALL(OBJECT_FREE, &f);
}

void rl_log_stack_node(uint32_t node, uint32_t parent, uint32_t fn_site,
                       uint32_t call_site) {
  if (!on())
    return;
  rl_rec_stack_node_t n = {node, parent, fn_site, call_site};
  PUT_SMALL(STACK_NODE, &n);
}

void rl_log_event(const rl_log_event_t *e) {
  if (!on() || !e)
    return;
  rl_tbuf_t *tb;
  uint8_t *p = rl_buf_reserve(RL_PK_MAX, &tb);
  if (p)
    rl_buf_commit(tb, rl_pack_event(&tb->pack, e, p), true);
}

void rl_log_race(const rl_log_race_t *r) {
  if (!on() || !r)
    return;
  rl_log_race_t c = *r;
  c.var = MARK(r->var);
  const char *strs[1] = {r->var};
  put(RL_REC_RACE, &c, sizeof c, strs, 1);
}

void rl_log_access_counts(uint32_t gid, uint32_t site, uint64_t reads,
                          uint64_t writes, uint64_t atomics) {
  if (!on())
    return;
  rl_rec_access_counts_t c = {gid, site, reads, writes, atomics};
  PUT_SMALL(ACCESS_COUNTS, &c);
}

void rl_log_thread_flush(void) {
  rl_buf_thread_flush();
}
