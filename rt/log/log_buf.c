/*
 * rt/log/log_buf.c -- the per-thread record chunks and their hand-off to
 * the writer (see log_int.h for why they look like this).
 *
 * A thread's fast path is: load its buffer from TLS, memcpy the record,
 * one release store of `pub`.  Everything else here (claiming a buffer,
 * swapping a full chunk, waiting when the writer is far behind) happens
 * once per 64 KiB.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log_int.h"

/* Chunks handed to the writer and not yet back on the free list (queued,
 * or copied into a pack, or waiting for their COMMIT).  Past this the
 * producer sleeps: a program that logs faster than the writer can store
 * would otherwise grow without bound.  8 MiB is eight of the writer's
 * transactions, so the writer never runs dry while a producer naps. */
#define RL_OUTSTANDING_MAX_CHUNKS 128

static _Atomic(rl_tbuf_t *) registry;
static _Atomic(rl_chunk_t *) queue; /* LIFO; the writer reverses it */
static _Atomic long outstanding;

static pthread_mutex_t free_lock = PTHREAD_MUTEX_INITIALIZER;
static rl_chunk_t *free_list;

static __thread rl_tbuf_t *my_tb;
static pthread_key_t exit_key;
static pthread_once_t exit_key_once = PTHREAD_ONCE_INIT;

static void flush_at_thread_exit(void *arg) {
  (void)arg;
  rl_buf_thread_flush();
}

static void make_exit_key(void) {
  pthread_key_create(&exit_key, flush_at_thread_exit);
}

static rl_chunk_t *chunk_get(void) {
  pthread_mutex_lock(&free_lock);
  rl_chunk_t *c = free_list;
  if (c)
    free_list = c->next;
  pthread_mutex_unlock(&free_lock);
  if (!c) {
    c = malloc(sizeof *c);
    if (!c)
      return NULL;
    c->done = 0;
    atomic_init(&c->pub, 0);
    atomic_init(&c->in_place, 0);
    c->in_place_seen = 0;
  }
  /* A recycled chunk was reset by the writer: `done` is the writer's
   * alone, even through the stale pointers of the final drain. */
  c->next = NULL;
  return c;
}

/* Only tries the lock: a thread stopped by a fatal signal while holding
 * it must not stop the writer, which has to finish the run for it.  What
 * cannot be returned now stays on *list for the next try. */
void rl_buf_recycle(rl_chunk_t **list) {
  if (!*list || pthread_mutex_trylock(&free_lock) != 0)
    return;
  long n = 0;
  while (*list) {
    rl_chunk_t *c = *list;
    *list = c->next;
    c->done = 0;
    atomic_store_explicit(&c->pub, 0, memory_order_relaxed);
    atomic_store_explicit(&c->in_place, 0, memory_order_relaxed);
    c->in_place_seen = 0;
    c->next = free_list;
    free_list = c;
    n++;
  }
  pthread_mutex_unlock(&free_lock);
  atomic_fetch_sub_explicit(&outstanding, n, memory_order_relaxed);
}

static void queue_push(rl_chunk_t *c) {
  rl_chunk_t *head = atomic_load_explicit(&queue, memory_order_relaxed);
  do
    c->next = head;
  while (!atomic_compare_exchange_weak_explicit(
      &queue, &head, c, memory_order_release, memory_order_relaxed));
  atomic_fetch_add_explicit(&outstanding, 1, memory_order_relaxed);
  rl_writer_wake();
}

rl_chunk_t *rl_buf_take_queue(void) {
  rl_chunk_t *c = atomic_exchange_explicit(&queue, NULL, memory_order_acquire);
  rl_chunk_t *fifo = NULL;
  while (c) {
    rl_chunk_t *next = c->next;
    c->next = fifo;
    fifo = c;
    c = next;
  }
  return fifo;
}

rl_tbuf_t *rl_buf_registry(void) {
  return atomic_load_explicit(&registry, memory_order_acquire);
}

static rl_tbuf_t *claim(void) {
  for (rl_tbuf_t *t = rl_buf_registry(); t; t = t->next_all) {
    int free = 0;
    if (atomic_load_explicit(&t->in_use, memory_order_relaxed) == 0 &&
        atomic_compare_exchange_strong(&t->in_use, &free, 1))
      return t;
  }
  rl_tbuf_t *t = calloc(1, sizeof *t);
  if (!t)
    return NULL;
  atomic_store(&t->in_use, 1);
  rl_tbuf_t *head = atomic_load_explicit(&registry, memory_order_relaxed);
  do
    t->next_all = head;
  while (!atomic_compare_exchange_weak_explicit(
      &registry, &head, t, memory_order_release, memory_order_relaxed));
  return t;
}

