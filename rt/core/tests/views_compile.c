/* Directional views: what must compile, and (with -DBAD_*) what must not. */
#include <racelens/go.h>

static void producer(chan_sendonly_t out) {
  int v = 1;
  chan_send(out, &v);
  chan_close(out);
#ifdef BAD_RECV_SENDONLY
  (void)chan_recv(out, &v);
#endif
}

static int consumer(chan_recvonly_t in) {
  int v = 0;
  (void)chan_recv(in, &v);
#ifdef BAD_CLOSE_RECVONLY
  chan_close(in);
#endif
#ifdef BAD_SEND_RECVONLY
  chan_send(in, &v);
#endif
  return v;
}

int main(void) {
  chan_t *c = CHAN(int, 1);
  producer(chan_sendonly(c));
  return consumer(chan_recvonly(c));
}
