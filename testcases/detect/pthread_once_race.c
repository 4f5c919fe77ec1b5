/*
 * A thread that skips pthread_once is not ordered after the init.
 */
// expect: race config[1] (lines 13, 25)
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static int config[3];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load_config(void) {
  config[1] = 2;
}

static void *user(void *arg) {
  (void)arg;
  pthread_once(&once, load_config);
  return NULL;
}

static void *skipper(void *arg) {
  (void)arg;
  usleep(10000);
  return (void *)(long)config[1];
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, user, NULL);
  pthread_create(&b, NULL, skipper, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("ok\n");
  return 0;
}
