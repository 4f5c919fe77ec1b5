/*
 * rt/log/log_rec.h -- payloads of the records that have no struct of their
 * own in log.h.  Shared by the encoder (log_api.c) and the writer.
 */
#ifndef RL_LOG_REC_H
#define RL_LOG_REC_H

#include <stdint.h>

#include "log.h"
#include "log_pack.h"

/* Marks a copied string in a record's pointer field; NULL marks none. */
#define RL_STR_PRESENT ((const char *)1)

typedef struct rl_rec_sites {
  const rl_site_t *sites; /* static: the module's table */
  uint32_t n;
} rl_rec_sites_t;

typedef struct rl_rec_goroutine_end {
  uint32_t gid;
  uint64_t exit_seq;
  uint64_t end_ns;
} rl_rec_goroutine_end_t;

typedef struct rl_rec_object_free {
  uint64_t obj_id;
  uint64_t free_seq;
} rl_rec_object_free_t;

typedef struct rl_rec_stack_node {
  uint32_t node, parent, fn_site, call_site;
} rl_rec_stack_node_t;

typedef struct rl_rec_access_counts {
  uint32_t gid, site;
  uint64_t reads, writes, atomics;
} rl_rec_access_counts_t;

/* The numbers of each small record (log_pack.h, RL_PK_RECORD) in the
 * order they are stored, then its strings, as X(a, field) for the struct
 * `a` points to: the one list that the encoder (log_api.c) and the decoder
 * (log_unpack.c) both expand. */
// clang-format off
#define RL_REC_GOROUTINE_FIELDS(X, a) \
  X(a, gid) X(a, parent) X(a, create_site) X(a, create_stack) \
  X(a, go_seq) X(a, start_ns)
#define RL_REC_GOROUTINE_STRINGS(X, a) X(a, start_func) X(a, kind)
#define RL_REC_GOROUTINE_END_FIELDS(X, a) X(a, gid) X(a, exit_seq) X(a, end_ns)
#define RL_REC_OBJECT_FIELDS(X, a) \
  X(a, obj_id) X(a, kind) X(a, addr) X(a, size) X(a, cap) X(a, elem_size) \
  X(a, site) X(a, gid) X(a, stack) X(a, seq) X(a, line)
#define RL_REC_OBJECT_STRINGS(X, a) X(a, name) X(a, file)
#define RL_REC_OBJECT_FREE_FIELDS(X, a) X(a, obj_id) X(a, free_seq)
#define RL_REC_STACK_NODE_FIELDS(X, a) \
  X(a, node) X(a, parent) X(a, fn_site) X(a, call_site)
#define RL_REC_ACCESS_COUNTS_FIELDS(X, a) \
  X(a, gid) X(a, site) X(a, reads) X(a, writes) X(a, atomics)
// clang-format on
#define RL_REC_NO_STRINGS(X, a)
#define RL_REC_GOROUTINE_END_STRINGS RL_REC_NO_STRINGS
#define RL_REC_OBJECT_FREE_STRINGS RL_REC_NO_STRINGS
#define RL_REC_STACK_NODE_STRINGS RL_REC_NO_STRINGS
#define RL_REC_ACCESS_COUNTS_STRINGS RL_REC_NO_STRINGS

/* How many numbers (strings) a small record of type T has, as a constant
 * expression: RL_REC_COUNT(T, FIELDS), RL_REC_COUNT(T, STRINGS). */
#define RL_REC_ONE(a, f) +1
#define RL_REC_COUNT(T, WHAT) (0 RL_REC_##T##_##WHAT(RL_REC_ONE, _))
#define RL_REC_FITS(T)                                                         \
  _Static_assert(RL_REC_COUNT(T, FIELDS) <= RL_PK_RECORD_NUMBERS &&            \
                     RL_REC_COUNT(T, STRINGS) <= RL_PK_RECORD_STRINGS,         \
                 "rl_pk_record_t too small for " #T);
RL_REC_FITS(GOROUTINE)
RL_REC_FITS(GOROUTINE_END)
RL_REC_FITS(OBJECT)
RL_REC_FITS(OBJECT_FREE)
RL_REC_FITS(STACK_NODE)
RL_REC_FITS(ACCESS_COUNTS)

/* The small record *r of type T (RL_REC_T) made from the struct at a. */
#define RL_REC_NUMBER(a, f) rec_->v[rec_->nv++] = (uint64_t)(a)->f;
#define RL_REC_STRING(a, f) rec_->s[rec_->ns++] = (a)->f;
#define RL_REC_FROM_STRUCT(T, a, r)                                            \
  do {                                                                         \
    rl_pk_record_t *rec_ = (r);                                                \
    *rec_ = (rl_pk_record_t){.type = RL_REC_##T};                              \
    RL_REC_##T##_FIELDS(RL_REC_NUMBER, a);                                     \
    RL_REC_##T##_STRINGS(RL_REC_STRING, a);                                    \
  } while (0)

#endif /* RL_LOG_REC_H */
