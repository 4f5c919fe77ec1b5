/*
 * A pthread_mutex_clocklock that times out did not get the lock and orders
 * nothing: the code that goes on regardless races with the holder.  (The
 * holder keeps the lock until main has given up, so the timeout is
 * certain; its deadline is already past when it is called.  The sleep
 * only keeps the two increments apart in time; it orders nothing.)
 */
// expect: race counter (lines 24, 40)
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static long counter;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static sem_t locked, release;

static void *holder(void *arg) {
  (void)arg;
  pthread_mutex_lock(&mu);
  sem_post(&locked);
  counter++;
  sem_wait(&release);
  pthread_mutex_unlock(&mu);
  return NULL;
}

int main(void) {
  pthread_t t;
  sem_init(&locked, 0, 0);
  sem_init(&release, 0, 0);
  pthread_create(&t, NULL, holder, NULL);
  sem_wait(&locked);
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  int r = pthread_mutex_clocklock(&mu, CLOCK_MONOTONIC, &now);
  usleep(20000);
  counter++;
  sem_post(&release);
  if (r == 0)
    pthread_mutex_unlock(&mu);
  pthread_join(t, NULL);
  printf("clocklock %s, counter = %ld\n", r == 0 ? "locked" : "timed out",
         counter);
  return 0;
}
