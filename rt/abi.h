/*
 * rt/abi.h -- the contract between the clang plugin (plugin/) and the
 * runtime (rt/).  Instrumented code calls only what is declared here and in
 * rt/intercepts.def; the plugin includes this header (from C++) so that the
 * site-table layout it emits is the one the runtime reads.
 *
 * Why sites are passed as pointers, not integer ids: every translation unit
 * emits its own table, and a pointer needs no global numbering at compile
 * time, so several units linked together can never clash.  The runtime
 * numbers the entries (rl_site_t.id) when a module registers, and the
 * detector keeps the 32-bit id in shadow memory and in the database.
 *
 * Bump RL_ABI_VERSION whenever a layout or a signature here changes: the
 * runtime refuses a module built for another version with a one-line error.
 */
#ifndef RL_ABI_H
#define RL_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RL_ABI_VERSION 4

/* What a site is.  Sizes and memory orders are in rl_site_t, not here. */
enum rl_site_kind {
  RL_SITE_READ = 1,
  RL_SITE_WRITE = 2,
  RL_SITE_READ_RANGE = 3,  /* memcpy source, large or unaligned load */
  RL_SITE_WRITE_RANGE = 4, /* memcpy/memset destination, large store */
  RL_SITE_ATOMIC_LOAD = 5,
  RL_SITE_ATOMIC_STORE = 6,
  RL_SITE_ATOMIC_RMW = 7,
  RL_SITE_ATOMIC_CAS = 8,
  RL_SITE_FENCE = 9,
  RL_SITE_CALL = 10,     /* call to an intercepted function: callee set */
  RL_SITE_FUNC = 11,     /* a function's entry: func, file, line of it */
  RL_SITE_CALLSITE = 12, /* an ordinary call, for stack frames' lines */
};

/* C11 memory orders, same numbers as __ATOMIC_RELAXED..__ATOMIC_SEQ_CST. */
enum rl_order {
  RL_RELAXED = 0,
  RL_CONSUME = 1,
  RL_ACQUIRE = 2,
  RL_RELEASE = 3,
  RL_ACQ_REL = 4,
  RL_SEQ_CST = 5,
};

/* Read-modify-write operations of __rl_atomic_rmwN. */
enum rl_rmw_op {
  RL_RMW_XCHG = 0,
  RL_RMW_ADD = 1,
  RL_RMW_SUB = 2,
  RL_RMW_AND = 3,
  RL_RMW_OR = 4,
  RL_RMW_XOR = 5,
  RL_RMW_NAND = 6,
  RL_RMW_MAX = 7, /* signed */
  RL_RMW_MIN = 8,
  RL_RMW_UMAX = 9, /* unsigned */
  RL_RMW_UMIN = 10,
};

/* One entry of a module's static site table (64 bytes on LP64).  The plugin
 * emits the tables in writable data: the runtime fills in `id`. */
typedef struct rl_site {
  uint32_t id;   /* 0 until registered; then unique in the process */
  uint16_t kind; /* enum rl_site_kind */
  uint8_t size;  /* access size in bytes; 0 for ranges and calls */
  uint8_t order; /* enum rl_order, atomics only */
  uint32_t line; /* 0 when unknown */
  uint32_t col;
  uint32_t decl_line; /* an access to a local: where the local is declared
                         (with -g); else 0 */
  uint32_t reserved;  /* 0 */
  const char *file;   /* as the compiler saw it; NULL when unknown */
  const char *func;   /* enclosing function */
  const char *expr;   /* what is accessed: "counter", "p->count", "arr[i]",
                         "*p", "s.field"; for a call whose result is stored
                         to a named variable, that name ("ch"); else NULL */
  const char *callee; /* RL_SITE_CALL: the intercepted function's name */
  const char *target; /* go()/pthread_create(): the started function when
                         known at compile time ("worker"); else NULL */
} rl_site_t;

/* A global variable of the module, for reports that name the variable
 * ("global `counter` (defined at prog.c:5)"). */
typedef struct rl_global {
  const void *addr;
  uint64_t size;
  const char *name;
  const char *file;
  uint32_t line;
  uint32_t flags; /* reserved, 0 */
} rl_global_t;

