#include "args.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "viz.h"

static int parse_count(const char *cmd, const char *flag, const char *s,
                       int64_t *out) {
  char *end = NULL;
  errno = 0;
  long long v = s ? strtoll(s, &end, 10) : 0;
  if (!s || !*s || *end || errno || v < 1) {
    fprintf(stderr, "racelens %s: %s needs a positive number, got '%s'\n", cmd,
            flag, s ? s : "");
    return RL_EXIT_USAGE;
  }
  *out = v;
  return 0;
}

static int own_options(const rl_cli_t *cli, unsigned allowed, viz_args_t *a) {
  for (int i = 0; i < cli->nrest; i++) {
    const rl_cli_opt_t *o = &cli->rest[i];
    if ((allowed & VA_RACE) && !strcmp(o->name, "--race")) {
      if (parse_count(a->cmd, "--race", o->value, &a->race))
        return RL_EXIT_USAGE;
    } else if ((allowed & VA_RACE) && !strcmp(o->name, "--all")) {
      a->all = 1;
    } else if ((allowed & VA_PERFETTO) && !strcmp(o->name, "--perfetto")) {
      a->perfetto = 1;
    } else {
      fprintf(stderr,
              "racelens %s: unknown option '%s' (see racelens help %s)\n",
              a->cmd, o->name, a->cmd);
      return RL_EXIT_USAGE;
    }
  }
  if (a->all && a->race) {
    fprintf(stderr, "racelens %s: --race and --all exclude each other\n",
            a->cmd);
    return RL_EXIT_USAGE;
  }
  if (a->format && !(allowed & VA_FORMAT)) {
    fprintf(stderr, "racelens %s: --format is not an option of %s\n", a->cmd,
            a->cmd);
    return RL_EXIT_USAGE;
  }
  return 0;
}

int viz_start(int argc, char **argv, unsigned allowed, viz_args_t *a,
              sqlite3 **db) {
  static const char *const valued[] = {"--race", NULL};
  rl_cli_t cli;
  char err[1024];
  memset(a, 0, sizeof *a);
  *db = NULL;
  a->cmd = argc > 0 ? argv[0] : "viz";
  if (rl_cli_common(argc, argv, valued, &cli, err, sizeof err) != 0)
    return rl_cli_fail(&cli, err);
  if (cli.help) {
    const char *h = viz_cmd_help(a->cmd);
    fputs(h ? h : "", stdout);
    a->help = 1;
    return RL_EXIT_OK;
  }
  a->out = cli.out;
  a->format = cli.format;
  int rc = own_options(&cli, allowed, a);
  if (rc)
    return rc;
  *db = rl_db_open(cli.db, err, sizeof err);
  if (!*db)
    return rl_cli_fail(&cli, err);
  a->run = rl_db_pick_run(db, cli.run, err, sizeof err);
  if (a->run < 0) {
    sqlite3_close(*db);
    *db = NULL;
    return rl_cli_fail(&cli, err);
  }
  return 0;
}

static int is_stdout(const char *path) {
  return !path || !strcmp(path, "-");
}

int viz_to_stdout(const viz_args_t *a) {
  return is_stdout(a->out);
}

FILE *viz_open_out(const char *cmd, const char *path) {
  if (is_stdout(path))
    return stdout;
  FILE *f = fopen(path, "wb");
  if (!f)
    fprintf(stderr, "racelens %s: cannot write '%s': %s\n", cmd, path,
            strerror(errno));
  return f;
}

int viz_close_out(const char *cmd, const char *path, FILE *f, int failed) {
  failed |= (f == stdout ? fflush(f) : fclose(f)) != 0;
  if (failed)
    fprintf(stderr, "racelens %s: cannot write '%s': %s\n", cmd,
            is_stdout(path) ? "stdout" : path, strerror(errno));
  return failed;
}

const char *viz_pick_format(const viz_args_t *a, const char *const *formats) {
  const char *f = a->format;
  if (!f) {
    const char *dot = viz_to_stdout(a) ? NULL : strrchr(a->out, '.');
    const char *slash = viz_to_stdout(a) ? NULL : strrchr(a->out, '/');
    if (dot && (!slash || dot > slash))
      for (int i = 0; formats[i]; i++)
        if (!strcmp(dot + 1, formats[i]))
          return formats[i];
    return formats[0];
  }
  for (int i = 0; formats[i]; i++)
    if (!strcmp(f, formats[i]))
      return formats[i];
  char list[128] = "";
  for (int i = 0; formats[i]; i++) {
    strncat(list, formats[i], sizeof list - strlen(list) - 1);
    if (formats[i + 1])
      strncat(list, ", ", sizeof list - strlen(list) - 1);
  }
  fprintf(stderr, "racelens %s: unknown format '%s' (expected %s)\n", a->cmd, f,
          list);
  return NULL;
}
