/*
 * analyzer/source.h -- source lines for reports.  The database stores file
 * names as the compiler saw them, often relative to the directory the
 * program was built in; that directory is the run's cwd in the usual
 * `racelens run` flow, so relative names are tried there first, then in the
 * current directory.  A file that moved or changed since the run is not an
 * error: the report says so and shows locations only.
 */
#ifndef RL_ANALYZER_SOURCE_H
#define RL_ANALYZER_SOURCE_H

#include <stdio.h>

/* Prints lines LINE-CONTEXT..LINE+CONTEXT of FILE as "    12 | text", the
 * line itself marked "  > 14 | text" (in MARK, an escape or "").  Returns
 * 0, or -1 when the file cannot be found or is shorter than LINE. */
int rl_source_excerpt(FILE *out, const char *cwd, const char *file, int line,
                      int context, const char *mark, const char *reset);

/* Copies line LINE of FILE (without newline, leading blanks skipped) into
 * BUF; 0 or -1. */
int rl_source_line(const char *cwd, const char *file, int line, char *buf,
                   size_t len);

#endif
