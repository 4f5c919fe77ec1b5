/*
 * Matrix multiply split across goroutines by rows: C = A x B for square
 * double matrices.  Reads dominate (two per multiply-add), in the
 * strided pattern of a real numeric kernel.
 */
#include <racelens/go.h>
#include <stdio.h>
#include <stdlib.h>

enum { DIM = 256, WORKERS = 4 };

static double *a, *b, *c;
static waitgroup_t wg;

static void rows(void *arg) {
  long w = (long)(intptr_t)arg;
  for (long i = w; i < DIM; i += WORKERS)
    for (long j = 0; j < DIM; j++) {
      double s = 0;
      for (long k = 0; k < DIM; k++)
        s += a[i * DIM + k] * b[k * DIM + j];
      c[i * DIM + j] = s;
    }
  wg_done(&wg);
}

int main(void) {
  a = malloc(DIM * DIM * sizeof *a);
  b = malloc(DIM * DIM * sizeof *b);
  c = malloc(DIM * DIM * sizeof *c);
  for (long i = 0; i < DIM * DIM; i++) {
    a[i] = (double)(i % 7);
    b[i] = (double)(i % 5);
  }
  for (long w = 0; w < WORKERS; w++) {
    wg_add(&wg, 1);
    go(rows, (void *)(intptr_t)w);
  }
  wg_wait(&wg);
  double trace = 0;
  for (long i = 0; i < DIM; i++)
    trace += c[i * DIM + i];
  printf("trace = %.0f\n", trace);
  free(a);
  free(b);
  free(c);
  return 0;
}
