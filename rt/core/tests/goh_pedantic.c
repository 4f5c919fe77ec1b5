/* Every name of go.h used once, compiled with -std=c11 -pedantic -Werror:
 * the header must not need GNU C or feature macros. */
#include <racelens/go.h>

static mutex_t mu = MUTEX_INIT;
static rwmutex_t rw = RWMUTEX_INIT;
static waitgroup_t wg = WAITGROUP_INIT;
static once_t once = ONCE_INIT;
struct holder {
  mutex_t m;
  waitgroup_t w;
};

static void fn(void *arg) {
  (void)arg;
}
static void init(void) {}

int main(void) {
  struct holder h = {MUTEX_INIT, WAITGROUP_INIT};
  chan_t *c = CHAN(int, 1);
  int v = 1;
  bool ok;
  go(fn, NULL);
  chan_send(c, &v);
  select_case_t cs[] = {RECV(c, &v), RECV_OK(c, &v, &ok), SEND(c, &v)};
  (void)chan_select(3, cs, true);
  (void)chan_recv(c, &v);
  (void)chan_len(c);
  (void)chan_cap(c);
  chan_sendonly_t out = chan_sendonly(c);
  chan_recvonly_t in = chan_recvonly(c);
  (void)chan_len(out);
  (void)chan_cap(in);
  (void)after_ms(1);
  mutex_lock(&mu);
  (void)mutex_trylock(&h.m);
  mutex_unlock(&mu);
  rwmutex_rlock(&rw);
  rwmutex_runlock(&rw);
  rwmutex_lock(&rw);
  rwmutex_unlock(&rw);
  wg_add(&wg, 1);
  wg_done(&wg);
  wg_wait(&h.w);
  once_do(&once, init);
  sleep_ms(0);
  sleep_us(0);
  go_yield();
  chan_close(out);
  return num_goroutine() + num_cpu() + goroutine_id() + (go_os() != 0) +
         (go_arch() != 0);
}
