/*
 * viz: the pictures of a run (issue 7).
 *
 * Every command reads a run's database (docs/schema.md) and writes one file.
 * They are called by the `racelens` CLI dispatch table with argv[0] set to
 * the subcommand name, and return the process exit status: 0 on success,
 * 1 on a runtime failure, 2 on bad usage.  Errors are one line on stderr.
 *
 * Graphs are built with cgraph and laid out with gvc's `dot` in-process, so
 * the CLI never depends on a `dot` binary being on PATH.
 */
#ifndef RACELENS_VIZ_H
#define RACELENS_VIZ_H

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>

int viz_cmd_diagram(int argc, char **argv);
int viz_cmd_ownership(int argc, char **argv);
int viz_cmd_html(int argc, char **argv);
int viz_cmd_export(int argc, char **argv);

/* An ownership violation: goroutine `sender` handed heap block `block`
 * over channel `chan` (send event `send_seq`, received by `receiver`, 0 if
 * never received), then accessed the block again at `access_site`, and
 * that access is one side of race `race_id`.  Go's rule "after sending a
 * pointer, stop using it" broken. */
typedef struct viz_violation {
  int64_t race_id, send_seq, sender, receiver, chan, block, access_site;
  char access_kind[24]; /* read write ... as in races.cur_kind */
} viz_violation_t;

/* The ownership violations of RUN, at most MAX of them into OUT (OUT may be
 * NULL with MAX 0 to count).  Returns how many there are in all, or -1 on
 * a database error.  One per race, with the sender's latest send of the
 * block before its racing access. */
int viz_ownership_violations(sqlite3 *db, int64_t run, viz_violation_t *out,
                             int max);

/* One usage paragraph for `racelens help NAME`; NULL if NAME is not ours. */
const char *viz_cmd_help(const char *name);

#endif
