/* Heap use through direct calls and function pointers, struct copies,
 * unaligned fields, a 16-byte type and a vector, all in one thread plus a
 * goroutine pipeline: what the plugin rewrites must not change results. */
#include <racelens/go.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct __attribute__((packed)) rec {
  char tag;
  int value;
  double weight;
};

typedef int v4i __attribute__((vector_size(16)));

static void *(*alloc_fn)(size_t) = malloc;
static void (*free_fn)(void *) = free;
static __int128 wide;
static v4i vec = {1, 2, 3, 4};

static chan_t *results;

static void producer(void *arg) {
  struct rec *r = arg;
  struct rec copy = *r;
  copy.value *= 2;
  chan_send(results, &copy);
}

int main(void) {
  results = CHAN(struct rec, 0);
  struct rec *rs = alloc_fn(sizeof(struct rec) * 5);
  for (int i = 0; i < 5; i++) {
    rs[i].tag = (char)('a' + i);
    rs[i].value = i * 10;
    rs[i].weight = i / 4.0;
  }
  for (int i = 0; i < 5; i++)
    go(producer, &rs[i]);
  long sum = 0;
  double weights = 0;
  for (int i = 0; i < 5; i++) {
    struct rec got;
    chan_recv(results, &got);
    sum += got.value;
    weights += got.weight;
  }
  char *name = strdup("racelens");
  char *grown = realloc(calloc(4, 1), 32);
  strcpy(grown, name);
  wide = (__int128)sum << 70;
  vec = vec * 3;
  printf("sum %ld weights %.2f name %s wide %ld vec %d %d %d %d\n", sum,
         weights, grown, (long)(wide >> 70), vec[0], vec[1], vec[2], vec[3]);
  free(name);
  free(grown);
  free_fn(rs);
  return 0;
}
