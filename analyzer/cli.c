/* The shared `[DB] [--run N] [-o FILE] [--format F]` parser (cli.h). */
#include "cli.h"

#include "db.h"
#include "term.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* The entry of LIST that ARG is ("--kind" or "--kind=..."), or NULL. */
static const char *in_list(const char *arg, const char *const *list) {
  for (; list && *list; list++) {
    size_t n = strlen(*list);
    if (strncmp(arg, *list, n) == 0 && (arg[n] == '\0' || arg[n] == '='))
      return *list;
  }
  return NULL;
}

int rl_cli_common(int argc, char **argv, const char *const *valued,
                  rl_cli_t *out, char *err, size_t errlen) {
  static const char *const common[] = {"--run", "--format", "--output", "-o",
                                       NULL};
  memset(out, 0, sizeof *out);
  out->cmd = argc > 0 ? argv[0] : "racelens";
  const char *db = NULL;
  int only_positional = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (only_positional || a[0] != '-' || a[1] == '\0') {
      if (db) {
        snprintf(err, errlen, "unexpected argument '%s' (one database only)",
                 a);
        return -1;
      }
      db = a;
      continue;
    }
    if (strcmp(a, "--") == 0) {
      only_positional = 1;
      continue;
    }
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      out->help = 1;
      continue;
    }
    const char *name = in_list(a, common);
    int is_common = name != NULL;
    if (!name)
      name = in_list(a, valued);
    if (!name) {
      if (strchr(a, '=')) {
        snprintf(err, errlen, "unknown option '%s'", a);
        return -1;
      }
      if (out->nrest == RL_CLI_MAX_REST) {
        snprintf(err, errlen, "too many options");
        return -1;
      }
      out->rest[out->nrest++] = (rl_cli_opt_t){a, NULL};
      continue;
    }
    /* An option with a value: inline after '=' or the next argument. */
    size_t n = strlen(name);
    const char *v = a[n] == '=' ? a + n + 1 : NULL;
    if (!v) {
      if (i + 1 >= argc) {
        snprintf(err, errlen, "option '%.*s' needs a value", (int)n, a);
        return -1;
      }
      v = argv[++i];
    }
    if (!is_common) {
      if (out->nrest == RL_CLI_MAX_REST) {
        snprintf(err, errlen, "too many options");
        return -1;
      }
      out->rest[out->nrest++] = (rl_cli_opt_t){name, v};
    } else if (!strcmp(name, "--run")) {
      out->run = v;
    } else if (!strcmp(name, "--format")) {
      out->format = v;
    } else {
      out->out = v;
    }
    if (!*v) {
      snprintf(err, errlen, "option '%.*s' needs a value", (int)n, a);
      return -1;
    }
  }
  out->db = db ? db : rl_db_default_path();
  return 0;
}

int rl_cli_check_format(const char *format, const char *const *allowed,
                        char *err, size_t errlen) {
  if (!format)
    return 0;
  for (const char *const *p = allowed; *p; p++)
    if (strcmp(format, *p) == 0)
      return 0;
  char list[256] = "";
  for (const char *const *p = allowed; *p; p++) {
    strncat(list, *p, sizeof list - strlen(list) - 1);
    if (p[1])
      strncat(list, ", ", sizeof list - strlen(list) - 1);
  }
  snprintf(err, errlen, "unknown format '%s' (expected %s)", format, list);
  return -1;
}

int rl_cli_fail(const rl_cli_t *cli, const char *msg) {
  fprintf(stderr, "racelens %s: %s\n", cli && cli->cmd ? cli->cmd : "", msg);
  return RL_EXIT_USAGE;
}

int rl_cli_open(int argc, char **argv, const char *const *valued, rl_cli_t *cli,
                sqlite3 **db, int64_t *run) {
  char err[1024];
  *db = NULL;
  if (rl_cli_common(argc, argv, valued, cli, err, sizeof err) != 0)
    return rl_cli_fail(cli, err);
  if (!valued && cli->nrest) { /* a command with no options of its own */
    snprintf(err, sizeof err, "unknown option '%s'", cli->rest[0].name);
    return rl_cli_fail(cli, err);
  }
  *db = rl_db_open(cli->db, err, sizeof err);
  if (!*db)
    return rl_cli_fail(cli, err);
  if (run) {
    *run = rl_db_pick_run(db, cli->run, err, sizeof err);
    if (*run < 0) {
      sqlite3_close(*db);
      *db = NULL;
      return rl_cli_fail(cli, err);
    }
  }
  /* Long queries tick the progress line (shown only on a terminal, and
   * only once a step has taken over a second). */
  sqlite3_progress_handler(*db, 100000, term_progress_sqlite, NULL);
  return 0;
}

FILE *rl_cli_output(const rl_cli_t *cli) {
  if (!cli->out || strcmp(cli->out, "-") == 0)
    return stdout;
  FILE *f = fopen(cli->out, "w");
  if (!f) {
    char msg[1200];
    snprintf(msg, sizeof msg, "cannot write %s: %s", cli->out, strerror(errno));
    rl_cli_fail(cli, msg);
  }
  return f;
}
