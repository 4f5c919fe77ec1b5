/*
 * rt/log/log_pack.c -- writing and reading the packed events of
 * log_pack.h.  Both directions live here so that there is one definition
 * of the format.
 *
 * The encoder runs on the program's threads, once per sync event, so it
 * is straight-line code: a varint of a small number is one store, and the
 * fields that are usually the previous event's are a flag bit.
 */
#include "log_pack.h"

#include <string.h>

/* An event's first byte holds its kind below RL_PK_EVENT. */
#define RL_EVENT(e, n, name)                                                   \
  _Static_assert((n) > 0 && (n) < RL_PK_EVENT, "kind " #n " does not pack");
#include "../events.def"
#undef RL_EVENT

static inline uint64_t zigzag(uint64_t d) {
  return (d << 1) ^ (uint64_t)((int64_t)d >> 63);
}

static inline uint64_t unzigzag(uint64_t z) {
  return (z >> 1) ^ (uint64_t) - (int64_t)(z & 1);
}

static inline uint8_t *put_varint(uint8_t *p, uint64_t v) {
  while (v >= 0x80) {
    *p++ = (uint8_t)(v | 0x80);
    v >>= 7;
  }
  *p++ = (uint8_t)v;
  return p;
}

static inline uint64_t ts_units(uint64_t ts) {
  return ts >> RL_PK_TS_SHIFT;
}

/* The bytes every event has: its kind, its flags, and its order, time
 * and clock.  Each of those three is read once, as the caller stored it:
 * copied to the state as a pair, two of them were one 16-byte load of two
 * fresh 8-byte stores, which cannot be forwarded from the store buffer
 * and waits for both to reach the cache (a quarter of packing's `perf`
 * samples sat on that load). */
static inline uint8_t *put_head(rl_pack_state_t *s, unsigned k, unsigned flags,
                                const rl_log_event_t *e, uint8_t *out) {
  out[0] = (uint8_t)(RL_PK_EVENT | k);
  out[1] = (uint8_t)flags;
  uint8_t *p = out + 2;
  if (flags & RL_PK_MORE)
    *p++ = (uint8_t)(flags >> 8);
  uint64_t seq = e->seq, ts = e->ts, clock = e->clock;
  p = put_varint(p, zigzag(seq - s->seq));
  p = put_varint(p, zigzag(ts_units(ts) - ts_units(s->ts)));
  p = put_varint(p, zigzag(clock - s->clock));
  s->seq = seq;
  s->ts = ts;
  s->clock = clock;
  return p;
}

static inline uint8_t *put_peer(uint8_t *p, const rl_log_event_t *e) {
  return put_varint(p, zigzag(e->seq - e->peer));
}

/* An event that changes its goroutine, site, stack or object, or carries
 * a pointer, aux or duration: every field in RL_PK_* order.  Those
 * it names become the base of the next event's; the others are equal to
 * it already. */
static __attribute__((noinline)) uint32_t pack_changed(rl_pack_state_t *s,
                                                       unsigned k,
                                                       const rl_log_event_t *e,
                                                       uint8_t *out) {
  unsigned flags = (e->gid != s->gid ? RL_PK_GID : 0) |
                   (e->site != s->kind[k].site ? RL_PK_SITE : 0) |
                   (e->stack != s->kind[k].stack ? RL_PK_STACK : 0) |
                   (e->obj != s->kind[k].obj ? RL_PK_OBJ : 0) |
                   (e->peer ? RL_PK_PEER : 0) | (e->value ? RL_PK_VALUE : 0) |
                   (e->ptr_obj ? RL_PK_PTR : 0) | (e->aux ? RL_PK_AUX : 0) |
                   (e->dur_ns ? RL_PK_DUR : 0);
  if (flags > 0xff)
    flags |= RL_PK_MORE;
  uint8_t *p = put_head(s, k, flags, e, out);
  if (flags & RL_PK_GID)
    p = put_varint(p, e->gid);
  if (flags & RL_PK_SITE)
    p = put_varint(p, e->site);
  if (flags & RL_PK_STACK)
    p = put_varint(p, e->stack);
  if (flags & RL_PK_OBJ)
    p = put_varint(p, e->obj);
  if (flags & RL_PK_PEER)
    p = put_peer(p, e);
  if (flags & RL_PK_VALUE)
    p = put_varint(p, e->value);
  if (flags & RL_PK_PTR)
    p = put_varint(p, e->ptr_obj);
  if (flags & RL_PK_AUX)
    p = put_varint(p, e->aux);
  if (flags & RL_PK_DUR)
    p = put_varint(p, e->dur_ns);
  s->gid = e->gid;
  s->kind[k].site = e->site;
  s->kind[k].stack = e->stack;
  s->kind[k].obj = e->obj;
  return (uint32_t)(p - out);
}

/* Nearly every event of a sync-heavy loop keeps its goroutine, repeats
 * its kind's site, stack and object, and has no pointer, aux or duration
 * (a peer and a value are common: a lock's unlock, a channel's value).
 * One test of all of them lets such an event skip the separate ones and
 * be packed without the calls and saved registers of the general case: a
 * third fewer instructions for a lock or an unlock (callgrind). */
uint32_t rl_pack_event(rl_pack_state_t *s, const rl_log_event_t *e,
                       uint8_t *out) {
  unsigned k = e->kind & ~RL_PK_EVENT;
  uint64_t changed =
      (uint64_t)((e->gid ^ s->gid) | (e->site ^ s->kind[k].site) |
                 (e->stack ^ s->kind[k].stack)) |
      (e->obj ^ s->kind[k].obj) | e->ptr_obj | e->aux | e->dur_ns;
  if (__builtin_expect(changed != 0, 0))
    return pack_changed(s, k, e, out);
  unsigned flags = (e->peer ? RL_PK_PEER : 0) | (e->value ? RL_PK_VALUE : 0);
  uint8_t *p = put_head(s, k, flags, e, out);
  if (flags & RL_PK_PEER)
    p = put_peer(p, e);
  if (flags & RL_PK_VALUE)
    p = put_varint(p, e->value);
  return (uint32_t)(p - out);
}

static inline void remember(rl_pack_state_t *s, unsigned k,
                            const rl_log_event_t *e) {
  s->seq = e->seq;
  s->ts = e->ts;
  s->clock = e->clock;
  s->gid = e->gid;
  s->kind[k].site = e->site;
  s->kind[k].stack = e->stack;
  s->kind[k].obj = e->obj;
}

/* A varint within [*p, end); false when it runs past end or is too long. */
static bool get_varint(const uint8_t **p, const uint8_t *end, uint64_t *v) {
  uint64_t x = 0;
  for (unsigned shift = 0; shift < 64 && *p < end; shift += 7) {
    uint8_t b = *(*p)++;
    x |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) {
      *v = x;
      return true;
    }
  }
  return false;
}

