/*
 * A pthread_tryjoin_np or pthread_timedjoin_np that finds the thread still
 * running (EBUSY, ETIMEDOUT) joined nothing and orders nothing: reading
 * the thread's result after it is a race.  (The worker cannot finish
 * before main lets it, so both joins fail on every run.)
 */
// expect: race result (lines 19, 32)
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <time.h>

static long result;
static sem_t release;

static void *worker(void *arg) {
  (void)arg;
  result = 42;
  sem_wait(&release);
  return NULL;
}

int main(void) {
  pthread_t t;
  sem_init(&release, 0, 0);
  pthread_create(&t, NULL, worker, NULL);
  int tried = pthread_tryjoin_np(t, NULL);
  struct timespec d;
  clock_gettime(CLOCK_REALTIME, &d);
  int timed = pthread_timedjoin_np(t, NULL, &d);
  printf("result = %ld\n", result);
  sem_post(&release);
  pthread_join(t, NULL);
  printf("tryjoin %s, timedjoin %s\n", tried ? "failed" : "joined",
         timed ? "failed" : "joined");
  return 0;
}