static void wait_for_writer(void) {
  struct timespec ts = {0, 1000000};
  while (atomic_load_explicit(&outstanding, memory_order_relaxed) >
             RL_OUTSTANDING_MAX_CHUNKS &&
         atomic_load_explicit(&rl_log_on, memory_order_relaxed))
    nanosleep(&ts, NULL);
}

/* Replaces tb's chunk with an empty one, handing the old one (if it holds
 * anything) to the writer.  `swapping` tells rl_buf_close to wait for us:
 * between the push and the store of the new chunk the old one is reachable
 * only through the queue. */
static bool swap_chunk(rl_tbuf_t *tb) {
  atomic_store(&tb->swapping, 1);
  if (!atomic_load(&rl_log_on)) {
    atomic_store(&tb->swapping, 0);
    return false;
  }
  rl_chunk_t *c = atomic_load_explicit(&tb->cur, memory_order_relaxed);
  if (!c || tb->off > 0) {
    if (c)
      queue_push(c);
    c = chunk_get();
  }
  atomic_store_explicit(&tb->cur, c, memory_order_release);
  tb->off = 0;
  tb->nev = 0;
  tb->pack = (rl_pack_state_t){0};
  atomic_store(&tb->swapping, 0);
  wait_for_writer();
  return c != NULL;
}

/* A thread's first record, or one that does not fit in its chunk: out of
 * line, so that every other record's reserve is a few instructions and
 * no saved registers. */
static __attribute__((noinline)) void *reserve_slow(uint32_t len,
                                                    rl_tbuf_t **tb_out) {
  rl_tbuf_t *tb = my_tb;
  if (!tb) {
    pthread_once(&exit_key_once, make_exit_key);
    tb = claim();
    if (!tb)
      return NULL;
    my_tb = tb;
    pthread_setspecific(exit_key, tb);
  }
  rl_chunk_t *c = atomic_load_explicit(&tb->cur, memory_order_relaxed);
  if (!c || tb->off + len > RL_CHUNK_BYTES) {
    if (!swap_chunk(tb))
      return NULL;
    c = atomic_load_explicit(&tb->cur, memory_order_relaxed);
  }
  *tb_out = tb;
  return c->data + tb->off;
}

void *rl_buf_reserve(uint32_t len, rl_tbuf_t **tb_out) {
  rl_tbuf_t *tb = my_tb;
  rl_chunk_t *c =
      tb ? atomic_load_explicit(&tb->cur, memory_order_relaxed) : NULL;
  if (__builtin_expect(!c || tb->off + len > RL_CHUNK_BYTES, 0))
    return reserve_slow(len, tb_out);
  *tb_out = tb;
  return c->data + tb->off;
}

void rl_buf_note_in_place(rl_tbuf_t *tb) {
  rl_chunk_t *c = atomic_load_explicit(&tb->cur, memory_order_relaxed);
  uint32_t n = atomic_load_explicit(&c->in_place, memory_order_relaxed);
  atomic_store_explicit(&c->in_place, n + 1, memory_order_relaxed);
}

/* The buffer goes back to the pool with its chunk as it is: the next
 * thread to claim it goes on filling that chunk (its events' differences
 * go on from the last one's, which is why the state travels with the
 * buffer), and the end of the run reads every buffer's chunk.  Handing a
 * nearly empty chunk to the writer at every goroutine's end cost a
 * transaction per goroutine: a program that starts thousands of short
 * goroutines felt it. */
void rl_buf_thread_flush(void) {
  rl_tbuf_t *tb = my_tb;
  if (!tb)
    return;
  my_tb = NULL;
  pthread_setspecific(exit_key, NULL);
  atomic_store(&tb->in_use, 0);
}

void rl_buf_close(void) {
  atomic_store(&rl_log_on, 0);
  struct timespec ts = {0, 1000000};
  for (rl_tbuf_t *t = rl_buf_registry(); t; t = t->next_all) {
    /* Our own thread may be stopped mid-swap by the signal we handle. */
    if (t == my_tb)
      continue;
    for (int i = 0; i < 200 && atomic_load(&t->swapping); i++)
      nanosleep(&ts, NULL);
  }
}
