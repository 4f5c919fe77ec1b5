/*
 * racelens/go.h -- Go-style concurrency for C: goroutines, channels, select,
 * WaitGroup, Mutex, RWMutex, Once.
 *
 * This header is a contract: teaching programs, users and outside test
 * suites are written against these names.  Keep them; add freely.
 *
 * It is self-contained and compiles under -std=c11 -pedantic with no feature
 * macros, so it cannot mention pthread types: the sync types below are
 * opaque, aligned storage that the runtime interprets.  Their zero value is
 * ready to use (`static mutex_t mu;`), exactly as in Go; the *_INIT macros
 * exist for locals.
 *
 * Programs built with `racelens-cc` (or `clang -fplugin=racelens.so`) have
 * every call below rewritten to a tracking variant that also records the
 * call's source location; built without the plugin, the same program runs on
 * the same runtime with detection off.
 */
#ifndef RACELENS_GO_H
#define RACELENS_GO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- goroutines ------------------------------------------------------- */

/* Start fn(arg) in a new goroutine.  Returning from main ends the program,
 * whatever the goroutines are doing (they are listed on stderr at exit). */
void go(void (*fn)(void *), void *arg);

void sleep_ms(long ms);
void sleep_us(long us);
void go_yield(void); /* runtime.Gosched */
int num_goroutine(void);
int num_cpu(void);
int goroutine_id(void);    /* 1 for main */
const char *go_os(void);   /* runtime.GOOS, e.g. "linux" */
const char *go_arch(void); /* runtime.GOARCH, e.g. "amd64" */

/* ---- channels --------------------------------------------------------- */

typedef struct chan chan_t;

/* cap 0: unbuffered (every send waits for its receiver). */
chan_t *chan_make(size_t elem_size, size_t cap);
#define CHAN(type, cap) chan_make(sizeof(type), (cap))

/* Blocks until received (unbuffered) or buffered; panics if closed. */
void chan_send_any(chan_t *c, const void *elem);
/* false when the channel is closed and drained; *elem is then zeroed.
 * elem may be NULL to discard the value. */
bool chan_recv_any(chan_t *c, void *elem);
/* Panics if c is NULL or already closed. */
void chan_close_any(chan_t *c);
size_t chan_len_any(chan_t *c);
size_t chan_cap_any(chan_t *c);

/* Receives once, after ms milliseconds, an int64_t holding the monotonic
 * time in nanoseconds (time.After). */
chan_t *after_ms(long ms);

/* Directional views (chan<- T and <-chan T).  They are distinct types, so
 * the compiler refuses a receive on a send-only view and a send or a close
 * on a receive-only view. */
typedef struct chan_sendonly {
  chan_t *ch;
} chan_sendonly_t;
typedef struct chan_recvonly {
  chan_t *ch;
} chan_recvonly_t;

static inline chan_sendonly_t chan_sendonly(chan_t *c) {
  chan_sendonly_t v = {c};
  return v;
}
static inline chan_recvonly_t chan_recvonly(chan_t *c) {
  chan_recvonly_t v = {c};
  return v;
}
void chan_send_to(chan_sendonly_t c, const void *elem);
bool chan_recv_from(chan_recvonly_t c, void *elem);
void chan_close_send(chan_sendonly_t c);
size_t chan_len_send(chan_sendonly_t c);
size_t chan_len_recv(chan_recvonly_t c);
size_t chan_cap_send(chan_sendonly_t c);
size_t chan_cap_recv(chan_recvonly_t c);

/* The contract's plain functions, for code that takes their address or
 * writes (chan_send)(c, &v); the macros below shadow them in calls. */
void chan_send(chan_t *c, const void *elem);
bool chan_recv(chan_t *c, void *elem);
void chan_close(chan_t *c);
size_t chan_len(chan_t *c);
size_t chan_cap(chan_t *c);

/* The names students use: they accept a chan_t * or the matching view.  A
 * view of the wrong direction matches no association and does not compile. */
#define chan_send(c, elem)                                                     \
  _Generic((c), chan_sendonly_t                                                \
           : chan_send_to, default                                             \
           : chan_send_any)((c), (elem))
#define chan_recv(c, elem)                                                     \
  _Generic((c), chan_recvonly_t                                                \
           : chan_recv_from, default                                           \
           : chan_recv_any)((c), (elem))
#define chan_close(c)                                                          \
  _Generic((c), chan_sendonly_t : chan_close_send, default : chan_close_any)(c)
#define chan_len(c)                                                            \
  _Generic((c), chan_sendonly_t                                                \
           : chan_len_send, chan_recvonly_t                                    \
           : chan_len_recv, default                                            \
           : chan_len_any)(c)
#define chan_cap(c)                                                            \
  _Generic((c), chan_sendonly_t                                                \
           : chan_cap_send, chan_recvonly_t                                    \
           : chan_cap_recv, default                                            \
           : chan_cap_any)(c)

/* ---- select ----------------------------------------------------------- */

enum { SELECT_SEND = 1, SELECT_RECV = 2 };

typedef struct select_case {
  chan_t *chan; /* a NULL channel never becomes ready, as in Go */
  int dir;      /* SELECT_SEND or SELECT_RECV */
  void *elem;   /* value to send, or where to store the received value */
  bool *ok;     /* RECV_OK: false when the receive saw a closed channel */
} select_case_t;

#define SEND(c, pv) ((select_case_t){(c), SELECT_SEND, (void *)(pv), NULL})
#define RECV(c, pv) ((select_case_t){(c), SELECT_RECV, (void *)(pv), NULL})
#define RECV_OK(c, pv, pok)                                                    \
  ((select_case_t){(c), SELECT_RECV, (void *)(pv), (pok)})

/* Runs one ready case, chosen uniformly at random among the ready ones, and
 * returns its index; with has_default and no case ready, returns -1 at once;
 * without, blocks until a case is ready. */
int chan_select(int ncases, select_case_t *cases, bool has_default);

/* ---- sync ------------------------------------------------------------- */

typedef struct waitgroup {
  uint64_t opaque_[8];
} waitgroup_t;
typedef struct mutex {
  uint64_t opaque_[8];
} mutex_t;
typedef struct rwmutex {
  uint64_t opaque_[16];
} rwmutex_t;
typedef struct once {
  uint64_t opaque_[8];
} once_t;

#define WAITGROUP_INIT                                                         \
  {                                                                            \
    { 0 }                                                                      \
  }
#define MUTEX_INIT                                                             \
  {                                                                            \
    { 0 }                                                                      \
  }
#define RWMUTEX_INIT                                                           \
  {                                                                            \
    { 0 }                                                                      \
  }
#define ONCE_INIT                                                              \
  {                                                                            \
    { 0 }                                                                      \
  }

void wg_add(waitgroup_t *wg, int delta); /* panics below zero */
void wg_done(waitgroup_t *wg);
void wg_wait(waitgroup_t *wg);

void mutex_lock(mutex_t *m);
void mutex_unlock(mutex_t *m); /* panics if not locked */
bool mutex_trylock(mutex_t *m);

/* Writers are not starved: once a writer waits, new readers wait too. */
void rwmutex_lock(rwmutex_t *m);
void rwmutex_unlock(rwmutex_t *m);
void rwmutex_rlock(rwmutex_t *m);
void rwmutex_runlock(rwmutex_t *m);

/* Calls fn exactly once per once_t; every call returns after fn returned. */
void once_do(once_t *o, void (*fn)(void));

#ifdef __cplusplus
}
#endif

#endif /* RACELENS_GO_H */
