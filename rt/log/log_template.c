/*
 * rt/log/log_template.c -- a new database file written in one go from
 * the bytes of an empty one.
 *
 * Making the schema with SQL (eleven tables, ten indexes, four views)
 * took SQLite 1-1.5 ms of parsing and B-tree set-up, and its commit
 * another 0.3: most of what a run in a new file paid before its program
 * started.  The build makes the same file once, with the same code
 * (template/make_template.c runs rl_schema_open), and the runtime writes
 * its bytes: the non-zero stretches, the rest a hole.  So the file a run
 * starts from is the one the SQL would have made, by construction.
 *
 * The bytes go to a file of their own first, which then becomes `path` by
 * link(), which fails if `path` exists: two programs starting in the same
 * new file at once end up with one of the two, whole, and the other opens
 * it.  When anything here fails (no image in this build, a directory without
 * hard links, no room), the caller goes on as before the template: SQL
 * makes the schema, or says what is wrong.
 */
#define _GNU_SOURCE /* O_TMPFILE */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log_int.h"

#ifdef RL_HAVE_TEMPLATE_IMAGE
typedef struct {
  unsigned long off, len, at; /* in the file; at: in rl_template_bytes */
} rl_template_run_t;
#include "log_template_image.h"

static bool write_image(int fd) {
  if (ftruncate(fd, RL_TEMPLATE_SIZE) != 0)
    return false;
  for (size_t i = 0; i < sizeof rl_template_runs / sizeof *rl_template_runs;
       i++) {
    const rl_template_run_t *r = &rl_template_runs[i];
    if (pwrite(fd, rl_template_bytes + r->at, r->len, (off_t)r->off) !=
        (ssize_t)r->len)
      return false;
  }
  return true;
}

/* The bytes go to an unnamed file in path's directory (O_TMPFILE), which
 * link() names through /proc/self/fd: a program killed half-way leaves
 * nothing behind.  -1 when the system offers no such file (an old
 * kernel, a file system without it, no /proc), so the caller uses a named
 * one instead. */
static int from_unnamed(const char *path) {
  char dir[PATH_MAX] = ".";
  const char *slash = strrchr(path, '/');
  if (slash) {
    size_t n = slash == path ? 1 : (size_t)(slash - path); /* "/x.db": "/" */
    if (n >= sizeof dir)
      return 0;
    memcpy(dir, path, n);
    dir[n] = '\0';
  }
  int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    return errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL ? -1 : 0;
  char proc[64];
  snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
  int r = write_image(fd) ? 1 : 0;
  if (r && linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) != 0)
    r = errno == ENOENT && access(proc, F_OK) != 0 ? -1 : 0;
  close(fd);
  return r;
}

/* The same through a name of our own, removed once linked. */
static bool from_named(const char *path) {
  char tmp[PATH_MAX];
  if (snprintf(tmp, sizeof tmp, "%s.%ld.new", path, (long)getpid()) >=
      (int)sizeof tmp)
    return false;
  int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0)
    return false;
  bool ok = write_image(fd);
  ok = close(fd) == 0 && ok;
  ok = ok && link(tmp, path) == 0;
  unlink(tmp);
  return ok;
}

bool rl_schema_from_template(const char *path) {
  int r = from_unnamed(path);
  return r < 0 ? from_named(path) : r == 1;
}
#else
bool rl_schema_from_template(const char *path) {
  (void)path;
  return false;
}
#endif