/* An event's header: its flags in format 5's terms, and where its varints
 * begin and (format 4, which has a length) must end; false when the
 * header is cut or does not fit. */
static bool event_head(const uint8_t *p, size_t avail, unsigned format,
                       unsigned *flags, const uint8_t **q,
                       const uint8_t **end) {
  if (avail < 2 || !(p[0] & RL_PK_EVENT))
    return false;
  if (format == RL_PACK_FORMAT) {
    *flags = p[1];
    *q = p + 2;
    if (*flags & RL_PK_MORE) {
      if (avail < 3)
        return false;
      *flags |= (unsigned)p[2] << 8;
      *q = p + 3;
    }
    *end = p + avail;
    return *flags >> 10 == 0;
  }
  if (avail < 3 || p[1] < 3 || p[1] > avail)
    return false;
  /* Format 4: value and ptr_obj under one flag, aux and dur above. */
  unsigned f = p[2];
  *flags = (f & 0x1f) | (f & 0x20 ? RL_PK_VALUE | RL_PK_PTR : 0) |
           (f & 0x40 ? RL_PK_AUX : 0) | (f & 0x80 ? RL_PK_DUR : 0);
  *q = p + 3;
  *end = p + p[1];
  return true;
}

size_t rl_pack_event_length(const uint8_t *p, size_t avail) {
  unsigned flags;
  const uint8_t *q, *end;
  if (!event_head(p, avail, RL_PACK_FORMAT, &flags, &q, &end))
    return 0;
  unsigned varints = 3 + (unsigned)__builtin_popcount(flags & ~RL_PK_MORE);
  while (varints > 0 && q < end)
    if (!(*q++ & 0x80))
      varints--;
  return varints ? 0 : (size_t)(q - p);
}

