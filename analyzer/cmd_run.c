/*
 * `racelens run prog.c [more.c ...] [flags] [-- args]`: the newcomer's one
 * command, like `go run -race`.  Compiles with racelens-cc (found next to
 * this binary, so the build tree and an install both work), runs the
 * program with its output streaming through (the detector prints races as
 * they happen), then reads the run back from the database for a summary.
 */
#include "commands.h"
#include "db.h"
#include "term.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

const char help_run[] =
    "usage: racelens run prog.c [more.c ...] [compiler flags] [-- args]\n\n"
    "Compiles the program with racelens-cc (any flags before `--`, such as\n"
    "-O2 or -Iinclude, go to the compiler), runs it with ARGS, and prints\n"
    "its race reports as they happen and a summary at the end.  The run is\n"
    "logged to $RACELENS_DB, or ./racelens.db when that is unset.\n\n"
    "Exit status: 66 when races were found, else the program's own status\n"
    "(128+N when it died of signal N); 2 when it does not compile.\n";

/* racelens-cc next to /proc/self/exe ($RACELENS_CC overrides, for tests
 * and unusual installs). */
static int find_cc(char *buf, size_t len) {
  const char *env = getenv("RACELENS_CC");
  if (env && *env) {
    snprintf(buf, len, "%s", env);
    return access(buf, X_OK) == 0 ? 0 : -1;
  }
  char self[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0)
    return -1;
  self[n] = '\0';
  char *slash = strrchr(self, '/');
  if (slash)
    *slash = '\0';
  snprintf(buf, len, "%s/racelens-cc", self);
  return access(buf, X_OK) == 0 ? 0 : -1;
}

/* A compiler input: a source, assembly, object or library file. */
static int is_input(const char *a) {
  static const char *const ext[] = {".c", ".i", ".s", ".S", ".o", ".a", ".so"};
  const char *dot = strrchr(a, '.');
  if (!dot)
    return 0;
  for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++)
    if (strcmp(dot, ext[i]) == 0)
      return 1;
  return 0;
}

/* Runs ARGV and waits; returns the exit status in the shell's encoding. */
static int spawn_wait(char **argv, pid_t *pid_out) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    signal(SIGINT, SIG_DFL);
    signal(SIGQUIT, SIG_DFL);
    execvp(argv[0], argv);
    fprintf(stderr, "racelens run: cannot run %s: %s\n", argv[0],
            strerror(errno));
    _exit(127);
  }
  if (pid_out)
    *pid_out = pid;
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      return -1;
  if (WIFSIGNALED(status))
    return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

/* The run this process logged: the newest with its pid. */
static int64_t find_run(sqlite3 *db, pid_t pid) {
  sqlite3_stmt *st = NULL;
  int64_t id = -1;
  if (sqlite3_prepare_v2(db, "SELECT max(run_id) FROM runs WHERE pid = ?1", -1,
                         &st, NULL) == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, pid);
    if (sqlite3_step(st) == SQLITE_ROW &&
        sqlite3_column_type(st, 0) != SQLITE_NULL)
      id = rl_col64(st, 0);
  }
  sqlite3_finalize(st);
  return id;
}

static int summary(const char *dbpath, pid_t pid, int status) {
  char err[1024];
  sqlite3 *db = rl_db_open(dbpath, err, sizeof err);
  if (!db) {
    fprintf(stderr, "racelens run: no log of the run (%s)\n", err);
    return status;
  }
  int64_t run = find_run(db, pid);
  rl_run_info_t info;
  if (run < 0 || !rl_db_run_info(db, run, &info)) {
    sqlite3_close(db);
    fprintf(stderr,
            "racelens run: the program logged no run in %s (was it "
            "built without the plugin?)\n",
            dbpath);
    return status;
  }
  sqlite3_close(db);
  const char *arg = strcmp(dbpath, "racelens.db") == 0 ? "" : dbpath;
  char runarg[64] = "";
  snprintf(runarg, sizeof runarg, "--run %" PRId64, run);
  term_init(stderr);
  fprintf(stderr, "\n%s== racelens: run %" PRId64 " ==%s\n", term_bold(), run,
          term_reset());
  if (info.races > 0)
    fprintf(stderr, "%s%" PRId64 " data race%s found%s", term_red(), info.races,
            info.races == 1 ? "" : "s", term_reset());
  else
    fprintf(stderr, "%sno data races found%s", term_green(), term_reset());
  fprintf(stderr, " (%" PRId64 " events logged to %s).\n", info.events, dbpath);
  if (info.races > 0) {
    fprintf(stderr, "See more:\n");
    fprintf(stderr, "  racelens report %s%s%s   explained, with source\n", arg,
            *arg ? " " : "", runarg);
    fprintf(stderr,
            "  racelens diagram %s%s%s -o race.svg   the interleaving\n", arg,
            *arg ? " " : "", runarg);
    fprintf(stderr, "  racelens html %s%s%s -o report.html   all of it\n", arg,
            *arg ? " " : "", runarg);
    return RL_EXIT_RACES;
  }
  fprintf(stderr, "See the run: racelens diagram %s%s%s -o run.svg\n", arg,
          *arg ? " " : "", runarg);
  return status;
}