/* What one translation unit hands the runtime from its constructor. */
typedef struct rl_module {
  uint32_t abi_version; /* RL_ABI_VERSION */
  uint32_t llvm_major;  /* the clang that built it, for messages */
  rl_site_t *sites;
  uint32_t nsites;
  uint32_t nglobals;
  const rl_global_t *globals;
  const char *source; /* the main source file of the unit */
} rl_module_t;

/* Called by each instrumented unit's constructor, before main.  Turns
 * detection on for the process. */
void __rl_register_module(rl_module_t *m);

/* ---- plain accesses ---------------------------------------------------- */
void __rl_read1(const void *addr, rl_site_t *site);
void __rl_read2(const void *addr, rl_site_t *site);
void __rl_read4(const void *addr, rl_site_t *site);
void __rl_read8(const void *addr, rl_site_t *site);
void __rl_read16(const void *addr, rl_site_t *site);
void __rl_write1(void *addr, rl_site_t *site);
void __rl_write2(void *addr, rl_site_t *site);
void __rl_write4(void *addr, rl_site_t *site);
void __rl_write8(void *addr, rl_site_t *site);
void __rl_write16(void *addr, rl_site_t *site);
/* The inline check.  In an innermost loop without calls the plugin emits,
 * in place of a call of __rl_readN or __rl_writeN (N = 1, 2, 4, 8), the
 * test the call would make first, and calls the runtime only when it
 * fails: whether the calling goroutine already made this access in its
 * current epoch.  That test reads the runtime's state directly, so the
 * state's layout is part of this contract; the runtime checks every number
 * below against its own definitions at compile time
 * (rt/detect/abi_check.c).
 *   rl_tls_thread    (initial-exec TLS) the goroutine: its epoch at
 *                    RL_FAST_EP_OFF, its count table at RL_FAST_COUNTS_OFF
 *                    (RL_FAST_COUNTS_SIZE bytes a site id, reads then
 *                    writes), how many ids the check may count at
 *                    RL_FAST_NCOUNTS_OFF (0: count none, take the call).
 *                    A table that reaches a module's last site id reaches
 *                    all of its sites (a module's ids are consecutive), and
 *                    only calls change any of this.
 *   rl_shadow_top    the shadow table: an address below 2^RL_FAST_ADDR_BITS
 *                    has its chunk at [addr >> RL_FAST_CHUNK_SHIFT] (NULL:
 *                    none yet), its cell at ((addr >> 3) mod
 *                    RL_FAST_CHUNK_CELLS) * RL_FAST_CELL_SIZE in it, the
 *                    last write and read at RL_FAST_CELL_W_OFF, _R_OFF
 *   rl_shadow_empty  zero cells, a chunk's worth, never written: the check
 *                    reads a cell there when there is no chunk, or when it
 *                    may count nothing (then it reads table entry 0 of a
 *                    table of zeros), and every test then fails
 *   a record covers the access when, with `me` the epoch or'ed with the
 *   access's byte mask, ((rec ^ me) & (me | ~RL_FAST_EP_MASK)) == 0; a read
 *   record with RL_FAST_EP_PTR set points at its read set's hint for slot
 *   plane 0, the plane of our slot ((me >> RL_FAST_EP_SLOT_SHIFT) mod
 *   RL_FAST_HINT_PLANES) RL_FAST_HINT_PLANE_BYTES apart.
 * The check takes the table index modulo its size: an address above
 * 2^RL_FAST_ADDR_BITS (none on 4-level x86-64 paging) meets another
 * address's cell, and the miss entry points send it to the whole path. */
/* Where the inline check's test failed: the rest of __rl_readN or
 * __rl_writeN from `cell`, the word's cell the check looked at (or one in
 * rl_shadow_empty: the whole entry point); n is the access's size. */
