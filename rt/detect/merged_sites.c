/*
 * rt/detect/merged_sites.c -- the per-byte sites of merged records
 * (merged_sites.h says why).
 */
#include "merged_sites.h"

#include "spin.h"
#include "thread.h"

#define RL_MERGED_BITS 12 /* 4,096 entries, 400 KiB, touched lazily */

typedef struct rl_merged {
  rl_spin_t lock;
  const uint64_t *field;
  uint64_t ep; /* the record's epoch, without its mask */
  uint32_t site[8], stack[8];
} rl_merged_t;

static rl_merged_t table[1u << RL_MERGED_BITS];

static rl_merged_t *entry_of(const uint64_t *field) {
  uint64_t x = (uint64_t)(uintptr_t)field >> 3;
  return &table[(x * 0x9e3779b97f4a7c15ull) >> (64 - RL_MERGED_BITS)];
}

static uint64_t epoch_of(uint64_t rec) {
  return rec & ~(RL_EP_MASK | RL_EP_BUSY);
}

void rl_merged_note(const uint64_t *field, uint64_t old, uint32_t old_site,
                    uint32_t old_stack, uint64_t me, uint32_t site,
                    uint32_t stack) {
  rl_merged_t *e = entry_of(field);
  rl_spin_lock(&e->lock);
  if (e->field != field || e->ep != epoch_of(old)) {
    e->field = field;
    e->ep = epoch_of(old);
    for (int b = 0; b < 8; b++) {
      bool had = old >> b & 1;
      e->site[b] = had ? old_site : 0;
      e->stack[b] = had ? old_stack : 0;
    }
  }
  for (int b = 0; b < 8; b++)
    if (me >> b & 1) {
      e->site[b] = site;
      e->stack[b] = stack;
    }
  rl_spin_unlock(&e->lock);
}

bool rl_merged_sites(const uint64_t *field, uint64_t rec, uint32_t site[8],
                     uint32_t stack[8]) {
  rl_merged_t *e = entry_of(field);
  rl_spin_lock(&e->lock);
  bool found = e->field == field && e->ep == epoch_of(rec);
  if (found)
    for (int b = 0; b < 8; b++) {
      site[b] = e->site[b];
      stack[b] = e->stack[b];
    }
  rl_spin_unlock(&e->lock);
  return found;
}
