/*
 * rt/detect/module.c -- what instrumented modules hand the runtime at
 * start: their site tables (numbered here, process-wide) and their globals
 * (kept sorted by address so reports can name a variable), and rl_init,
 * which turns detection on.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../log/log.h"
#include "../rt.h"
#include "detect.h"
#include "options.h"
#include "shadow.h"
#include "sites.h"
#include "syncvar.h"
#include "thread.h"

int rl_enabled;
int rl_trace_all;

static pthread_mutex_t mod_mu = PTHREAD_MUTEX_INITIALIZER;

/* ---- sites by id -------------------------------------------------------- */
#define SITE_CHUNK 4096
#define SITE_CHUNKS 4096
static const rl_site_t **site_chunks[SITE_CHUNKS];
static uint32_t next_site = 1;

const rl_site_t *rl_site_by_id(uint32_t id) {
  if (id == 0 || id / SITE_CHUNK >= SITE_CHUNKS)
    return NULL;
  const rl_site_t **chunk =
      __atomic_load_n(&site_chunks[id / SITE_CHUNK], __ATOMIC_ACQUIRE);
  return chunk ? __atomic_load_n(&chunk[id % SITE_CHUNK], __ATOMIC_ACQUIRE)
               : NULL;
}

/* Numbers the sites; mod_mu held. */
static void number_sites(rl_site_t *sites, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    uint32_t id = next_site++;
    if (id / SITE_CHUNK >= SITE_CHUNKS) {
      fputs("racelens: too many instrumented sites in one program\n", stderr);
      exit(2);
    }
    const rl_site_t **chunk = site_chunks[id / SITE_CHUNK];
    if (!chunk) {
      chunk = calloc(SITE_CHUNK, sizeof *chunk);
      if (!chunk)
        abort();
      __atomic_store_n(&site_chunks[id / SITE_CHUNK], chunk, __ATOMIC_RELEASE);
    }
    __atomic_store_n(&sites[i].id, id, __ATOMIC_RELAXED);
    __atomic_store_n(&chunk[id % SITE_CHUNK], &sites[i], __ATOMIC_RELEASE);
  }
}

uint32_t rl_sites_numbered(void) {
  return __atomic_load_n(&next_site, __ATOMIC_RELAXED);
}

/* ---- globals by address ------------------------------------------------- */
static const rl_global_t **globals;
static size_t nglobals, capglobals;

static int by_addr(const void *a, const void *b) {
  uintptr_t x = (uintptr_t)(*(const rl_global_t *const *)a)->addr;
  uintptr_t y = (uintptr_t)(*(const rl_global_t *const *)b)->addr;
  return x < y ? -1 : x > y;
}

/* mod_mu held. */
static void add_globals(const rl_global_t *g, uint32_t n) {
  if (nglobals + n > capglobals) {
    capglobals = (nglobals + n) * 2;
    globals = realloc(globals, capglobals * sizeof *globals);
    if (!globals)
      abort();
  }
  for (uint32_t i = 0; i < n; i++)
    globals[nglobals++] = &g[i];
  qsort(globals, nglobals, sizeof *globals, by_addr);
}

const rl_global_t *rl_global_at(uintptr_t a) {
  const rl_global_t *found = NULL;
  pthread_mutex_lock(&mod_mu);
  size_t lo = 0, hi = nglobals;
  while (lo < hi) { /* last global starting at or below a */
    size_t mid = (lo + hi) / 2;
    if ((uintptr_t)globals[mid]->addr <= a)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo > 0) {
    const rl_global_t *g = globals[lo - 1];
    if (a < (uintptr_t)g->addr + (g->size ? g->size : 1))
      found = g;
  }
  pthread_mutex_unlock(&mod_mu);
  return found;
}

static void log_globals(const rl_global_t *g, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    uint64_t id = rl_object_new_id();
    rl_syncvar_object(g[i].addr, RL_OBJ_GLOBAL, id);
    rl_log_object(&(rl_log_object_t){.obj_id = id,
                                     .kind = RL_OBJ_GLOBAL,
                                     .addr = (uint64_t)(uintptr_t)g[i].addr,
                                     .name = g[i].name,
                                     .size = g[i].size,
                                     .gid = 1,
                                     .file = g[i].file,
                                     .line = g[i].line});
  }
}

/* ---- start -------------------------------------------------------------- */
static int init_state; /* 0 never, 1 running, 2 done */

void rl_init(void) {
  if (!rl_enabled)
    return;
  int expected = 0;
  if (!__atomic_compare_exchange_n(&init_state, &expected, 1, false,
                                   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    return; /* done, or in progress on this thread (re-entered via rt_init) */
  rl_options_load();
  rl_shadow_init();
  rl_thread_init_main();
  rl_log_init();
  rl_trace_all = rl_log_tracing();
  if (rl_trace_all) /* main's table was sized before we knew */
    rl_cur()->fast_ncounts = 0;
  rl_log_goroutine(&(rl_log_goroutine_t){
      .gid = 1, .start_func = "main", .kind = "main", .start_ns = rl_now_ns()});
  __atomic_store_n(&init_state, 2, __ATOMIC_RELEASE);
  rt_init();
}

void __rl_register_module(rl_module_t *m) {
  if (!m)
    return;
  if (m->abi_version != RL_ABI_VERSION) {
    fprintf(stderr,
            "racelens: %s was instrumented for runtime ABI %u, but this "
            "runtime speaks ABI %u: rebuild it with the matching racelens\n",
            m->source ? m->source : "a module", m->abi_version, RL_ABI_VERSION);
    exit(2);
  }
  pthread_mutex_lock(&mod_mu);
  number_sites(m->sites, m->nsites);
  if (m->globals && m->nglobals)
    add_globals(m->globals, m->nglobals);
  pthread_mutex_unlock(&mod_mu);
  __atomic_store_n(&rl_enabled, 1, __ATOMIC_RELEASE);
  rl_init();
  rl_log_sites(m->sites, m->nsites);
  if (m->globals && m->nglobals)
    log_globals(m->globals, m->nglobals);
}
