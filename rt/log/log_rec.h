/*
 * rt/log/log_rec.h -- payloads of the records that have no struct of their
 * own in log.h.  Shared by the encoder (log_api.c) and the writer.
 */
#ifndef RL_LOG_REC_H
#define RL_LOG_REC_H

#include <stdint.h>

#include "log.h"

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

#endif /* RL_LOG_REC_H */
