/*
 * args: the start every viz subcommand shares,
 *   racelens CMD [DB] [--run N] [--race K | --all] [--format F] [-o FILE]
 * built on the analyzer's parser (analyzer/cli.h) so that the diagrams read
 * their arguments, open databases and name errors exactly as the rest of
 * the CLI.  Options a command does not take are refused through the
 * `allowed` mask.
 */
#ifndef VIZ_ARGS_H
#define VIZ_ARGS_H

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>

enum {
  VA_RACE = 1,     /* --race K, --all */
  VA_FORMAT = 2,   /* --format F */
  VA_PERFETTO = 4, /* --perfetto */
};

typedef struct viz_args {
  const char *cmd;
  const char *out;    /* NULL or "-": stdout */
  const char *format; /* NULL: from the output's extension */
  int64_t run;
  int64_t race; /* 0: the first */
  int all;
  int perfetto;
  int help; /* --help was answered: exit 0 */
} viz_args_t;

/* Parses, opens the database and picks the run.  Returns 0 with *db open,
 * or an exit status after one line on stderr (or after printing the help,
 * with a->help set). */
int viz_start(int argc, char **argv, unsigned allowed, viz_args_t *a,
              sqlite3 **db);

/* The format to write: --format, else the output's extension when it is
 * one of FORMATS, else FORMATS[0].  NULL (after one line) when unknown. */
const char *viz_pick_format(const viz_args_t *a, const char *const *formats);

/* True when the output goes to stdout. */
int viz_to_stdout(const viz_args_t *a);

/* The stream for -o PATH (stdout when PATH is NULL or "-"), or NULL after
 * one line on stderr: a path that cannot be created is a bad argument, and
 * the command exits 2. */
FILE *viz_open_out(const char *cmd, const char *path);
/* Ends the output: flushes stdout, closes a file.  FAILED says an earlier
 * write already failed.  Returns 0, or 1 after one line on stderr when
 * the data did not all reach PATH (a full disk): an I/O failure, exit 1. */
int viz_close_out(const char *cmd, const char *path, FILE *f, int failed);

#endif
