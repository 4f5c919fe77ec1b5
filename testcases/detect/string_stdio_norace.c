/*
 * The string and stdio functions touch shared buffers like any other
 * access: ordered by a mutex, a WaitGroup or a channel, they are no race,
 * and they still return what libc returns.  Every function racelens checks
 * is called here on memory another goroutine wrote, after the sync that
 * orders the two; the output is the same on every run.
 */
// expect: no race
// expect-stdout: string_stdio_norace.out
#include <racelens/go.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static char shared[64];
static char other[64];
static mutex_t mu;
static waitgroup_t wg;

static void fill(void *arg) {
  mutex_lock(&mu);
  strcpy(shared, (const char *)arg);
  stpcpy(other, "gopher");
  strcat(other, " and ");
  strncat(other, "goroutines!!", 10);
  mutex_unlock(&mu);
  wg_done(&wg);
}

static void pipe_writer(void *arg) {
  int fd = *(int *)arg;
  mutex_lock(&mu);
  ssize_t n = write(fd, shared, strlen(shared) + 1);
  mutex_unlock(&mu);
  (void)n;
  wg_done(&wg);
}

static int (*cmp)(const char *, const char *) = strcmp; /* address taken */

int main(void) {
  wg_add(&wg, 1);
  go(fill, "hello, world");
  wg_wait(&wg);

  printf("strlen %zu strnlen %zu\n", strlen(shared), strnlen(shared, 5));
  printf("strcmp %d strncmp %d cmp %d\n", strcmp(shared, "hello") > 0,
         strncmp(shared, "help", 3), cmp(shared, shared));
  printf("strcasecmp %d strncasecmp %d\n", strcasecmp(shared, "HELLO, WORLD"),
         strncasecmp(other, "GOPHER", 6));
  printf("strchr %s strrchr %s strstr %s\n", strchr(shared, ','),
         strrchr(shared, 'o'), strstr(other, "and"));
  printf("strspn %zu strcspn %zu strpbrk %s\n", strspn(shared, "leh"),
         strcspn(shared, " "), strpbrk(other, "ae"));
  printf("memcmp %d memchr %s\n", memcmp(shared, "hello", 5),
         (char *)memchr(shared, 'w', sizeof shared));
  char copy[64];
  strncpy(copy, other, sizeof copy);
  puts(copy);
  fputs(shared, stdout);
  fputc('\n', stdout);

  char line[64];
  int len = snprintf(line, sizeof line, "%s|%.5s|%5.2f|%c|%ld%n", shared,
                     other, 2.5, 'x', 42L, &(int){0});
  sprintf(copy, "%d:%s", len, line);
  puts(copy);
  fwrite(other, 1, strlen(other), stdout);
  fputc('\n', stdout);
  fflush(stdout);

  int fds[2];
  if (pipe(fds) != 0)
    return 1;
  wg_add(&wg, 1);
  go(pipe_writer, &fds[1]);
  char got[64] = {0};
  ssize_t n = read(fds[0], got, sizeof got);
  wg_wait(&wg);
  mutex_lock(&mu);
  dprintf(1, "read %zd: %s\n", n, got);
  mutex_unlock(&mu);
  return 0;
}
