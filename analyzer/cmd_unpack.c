/* `racelens unpack`: makes the rows of what runs stored packed, now. */
#include "commands.h"
#include "db.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

const char help_unpack[] =
    "usage: racelens unpack [DB]\n\n"
    "A run stores its events, goroutines, objects and access counts packed\n"
    "(cheap for the program); the first racelens command that reads a run\n"
    "of DB (default: $RACELENS_DB or ./racelens.db) turns that run's packs\n"
    "into rows of the tables of docs/schema.md.  `racelens unpack` does it\n"
    "for every run, and says how many events it unpacked: run it before\n"
    "querying DB with sqlite3.  Races and sites are rows from the start.\n";

int cmd_unpack(int argc, char **argv) {
  const char *path = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      fputs(help_unpack, stdout);
      return RL_EXIT_OK;
    }
    if (argv[i][0] == '-' || path) {
      fprintf(stderr, "racelens unpack: unexpected argument '%s'\n", argv[i]);
      return RL_EXIT_USAGE;
    }
    path = argv[i];
  }
  if (!path)
    path = rl_db_default_path();
  char err[1024];
  uint64_t moved;
  int in_memory;
  sqlite3 *db = rl_db_open_unpack(path, &moved, &in_memory, err, sizeof err);
  if (!db) {
    fprintf(stderr, "racelens unpack: %s\n", err);
    return RL_EXIT_USAGE;
  }
  sqlite3_close(db);
  if (in_memory) {
    fprintf(stderr,
            "racelens unpack: %s: cannot be written; other commands unpack "
            "it in memory each time they read it\n",
            path);
    return RL_EXIT_USAGE;
  }
  printf("%s: %" PRIu64 " events unpacked\n", path, moved);
  return RL_EXIT_OK;
}
