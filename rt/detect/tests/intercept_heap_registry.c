/*
 * The heap registry answers "which live block contains p" -- what reports
 * use to say "heap block of 40 bytes allocated at prog.c:12 by G1".
 * Checked on synthetic addresses (the registry never dereferences them)
 * so that page boundaries, large blocks and the scan-back limit are hit
 * exactly, then under concurrent use, then through the malloc-family
 * interceptors themselves.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi.h"
#include "detect/heap.h"

void *__rl_malloc(size_t n, rl_site_t *site);
void *__rl_calloc(size_t n, size_t size, rl_site_t *site);
void *__rl_realloc(void *p, size_t n, rl_site_t *site);
void *__rl_aligned_alloc(size_t align, size_t n, rl_site_t *site);
int __rl_posix_memalign(void **out, size_t align, size_t n, rl_site_t *site);
char *__rl_strdup(const char *s, rl_site_t *site);
void __rl_free(void *p, rl_site_t *site);
ssize_t __rl_getline(char **line, size_t *cap, FILE *f, rl_site_t *site);
ssize_t __rl_getdelim(char **line, size_t *cap, int delim, FILE *f,
                      rl_site_t *site);

static int failures;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      failures++;                                                              \
    }                                                                          \
  } while (0)

static void add(uintptr_t base, uint64_t size, uint32_t site) {
  rl_heap_block_t b = {.base = base, .size = size, .site = site, .gid = 1};
  rl_heap_add(&b);
}

/* The base of the block containing a, or 0. */
static uintptr_t owner(uintptr_t a) {
  rl_heap_block_t b;
  return rl_heap_find((const void *)a, &b) ? b.base : 0;
}

static void synthetic(void) {
  size_t before = rl_heap_count();
  add(0x10000, 40, 7);
  CHECK(owner(0x10000) == 0x10000);
  CHECK(owner(0x10027) == 0x10000);
  CHECK(owner(0x10028) == 0);
  CHECK(owner(0xffff) == 0);
  rl_heap_block_t b;
  CHECK(rl_heap_find((const void *)0x10010, &b) && b.size == 40 && b.site == 7);

  add(0x20000, 0, 0); /* malloc(0): contains its base only */
  CHECK(owner(0x20000) == 0x20000);
  CHECK(owner(0x20001) == 0);

  add(0x30ff0, 0x3000, 0); /* spans four pages, still "small" */
  CHECK(owner(0x33fef) == 0x30ff0);
  CHECK(owner(0x33ff0) == 0);

  add(0x100000, 1 << 20, 0); /* large: the sorted array */
  CHECK(owner(0x100000) == 0x100000);
  CHECK(owner(0x1fffff) == 0x100000);
  add(0x200000, 16, 0); /* small block right after a large one */
  CHECK(owner(0x200008) == 0x200000);
  CHECK(owner(0x200010) == 0);

  /* A small block just before a large one: the scan back finds the small
   * block first, which does not contain the address, and must still go on
   * to the large blocks. */
  add(0x300000, 16, 0);
  add(0x301000, 200 * 4096, 0);
  CHECK(owner(0x302000) == 0x301000);
  CHECK(owner(0x300004) == 0x300000);

  /* Far beyond the scan-back window of any small block. */
  CHECK(owner(0x10000 + 64 * 4096) == 0);

  /* Re-registering a base replaces the block. */
  add(0x10000, 80, 9);
  CHECK(owner(0x1004f) == 0x10000);
  CHECK(rl_heap_count() == before + 7);

  CHECK(rl_heap_remove((const void *)0x10000, &b) && b.size == 80);
  CHECK(!rl_heap_remove((const void *)0x10000, NULL));
  CHECK(owner(0x10010) == 0);
  CHECK(rl_heap_remove((const void *)0x100000, NULL));
  CHECK(owner(0x100010) == 0);
  CHECK(owner(0x200008) == 0x200000);
  CHECK(rl_heap_remove((const void *)0x20000, NULL));
  CHECK(rl_heap_remove((const void *)0x30ff0, NULL));
  CHECK(rl_heap_remove((const void *)0x200000, NULL));
  CHECK(rl_heap_remove((const void *)0x300000, NULL));
  CHECK(rl_heap_remove((const void *)0x301000, NULL));
  CHECK(rl_heap_count() == before);
}

/* Threads registering, finding and removing blocks in their own address
 * ranges at once: every block must be found while it lives and gone after
 * (and the TSan flavour of this test checks the locking). */
enum { NTHREADS = 4, ROUNDS = 3000, PER_ROUND = 8 };

