/*
 * strndup returns a new heap block: a thread reading the copy while main
 * frees it, with nothing ordering the two, is a race on the block that
 * strndup allocated.
 */
// expect: race *copy (lines 19, 30)
// expect-stderr: heap block of 6 bytes allocated at
// expect-stderr: allocated at heap_strndup_free_race.c:24 by G1
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char first;

static void *peek(void *arg) {
  char *copy = arg;
  first = copy[0];
  return NULL;
}

int main(void) {
  char *copy = strndup("hello, world", 5);
  if (!copy)
    return 1;
  pthread_t t;
  pthread_create(&t, NULL, peek, copy);
  usleep(20000);
  free(copy);
  pthread_join(t, NULL);
  printf("first = %c\n", first);
  return 0;
}