static void cleanup(const char *dir, const char *exe) {
  if (exe[0])
    unlink(exe);
  if (dir[0])
    rmdir(dir);
}

int cmd_run(int argc, char **argv) {
  int sep = argc;
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "--") == 0) {
      sep = i;
      break;
    }
  int nsrc = 0;
  const char *first = NULL;
  for (int i = 1; i < sep; i++) {
    const char *a = argv[i];
    /* Flags and their values ("-I dir") go to the compiler as they are;
     * only inputs are checked here, for a clear message. */
    if (a[0] == '-' || !is_input(a))
      continue;
    struct stat sb;
    if (stat(a, &sb) != 0) {
      fprintf(stderr, "racelens run: %s: %s\n", a, strerror(errno));
      return RL_EXIT_USAGE;
    }
    if (!first)
      first = a;
    nsrc++;
  }
  if (nsrc == 0) {
    fprintf(stderr, "racelens run: no source file given (usage: racelens run "
                    "prog.c [more.c ...] [flags] [-- args])\n");
    return RL_EXIT_USAGE;
  }
  char cc[PATH_MAX];
  if (find_cc(cc, sizeof cc) != 0) {
    fprintf(stderr, "racelens run: cannot find racelens-cc (looked for %s)\n",
            cc);
    return RL_EXIT_USAGE;
  }

  char dir[] = "/tmp/racelens-run-XXXXXX";
  char exe[PATH_MAX] = "";
  if (!mkdtemp(dir)) {
    fprintf(stderr, "racelens run: cannot make a temporary directory: %s\n",
            strerror(errno));
    return RL_EXIT_FAIL;
  }
  const char *base = strrchr(first, '/');
  base = base ? base + 1 : first;
  snprintf(exe, sizeof exe, "%s/%.*s", dir,
           (int)(strchr(base, '.') ? strchr(base, '.') - base : strlen(base)),
           base);

  /* racelens-cc -g SOURCES FLAGS -o EXE */
  char **ccargv = calloc((size_t)sep + 5, sizeof *ccargv);
  if (!ccargv) {
    cleanup(dir, "");
    return RL_EXIT_FAIL;
  }
  int k = 0;
  ccargv[k++] = cc;
  ccargv[k++] = "-g";
  for (int i = 1; i < sep; i++)
    ccargv[k++] = argv[i];
  ccargv[k++] = "-o";
  ccargv[k++] = exe;
  ccargv[k] = NULL;
  int rc = spawn_wait(ccargv, NULL);
  free(ccargv);
  if (rc != 0) {
    fprintf(stderr, "racelens run: compilation failed\n");
    cleanup(dir, exe);
    return RL_EXIT_USAGE;
  }

  /* The log goes to ./racelens.db unless the user chose. */
  const char *env = getenv("RACELENS_DB");
  const char *dbpath = env && *env ? env : "racelens.db";
  if (!env || !*env)
    setenv("RACELENS_DB", "racelens.db", 1);

  char **pargv = calloc((size_t)(argc - sep) + 2, sizeof *pargv);
  if (!pargv) {
    cleanup(dir, exe);
    return RL_EXIT_FAIL;
  }
  k = 0;
  pargv[k++] = exe;
  for (int i = sep + 1; i < argc; i++)
    pargv[k++] = argv[i];
  pargv[k] = NULL;
  /* ^C goes to the program; racelens stays to summarise what it logged. */
  signal(SIGINT, SIG_IGN);
  signal(SIGQUIT, SIG_IGN);
  pid_t pid = 0;
  int status = spawn_wait(pargv, &pid);
  signal(SIGINT, SIG_DFL);
  signal(SIGQUIT, SIG_DFL);
  free(pargv);
  cleanup(dir, exe);
  if (status < 0) {
    fprintf(stderr, "racelens run: cannot run the program: %s\n",
            strerror(errno));
    return RL_EXIT_FAIL;
  }
  if (strcmp(dbpath, "off") == 0)
    return status;
  return summary(dbpath, pid, status);
}