static void *churn(void *arg) {
  uintptr_t region = 0x7000000000ull + (uintptr_t)arg * 0x100000000ull;
  long bad = 0;
  for (int r = 0; r < ROUNDS; r++) {
    uintptr_t base = region + (uintptr_t)(r % 97) * 0x20000;
    for (int i = 0; i < PER_ROUND; i++)
      add(base + (uintptr_t)i * 48, 40 + (i == PER_ROUND - 1) * 300000, 0);
    for (int i = 0; i < PER_ROUND; i++)
      bad += owner(base + (uintptr_t)i * 48 + 39) != base + (uintptr_t)i * 48;
    for (int i = 0; i < PER_ROUND; i++)
      bad += !rl_heap_remove((const void *)(base + (uintptr_t)i * 48), NULL);
    bad += owner(base + 8) != 0;
  }
  return (void *)bad;
}

static void concurrent(void) {
  size_t before = rl_heap_count();
  pthread_t t[NTHREADS];
  for (long i = 0; i < NTHREADS; i++)
    pthread_create(&t[i], NULL, churn, (void *)i);
  for (int i = 0; i < NTHREADS; i++) {
    void *bad;
    pthread_join(t[i], &bad);
    CHECK(bad == NULL);
  }
  CHECK(rl_heap_count() == before);
}

/* The interceptors register what they allocate, with the site's id. */
static rl_site_t sites[] = {
    {.kind = RL_SITE_CALL,
     .line = 12,
     .file = "heap.c",
     .func = "main",
     .callee = "malloc"},
};

static void through_interceptors(void) {
  rl_module_t m = {.abi_version = RL_ABI_VERSION,
                   .sites = sites,
                   .nsites = 1,
                   .source = "heap.c"};
  __rl_register_module(&m);
  rl_site_t *s = &sites[0];
  size_t before = rl_heap_count();
  rl_heap_block_t b;

  char *p = __rl_malloc(40, s);
  CHECK(rl_heap_find(p + 39, &b) && b.base == (uintptr_t)p && b.size == 40);
  CHECK(b.site == s->id && b.gid == 1);
  CHECK(!rl_heap_find(p + 40, &b) || b.base != (uintptr_t)p);
  memset(p, 'x', 40);

  char *q = __rl_realloc(p, 200000, s);
  CHECK(q && q[39] == 'x');
  CHECK(rl_heap_find(q + 199999, &b) && b.base == (uintptr_t)q &&
        b.size == 200000);
  CHECK(rl_heap_count() == before + 1);

  int *z = __rl_calloc(10, sizeof(int), s);
  CHECK(z && z[9] == 0 && rl_heap_find(&z[9], &b) && b.size == 40);
  char *d = __rl_strdup("racelens", s);
  CHECK(d && strcmp(d, "racelens") == 0 && rl_heap_find(d + 8, &b) &&
        b.size == 9);
  void *al = __rl_aligned_alloc(64, 128, s);
  CHECK(al && ((uintptr_t)al & 63) == 0 && rl_heap_find(al, &b));
  void *pm = NULL;
  CHECK(__rl_posix_memalign(&pm, 64, 24, s) == 0 && pm &&
        rl_heap_find((char *)pm + 23, &b) && b.size == 24);
  CHECK(rl_heap_count() == before + 5);

  __rl_free(q, s);
  CHECK(!rl_heap_find(q + 10, &b) || b.base != (uintptr_t)q);
  rl_heap_freed_t f;
  CHECK(rl_heap_find_freed(q + 10, &f) && f.block.base == (uintptr_t)q &&
        f.block.size == 200000 && f.block.site == s->id && f.free_gid == 1 &&
        f.free_site == s->id && f.free_seq > f.block.seq);
  __rl_free(z, s);
  __rl_free(d, s);
  __rl_free(al, s);
  __rl_free(pm, s);
  __rl_free(NULL, s);
  CHECK(rl_heap_count() == before);

  /* realloc to 0 frees; realloc(NULL) allocates. */
  char *r = __rl_realloc(NULL, 16, s);
  CHECK(r && rl_heap_find(r, &b) && b.size == 16);
  __rl_realloc(r, 0, s);
  CHECK(rl_heap_count() == before);
}

/* Freed blocks are remembered for naming, the newest first, until a
 * thousand later frees push them out; noted from several threads at once
 * while another looks them up (the TSan flavour checks the ring's
 * sequence locks). */
