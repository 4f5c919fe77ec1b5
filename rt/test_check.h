/*
 * rt/test_check.h -- what every runtime unit test (rt/core/tests,
 * rt/detect/tests) needs: CHECK, which says what failed and why before
 * failing the test, and UNDER_TSAN, so tests can scale their work down in
 * the ThreadSanitizer build of rt/ (about ten times slower).
 */
#ifndef RL_TEST_CHECK_H
#define RL_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond, ...)                                                       \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: FAILED: %s\n  ", __FILE__, __LINE__, #cond);     \
      fprintf(stderr, __VA_ARGS__);                                            \
      fputc('\n', stderr);                                                     \
      exit(1);                                                                 \
    }                                                                          \
  } while (0)

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define UNDER_TSAN 1
#endif
#endif
#ifndef UNDER_TSAN
#define UNDER_TSAN 0
#endif

#endif /* RL_TEST_CHECK_H */
