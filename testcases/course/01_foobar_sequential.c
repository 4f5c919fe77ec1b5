/*
 * 01 -- foo, then bar: no concurrency at all.
 *
 * The starting point of the course.  One flow of control runs foo to the
 * end and only then bar, so there is exactly one possible order and the
 * output never changes: 45 "Foo" lines followed by 45 "Bar" lines.  Keep
 * this output in mind; the next programs run the same two functions as
 * goroutines and the order (and even the completeness) of it changes.
 */
// expect: no race
// expect-stdout: 01_foobar_sequential.out
#include <stdio.h>

static void foo(void) {
  for (int i = 0; i < 45; i++)
    printf("Foo: %d\n", i);
}

static void bar(void) {
  for (int i = 0; i < 45; i++)
    printf("Bar: %d\n", i);
}

int main(void) {
  foo();
  bar();
  return 0;
}
