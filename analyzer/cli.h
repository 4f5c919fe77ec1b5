/*
 * analyzer/cli.h -- the arguments every database-reading subcommand shares.
 *
 *   racelens CMD [DB] [--run N] [-o FILE] [--format F] [CMD's own options]
 *
 * One parser so that `racelens report x.db --run 3` and `racelens diagram
 * --run=3 x.db -o race.svg` read the same way.  Options the parser does not
 * know are kept, in order, in `rest` for the subcommand to handle; those
 * listed in `valued` take the next argument as their value (also written
 * `--opt=value`), so a value is never mistaken for the database path.
 */
#ifndef RL_ANALYZER_CLI_H
#define RL_ANALYZER_CLI_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define RL_CLI_MAX_REST 64

typedef struct rl_cli_opt {
  const char *name;  /* "--kind" */
  const char *value; /* NULL for a flag */
} rl_cli_opt_t;

typedef struct rl_cli {
  const char *cmd;    /* argv[0] */
  const char *db;     /* the positional DB, else rl_db_default_path() */
  const char *run;    /* --run value; NULL: the latest run */
  const char *out;    /* -o / --output; NULL: stdout */
  const char *format; /* --format; NULL: the command's default */
  int help;           /* -h / --help seen */
  int nrest;
  rl_cli_opt_t rest[RL_CLI_MAX_REST];
} rl_cli_t;

/* Parses argv[1..argc-1] (argv[0] is the subcommand name).  VALUED is a
 * NULL-terminated list of the subcommand's own options that take a value
 * (may be NULL).  Returns 0, or -1 with a one-line reason in err. */
int rl_cli_common(int argc, char **argv, const char *const *valued,
                  rl_cli_t *out, char *err, size_t errlen);

/* Checks FORMAT (NULL allowed) against a NULL-terminated list; -1 and a
 * reason in err when it is not one of them. */
int rl_cli_check_format(const char *format, const char *const *allowed,
                        char *err, size_t errlen);

/* The usual start of a subcommand: parse, open the database, pick the run
 * (RUN may be NULL for commands about the whole database).  With VALUED
 * NULL the subcommand has no options of its own, and any other option is
 * refused here.  On failure the
 * one-line reason goes to stderr as "racelens CMD: reason" and the return
 * is RL_EXIT_USAGE; 0 on success. */
int rl_cli_open(int argc, char **argv, const char *const *valued, rl_cli_t *cli,
                sqlite3 **db, int64_t *run);

/* The stream for -o FILE (stdout without -o); NULL and a line on stderr if
 * it cannot be created. */
FILE *rl_cli_output(const rl_cli_t *cli);

/* Prints "racelens CMD: MSG" on stderr and returns RL_EXIT_USAGE. */
int rl_cli_fail(const rl_cli_t *cli, const char *msg);

#endif
