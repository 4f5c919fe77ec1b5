/*
 * analyzer/report.h -- a run's races, as every report format shows them.
 *
 * The detector logs one races row per racing access pair it saw; a loop
 * produces the same pair thousands of times.  A report is about site pairs
 * ("line 14 against line 14"), so races are grouped by the unordered pair
 * of sites and the first occurrence stands for the group, with a count.
 *
 * Loading does all the database work (locations, stacks, goroutine
 * origins, the last synchronisation before each access, the fix-hint
 * patterns); the text, JSON and SARIF writers only format this model, so
 * the three formats can never disagree.  The report holds only the list of
 * groups; writers load one race at a time (rl_report_race) into one
 * buffer, so a run with thousands of distinct races needs no more memory
 * than a run with one.
 */
#ifndef RL_ANALYZER_REPORT_H
#define RL_ANALYZER_REPORT_H

#include "db.h"

#include <stdio.h>

#define RL_MAX_FRAMES 16
#define RL_MAX_HINTS 4

/* An event as an explanation mentions it: "unlock of mu at main.c:13". */
typedef struct rl_event_ref {
  int64_t seq; /* 0: none */
  int kind;
  char what[256]; /* "start (go at main.c:20)", "unlock mu" */
  rl_site_row_t site;
} rl_event_ref_t;

typedef struct rl_access {
  int64_t gid;
  char who[192]; /* "G3 (incrementor)" */
  char kind[24]; /* read write "atomic read" "atomic write" free */
  int size;
  int64_t site;
  rl_site_row_t s;
  int64_t stack;
  rl_frame_t frames[RL_MAX_FRAMES];
  int nframes;
  int64_t seq; /* cur: the race event; prev: prev_seq, the event before */
  /* where the goroutine came from */
  int is_main;
  int64_t parent;
  char start_func[128];
  int64_t create_site;
  rl_site_row_t create;
  rl_frame_t cframes[RL_MAX_FRAMES];
  int ncframes;
  int64_t go_seq;
  /* the last synchronisation of this goroutine before the access */
  rl_event_ref_t last_sync;
  /* a sleep of this goroutine before the access, if any */
  rl_event_ref_t sleep;
} rl_access_t;

enum rl_hint_kind {
  RL_HINT_COUNTER,   /* read-modify-write of a shared counter */
  RL_HINT_OWNERSHIP, /* pointer sent on a channel, then used by the sender */
  RL_HINT_NO_WAIT,   /* read after `go` without waiting */
  RL_HINT_SLEEP,     /* sleep used as synchronisation */
};

typedef struct rl_hint {
  enum rl_hint_kind kind;
  const char *code; /* stable name for JSON/SARIF: "counter-rmw", ... */
  char text[512];
} rl_hint_t;

typedef struct rl_race {
  int64_t race_id;
  int64_t occurrences;
  char var[256]; /* how to name the memory: "counter", "heap block ..." */
  int64_t addr;
  int size;
  int64_t obj;
  char obj_kind[24];
  int64_t obj_addr, obj_size; /* the object's bytes, when known */
  rl_access_t cur, prev;
  /* what G_prev did after its access and before G_cur's, that might have
   * been meant to order them, "" if nothing */
  rl_event_ref_t prev_next_sync;
  rl_hint_t hints[RL_MAX_HINTS];
  int nhints;
} rl_race_t;

/* A potential deadlock: the lock_order event at which a goroutine took a
 * lock that closed a cycle of lock orders (rt/detect/lock_order.c), and,
 * for a cycle of two locks, where another goroutine (or the same one) had
 * taken the two the other way, found in the log's lock events. */
typedef struct rl_deadlock {
  int64_t seq;
  int locks;           /* the cycle's length */
  int nsteps;          /* 1, or 2 when the other way was found */
  rl_access_t step[2]; /* kind "lock"; site and stack of the lock */
  char took[2][128], held[2][128];
} rl_deadlock_t;

typedef struct rl_race_group {
  int64_t race_id; /* the first occurrence */
  int64_t occurrences;
} rl_race_group_t;

typedef struct rl_report {
  sqlite3 *db;
  rl_run_info_t run;
  char cwd[1024];         /* the run's working directory, for source files */
  rl_race_group_t *races; /* one per distinct race, first seen first */
  int nraces;
  int64_t total_rows; /* races rows before grouping */
  int64_t *deadlocks; /* seq of each lock_order event */
  int ndeadlocks;
} rl_report_t;

/* Reads the run and its race groups.  0, or -1 with a reason in err. */
int rl_report_load(sqlite3 *db, int64_t run, rl_report_t *r, char *err,
                   size_t errlen);
/* Loads race group I into OUT.  0, or -1 when the database cannot be
 * read. */
int rl_report_race(const rl_report_t *r, int i, rl_race_t *out);
/* Loads potential deadlock I into OUT.  0, or -1 when the database cannot
 * be read. */
int rl_report_deadlock(const rl_report_t *r, int i, rl_deadlock_t *out);
/* Calls fn for each potential deadlock, loaded in turn into one buffer.
 * 0, -1 when memory ran out, -2 when one cannot be read. */
int rl_report_each_deadlock(const rl_report_t *r,
                            void (*fn)(void *ctx, const rl_deadlock_t *d,
                                       int i),
                            void *ctx);
/* Its explanation (shared by text and JSON), one sentence into LINE. */
void rl_report_deadlock_explain(const rl_deadlock_t *d, char *line, size_t len);
void rl_report_free(rl_report_t *r);

/* The explanation's sentences for one race (shared by text and JSON):
 * writes up to MAX lines into LINES, returns how many. */
int rl_report_explain(const rl_race_t *race, char lines[][512], int max);

/* Writers: return 0, -1 on an I/O error, -2 when a race cannot be read
 * from the database. */
int rl_report_text(const rl_report_t *r, FILE *out);
int rl_report_json(const rl_report_t *r, FILE *out);
int rl_report_sarif(const rl_report_t *r, FILE *out);

#endif