size_t rl_unpack_event(rl_pack_state_t *s, const uint8_t *p, size_t avail,
                       unsigned format, rl_log_event_t *e) {
  unsigned flags;
  const uint8_t *q, *end;
  uint64_t dseq, dts, dclock, v;
  if (!event_head(p, avail, format, &flags, &q, &end) ||
      !get_varint(&q, end, &dseq) || !get_varint(&q, end, &dts) ||
      !get_varint(&q, end, &dclock))
    return 0;
  unsigned k = p[0] & ~RL_PK_EVENT;
  unsigned shift = format == RL_PACK_FORMAT ? RL_PK_TS_SHIFT : 0;
  *e = (rl_log_event_t){.seq = s->seq + unzigzag(dseq),
                        .gid = s->gid,
                        .kind = k,
                        .site = s->kind[k].site,
                        .stack = s->kind[k].stack,
                        .obj = s->kind[k].obj,
                        .clock = s->clock + unzigzag(dclock),
                        .ts = ((s->ts >> shift) + unzigzag(dts)) << shift};
#define FIELD(flag, assign)                                                    \
  if (flags & (flag)) {                                                        \
    if (!get_varint(&q, end, &v))                                              \
      return 0;                                                                \
    assign;                                                                    \
  }
  FIELD(RL_PK_GID, e->gid = (uint32_t)v)
  FIELD(RL_PK_SITE, e->site = (uint32_t)v)
  FIELD(RL_PK_STACK, e->stack = (uint32_t)v)
  FIELD(RL_PK_OBJ, e->obj = v)
  FIELD(RL_PK_PEER, e->peer = e->seq - unzigzag(v))
  FIELD(RL_PK_VALUE, e->value = v)
  FIELD(RL_PK_PTR, e->ptr_obj = v)
  FIELD(RL_PK_AUX, e->aux = v)
  FIELD(RL_PK_DUR, e->dur_ns = v)
#undef FIELD
  if (format != RL_PACK_FORMAT && q != end)
    return 0;
  remember(s, k, e);
  return (size_t)(q - p);
}

size_t rl_pack_record_room(const rl_pk_record_t *r) {
  size_t n = 4 + (size_t)r->nv * 10;
  for (unsigned i = 0; i < r->ns; i++)
    if (r->s[i])
      n += strnlen(r->s[i], RL_PK_STR_MAX) + 1;
  return n;
}

uint32_t rl_pack_record(const rl_pk_record_t *r, uint8_t *out) {
  uint8_t *p = out + 4;
  uint8_t present = 0;
  for (unsigned i = 0; i < r->nv; i++)
    p = put_varint(p, r->v[i]);
  for (unsigned i = 0; i < r->ns; i++) {
    if (!r->s[i])
      continue;
    size_t len = strnlen(r->s[i], RL_PK_STR_MAX);
    memcpy(p, r->s[i], len);
    p[len] = '\0';
    p += len + 1;
    present |= (uint8_t)(1u << i);
  }
  uint32_t len = (uint32_t)(p - out);
  out[0] = (uint8_t)(RL_PK_RECORD | r->type);
  out[1] = (uint8_t)len;
  out[2] = (uint8_t)(len >> 8);
  out[3] = present;
  return len;
}

bool rl_unpack_record(const uint8_t *p, size_t n, rl_pk_record_t *r) {
  if (n < 4 || (p[0] & 0xc0) != RL_PK_RECORD ||
      (size_t)(p[1] | p[2] << 8) != n || r->nv > RL_PK_RECORD_NUMBERS ||
      r->ns > RL_PK_RECORD_STRINGS || p[3] >> r->ns)
    return false;
  r->type = p[0] & ~RL_PK_RECORD;
  const uint8_t *q = p + 4, *end = p + n;
  for (unsigned i = 0; i < r->nv; i++)
    if (!get_varint(&q, end, &r->v[i]))
      return false;
  for (unsigned i = 0; i < r->ns; i++) {
    r->s[i] = NULL;
    if (!(p[3] >> i & 1))
      continue;
    const uint8_t *nul = memchr(q, 0, (size_t)(end - q));
    if (!nul)
      return false;
    r->s[i] = (const char *)q;
    q = nul + 1;
  }
  return q == end;
}

/* A varint of 5 bytes whatever v (below 2^35): readers take the padding
 * (continuation bits over zero digits) like any varint. */
static uint8_t *put_varint5(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; i++, v >>= 7)
    *p++ = (uint8_t)(v | 0x80);
  *p++ = (uint8_t)(v & 0x7f);
  return p;
}

void rl_pack_segment_header(uint8_t *out, uint32_t skip, uint32_t bytes) {
  put_varint5(put_varint5(out, skip), bytes);
}

size_t rl_pack_segment_read(const uint8_t *p, size_t n, uint32_t *skip,
                            uint32_t *bytes) {
  const uint8_t *q = p, *end = p + n;
  uint64_t a, b;
  if (!get_varint(&q, end, &a) || !get_varint(&q, end, &b) || a > UINT32_MAX ||
      b > UINT32_MAX)
    return 0;
  *skip = (uint32_t)a;
  *bytes = (uint32_t)b;
  return (size_t)(q - p);
}
