/*
 * racelens: the command users type.  Git-style subcommands; this file is
 * only the table and the help.  The diagram commands live in viz/ and are
 * linked in when that library exists (RL_HAVE_VIZ).
 */
#include "commands.h"
#include "db.h"

#include <stdio.h>
#include <string.h>

#ifdef RL_HAVE_VIZ
#include "viz.h"
#endif

typedef struct subcommand {
  const char *name;
  int (*fn)(int argc, char **argv);
  const char *summary;
  const char *help; /* NULL: ask viz_cmd_help */
} subcommand_t;

static const subcommand_t commands[] = {
    {"run", cmd_run, "compile a program with racelens, run it, report races",
     help_run},
    {"report", cmd_report, "the races of a run (text, json or sarif)",
     help_report},
    {"runs", cmd_runs, "the runs recorded in a database", help_runs},
    {"goroutines", cmd_goroutines, "the goroutines and threads of a run",
     help_goroutines},
    {"events", cmd_events, "the event log of a run, filtered and paged",
     help_events},
    {"chans", cmd_chans, "each channel: traffic, senders, receivers",
     help_chans},
    {"stats", cmd_stats, "events by kind, goroutines, peak concurrency",
     help_stats},
    {"unpack", cmd_unpack, "make the rows of what runs stored packed",
     help_unpack},
#ifdef RL_HAVE_VIZ
    {"diagram", viz_cmd_diagram, "the interleaving diagram of a run", NULL},
    {"ownership", viz_cmd_ownership, "the channel ownership graph of a run",
     NULL},
    {"html", viz_cmd_html, "a self-contained HTML report of a run", NULL},
    {"export", viz_cmd_export, "export a run (e.g. --perfetto)", NULL},
#endif
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const subcommand_t *find(const char *name) {
  for (size_t i = 0; i < NCOMMANDS; i++)
    if (strcmp(commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

static void usage(FILE *f) {
  fprintf(f, "usage: racelens COMMAND [ARGS]\n\n"
             "racelens finds data races in C programs and explains them.\n\n"
             "commands:\n");
  for (size_t i = 0; i < NCOMMANDS; i++)
    fprintf(f, "  %-11s %s\n", commands[i].name, commands[i].summary);
  fprintf(f, "\n`racelens help COMMAND` explains one command.  Commands that "
             "read a database\ntake [DB] (default: $RACELENS_DB or "
             "./racelens.db) and [--run N] (default:\nthe latest run).  Exit "
             "status: 0 ok, 66 races found, 2 bad input.\n");
}

static int help(const char *name) {
  const subcommand_t *c = find(name);
  const char *text = NULL;
  if (c)
    text = c->help;
#ifdef RL_HAVE_VIZ
  if (c && !text)
    text = viz_cmd_help(name);
#endif
  if (!c) {
    fprintf(stderr,
            "racelens: no command '%s' (see `racelens help` for the list)\n",
            name);
    return RL_EXIT_USAGE;
  }
  if (text)
    fputs(text, stdout);
  else
    printf("racelens %s: %s\n", c->name, c->summary);
  return RL_EXIT_OK;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return RL_EXIT_USAGE;
  }
  const char *name = argv[1];
  if (strcmp(name, "help") == 0 || strcmp(name, "--help") == 0 ||
      strcmp(name, "-h") == 0) {
    if (argc > 2)
      return help(argv[2]);
    usage(stdout);
    return RL_EXIT_OK;
  }
  if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
    printf("racelens %s (database schema %d)\n", RL_VERSION, RL_SCHEMA_VERSION);
    return RL_EXIT_OK;
  }
  const subcommand_t *c = find(name);
  if (!c) {
    fprintf(stderr,
            "racelens: '%s' is not a racelens command (see `racelens help`)\n",
            name);
    return RL_EXIT_USAGE;
  }
  /* `racelens CMD --help` for every command, before its own parser; `run`
   * passes arguments after `--` to the program, so stop looking there. */
  for (int i = 2; i < argc && strcmp(argv[i], "--") != 0; i++)
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
      return help(name);
  return c->fn(argc - 1, argv + 1);
}