void __rl_read_miss(void *cell, const void *addr, uint32_t n, rl_site_t *site);
void __rl_write_miss(void *cell, void *addr, uint32_t n, rl_site_t *site);
#define RL_FAST_EP_OFF 0
#define RL_FAST_COUNTS_OFF 16
#define RL_FAST_NCOUNTS_OFF 28
#define RL_FAST_COUNTS_SIZE 24
#define RL_FAST_COUNTS_READS_OFF 0
#define RL_FAST_COUNTS_WRITES_OFF 8
#define RL_FAST_ADDR_BITS 47
#define RL_FAST_CHUNK_SHIFT 19
#define RL_FAST_CHUNK_CELLS 65536
#define RL_FAST_CELL_SIZE 16
#define RL_FAST_CELL_W_OFF 0
#define RL_FAST_CELL_R_OFF 8
#define RL_FAST_EP_MASK 0xffull
#define RL_FAST_EP_SLOT_SHIFT 10
#define RL_FAST_EP_PTR (1ull << 63)
#define RL_FAST_HINT_PLANES 4
#define RL_FAST_HINT_PLANE_BYTES 8192

/* Unaligned, vector, aggregate and memcpy/memmove/memset accesses. */
void __rl_read_range(const void *addr, size_t n, rl_site_t *site);
void __rl_write_range(void *addr, size_t n, rl_site_t *site);

/* ---- several accesses in one call (additive) ---------------------------
 * Both keep one site per access, so reports are exactly those of the
 * separate calls; they only save calls in instrumented code.
 * __rl_copy_range: memcpy/memmove's two ranges.  sites[0] is the read of
 * src (RL_SITE_READ_RANGE), sites[1] the write of dst (RL_SITE_WRITE_RANGE).
 * __rl_*_span: n bytes of adjacent plain accesses of one kind within one
 * 8-byte word, with no synchronisation between them.  sites points at their
 * consecutive entries (RL_SITE_READ or RL_SITE_WRITE, size set), in address
 * order; the sizes add up to n. */
void __rl_copy_range(void *dst, const void *src, size_t n, rl_site_t *sites);
void __rl_read_span(const void *addr, size_t n, rl_site_t *sites);
void __rl_write_span(void *addr, size_t n, rl_site_t *sites);

/* ---- atomics: the runtime performs the operation ----------------------
 * so that the happens-before edge and the memory operation are one step.
 * cas returns the value found; the plugin compares it with `expected`. */
#define RL_ATOMIC_DECLS(N, T)                                                  \
  T __rl_atomic_load##N(const volatile void *a, int order, rl_site_t *s);      \
  void __rl_atomic_store##N(volatile void *a, T v, int order, rl_site_t *s);   \
  T __rl_atomic_rmw##N(volatile void *a, int op, T v, int order,               \
                       rl_site_t *s);                                          \
  T __rl_atomic_cas##N(volatile void *a, T expected, T desired, int succ,      \
                       int fail, rl_site_t *s);
RL_ATOMIC_DECLS(1, uint8_t)
RL_ATOMIC_DECLS(2, uint16_t)
RL_ATOMIC_DECLS(4, uint32_t)
RL_ATOMIC_DECLS(8, uint64_t)
#undef RL_ATOMIC_DECLS
void __rl_atomic_fence(int order, rl_site_t *s);

/* ---- shadow call stack ------------------------------------------------
 * Before every call it makes, instrumented code stores the call's site
 * (kind RL_SITE_CALLSITE) here; __rl_func_enter reads it to know the line
 * the new frame was called from.  Initial-exec TLS: one store per call. */
extern __thread rl_site_t *__rl_callsite
    __attribute__((tls_model("initial-exec")));
void __rl_func_enter(rl_site_t *fn_site); /* kind RL_SITE_FUNC */
void __rl_func_exit(void);

/* ---- intercepted calls -------------------------------------------------
 * For every NAME in rt/intercepts.def the runtime defines
 *     RET __rl_NAME(the original parameters..., rl_site_t *site);
 * and the plugin rewrites `call NAME(args)` to `call __rl_NAME(args, site)`.
 * For RL_INTERCEPT_LIBC entries it also defines __rl_fp_NAME with exactly
 * the original signature, which the plugin substitutes where the program
 * takes NAME's address, so calls through function pointers are seen too.
 * (Teaching-API functions need no such twin: they are the runtime's own and
 * already track themselves when called with no site.) */

#ifdef __cplusplus
}
#endif

#endif /* RL_ABI_H */