static void note(uintptr_t base, uint64_t size, uint32_t site) {
  rl_heap_freed_t f = {.block = {.base = base, .size = size, .site = site},
                       .free_seq = 1};
  rl_heap_note_freed(&f);
}

static void *note_many(void *arg) {
  uintptr_t region = 0x9000000000ull + (uintptr_t)arg * 0x100000000ull;
  for (int i = 0; i < 5000; i++)
    note(region + (uintptr_t)(i % 64) * 64, 48, (uint32_t)i);
  return NULL;
}

static void *find_many(void *arg) {
  (void)arg;
  long bad = 0;
  for (int i = 0; i < 2000; i++) {
    rl_heap_freed_t f;
    uintptr_t a = 0x9000000000ull + (uintptr_t)(i % 64) * 64 + 8;
    if (rl_heap_find_freed((const void *)a, &f))
      bad += f.block.size != 48 || f.block.base != a - 8;
  }
  return (void *)bad;
}

static void freed_blocks(void) {
  rl_heap_freed_t f;
  CHECK(!rl_heap_find_freed((const void *)0x5000, &f));
  note(0x5000, 16, 3);
  CHECK(rl_heap_find_freed((const void *)0x500f, &f) && f.block.site == 3);
  CHECK(!rl_heap_find_freed((const void *)0x5010, &f));
  note(0x5000, 32, 4); /* the address freed again, as a bigger block */
  CHECK(rl_heap_find_freed((const void *)0x5008, &f) && f.block.site == 4);
  CHECK(rl_heap_find_freed((const void *)0x501f, &f) && f.block.size == 32);
  note(0x6000, 0, 5); /* malloc(0): its base only */
  CHECK(rl_heap_find_freed((const void *)0x6000, &f) && f.block.site == 5);
  CHECK(!rl_heap_find_freed((const void *)0x6001, &f));

  pthread_t t[3];
  for (long i = 0; i < 2; i++)
    pthread_create(&t[i], NULL, note_many, (void *)i);
  pthread_create(&t[2], NULL, find_many, NULL);
  void *bad;
  pthread_join(t[0], NULL);
  pthread_join(t[1], NULL);
  pthread_join(t[2], &bad);
  CHECK(bad == NULL);
  CHECK(!rl_heap_find_freed((const void *)0x5008, &f)); /* pushed out */
}

/* getline and getdelim allocate or grow the caller's block through the
 * registry: the block the caller holds afterwards is the one registered,
 * with the size the caller was told, and a block they replaced is gone. */
static void line_reading(void) {
  rl_site_t *s = &sites[0];
  size_t before = rl_heap_count();
  rl_heap_block_t b;
  static char text[] = "short\na line longer than eight bytes\nx,y";
  FILE *f = fmemopen(text, sizeof text - 1, "r");
  CHECK(f != NULL);
  if (!f)
    return;

  char *line = NULL;
  size_t cap = 0;
  CHECK(__rl_getline(&line, &cap, f, s) == 6 && strcmp(line, "short\n") == 0);
  CHECK(cap == 120 && rl_heap_find(line + 119, &b) &&
        b.base == (uintptr_t)line && b.size == 120 && b.site == s->id);
  __rl_free(line, s);

  char *small = __rl_malloc(8, s);
  char *old = small;
  cap = 8;
  CHECK(__rl_getline(&small, &cap, f, s) == 31 &&
        strcmp(small, "a line longer than eight bytes\n") == 0);
  CHECK(cap >= 32 && rl_heap_find(small + cap - 1, &b) &&
        b.base == (uintptr_t)small && b.size == cap);
  CHECK(small == old || !rl_heap_find(old, &b) || b.base != (uintptr_t)old);
  CHECK(rl_heap_count() == before + 1);

  char *kept = small;
  CHECK(__rl_getdelim(&small, &cap, ',', f, s) == 2 && small == kept &&
        strcmp(small, "x,") == 0);
  CHECK(__rl_getdelim(&small, &cap, ',', f, s) == 1 && strcmp(small, "y") == 0);
  CHECK(__rl_getline(&small, &cap, f, s) == -1 && small == kept);
  errno = 0; /* libc's answer to no pointer, not a crash in the checks */
  CHECK(__rl_getline(NULL, &cap, f, s) == -1 && errno == EINVAL);
  __rl_free(small, s);
  CHECK(rl_heap_count() == before);
  fclose(f);
}

int main(void) {
  synthetic();
  concurrent();
  through_interceptors();
  freed_blocks();
  line_reading();
  if (failures) {
    fprintf(stderr, "intercept_heap_registry: %d checks failed\n", failures);
    return 1;
  }
  return 0;
}
