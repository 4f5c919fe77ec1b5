/*
 * analyzer/db.h -- reading a racelens database (docs/schema.md).
 *
 * Every subcommand of the `racelens` CLI (the analyzer's and the diagrams'
 * in viz/) starts the same way: parse `[DB] [--run N] [-o FILE]
 * [--format F]`, open the database, pick a run.  This header is that
 * common start, plus the few lookups every report needs (where a site is,
 * what to call a goroutine, the frames of a stack), so that all commands
 * name things the same way.
 *
 * The database is opened read-only: the analyzer never changes a run, so it
 * can read while a program is still writing (WAL mode) and can be pointed at
 * a file the user cannot write.  The one change it makes is to unpack the
 * events a run wrote packed (rt/log/log_pack.h) into rows of `events`,
 * once, through a connection of its own; a file it cannot write is
 * unpacked into a copy in memory instead.  Anything wrong with the input is
 * reported as one line in `err` (no trailing newline) and the caller exits with
 * RL_EXIT_USAGE: bad input never crashes a command.
 */
#ifndef RL_ANALYZER_DB_H
#define RL_ANALYZER_DB_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#define RL_SCHEMA_VERSION 5 /* the newest schema this analyzer reads */

/* Exit statuses shared by every subcommand (as ThreadSanitizer: 66). */
#define RL_EXIT_OK 0
#define RL_EXIT_FAIL 1
#define RL_EXIT_USAGE 2
#define RL_EXIT_RACES 66

/* The database path used when none is given: $RACELENS_DB unless unset,
 * empty or "off", else "racelens.db". */
const char *rl_db_default_path(void);

/* Opens PATH read-only and checks it is a racelens database this analyzer
 * can read: the file exists, is SQLite, has meta.schema_version no newer
 * than RL_SCHEMA_VERSION, and holds at least one run.  NULL and a reason in
 * err otherwise.  What runs stored packed stays packed until a run is
 * picked (rl_db_pick_run). */
sqlite3 *rl_db_open(const char *path, char *err, size_t errlen);

/* rl_db_open, then the rows of every packed run made, saying how many
 * events it unpacked and whether into the file or (the file cannot be
 * written) into a copy in memory. */
sqlite3 *rl_db_open_unpack(const char *path, uint64_t *moved, int *in_memory,
                           char *err, size_t errlen);

/* The run RUN_ARG names (a run id, or NULL / "latest" for the newest run),
 * with the rows of its events made if it stored them packed: into the
 * file, or when that cannot be written into a copy in memory that
 * replaces *db.  -1 and a reason in err when it is not a number, no such
 * run exists, or its packs cannot be read. */
int64_t rl_db_pick_run(sqlite3 **db, const char *run_arg, char *err,
                       size_t errlen);

/* What `racelens runs` and the report header say about a run. */
typedef struct rl_run_info {
  int64_t id;
  char program[512];
  char argv[1024]; /* JSON array as stored */
  char status[16]; /* as stored: running exited panic deadlock signal */
  int cut_short;   /* "running" but its process is gone (e.g. SIGKILL) */
  int complete;
  int has_exit, exit_code, signal;
  int64_t pid, start_ns, end_ns;
  int64_t events; /* events_counted, else the rows logged */
  int64_t races;  /* runs.races, else distinct site pairs in races */
  char trace_mode[8];
  int trace_truncated;
} rl_run_info_t;
int rl_db_run_info(sqlite3 *db, int64_t run, rl_run_info_t *out);
/* The status as shown: "exited", "signal 9", "cut short", ... */
void rl_run_status_text(const rl_run_info_t *r, char *buf, size_t len);

/* sqlite3_column_int64 as int64_t (sqlite3_int64 is long long, which
 * PRId64 does not match on LP64). */
static inline int64_t rl_col64(sqlite3_stmt *st, int col) {
  return (int64_t)sqlite3_column_int64(st, col);
}

/* Formats the last SQLite error of DB as one line "what: message". */
void rl_db_error(sqlite3 *db, const char *what, char *err, size_t errlen);

/* Prepares SQL or writes why not to err; NULL on failure. */
sqlite3_stmt *rl_db_prepare(sqlite3 *db, const char *sql, char *err,
                            size_t errlen);

/* A site as a user reads it: "main.c:14" (the file as stored, shortened to
 * be relative to the working directory when below it), "main.c" when the
 * line is unknown, "?" when the site is unknown.  Returns buf. */
char *rl_db_site_loc(sqlite3 *db, int64_t run, int64_t site, char *buf,
                     size_t len);

/* One site's row, with NULL columns as "" / 0. */
typedef struct rl_site_row {
  int found;
  char kind[24];
  char file[512]; /* as stored */
  int line, col;
  char func[128];
  char expr[128];
  char callee[64];
  char target[128];
  int size;
  char mem_order[16];
} rl_site_row_t;
int rl_db_site(sqlite3 *db, int64_t run, int64_t site, rl_site_row_t *out);

/* A goroutine as reports name it: "G3 (incrementor)", "G1 (main)", "G7"
 * when the start function is unknown.  Returns buf. */
char *rl_db_goroutine_label(sqlite3 *db, int64_t run, int64_t gid, char *buf,
                            size_t len);

/* One frame of a stack as a user reads it: the function and the place in
 * it that is executing (for the innermost frame, the access itself; for
 * the others, the call into the frame below). */
typedef struct rl_frame {
  char func[128];
  char file[512];
  int line;
  int64_t fn_site;
} rl_frame_t;

/* Frames of stack node STACK, innermost first, at most MAX of them; LEAF
 * is the site executing in the innermost frame (0: unknown).  Returns the
 * number of frames (0 for stack 0 or an unknown node); a cycle in a
 * damaged database stops at MAX. */
int rl_db_stack(sqlite3 *db, int64_t run, int64_t stack, int64_t leaf,
                rl_frame_t *frames, int max);

/* The path shown to users for a stored file name (relative to the working
 * directory when below it). */
const char *rl_db_show_path(const char *file);

/* Name of an event kind (rt/events.def), "kind N" when unknown. */
const char *rl_event_kind_name(int kind);
/* The kind number for NAME, -1 when unknown. */
int rl_event_kind_by_name(const char *name);

#endif
