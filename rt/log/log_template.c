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
 * The bytes go to a private name first and then become `path` by link(),
 * which fails if `path` exists: two programs starting in the same new
 * file at once end up with one of the two, whole, and the other opens it.
 * When anything here fails (no image in this build, a directory without
 * hard links, no room), the caller goes on as before the template: SQL
 * makes the schema, or says what is wrong.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
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

bool rl_schema_from_template(const char *path) {
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
#else
bool rl_schema_from_template(const char *path) {
  (void)path;
  return false;
}
#endif
