/*
 * pthread_once: the init function's run happens before every
 * pthread_once on that control returns.
 */
// expect: no race
#include <pthread.h>
#include <stdio.h>

static int config[3];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load_config(void) {
  config[0] = 1;
  config[1] = 2;
  config[2] = 3;
}

static void *worker(void *arg) {
  (void)arg;
  pthread_once(&once, load_config);
  return (void *)(long)(config[0] + config[1] + config[2]);
}

int main(void) {
  pthread_t t[3];
  for (int i = 0; i < 3; i++)
    pthread_create(&t[i], NULL, worker, NULL);
  for (int i = 0; i < 3; i++)
    pthread_join(t[i], NULL);
  printf("ok\n");
  return 0;
}
