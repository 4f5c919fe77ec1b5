/*
 * The text report: what the detector prints at run time, plus what only the
 * whole log can tell -- source excerpts, the goroutines' origins, why
 * nothing orders the accesses, and a fix hint.
 */
#include "report.h"
#include "source.h"
#include "term.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* Prints TEXT word-wrapped to 78 columns, every line indented by INDENT
 * (the first after LEAD, which is already printed and LEADLEN wide). */
static void wrap(FILE *out, int indent, int leadlen, const char *text) {
  int col = leadlen;
  const char *p = text;
  while (*p) {
    while (*p == ' ')
      p++;
    size_t w = strcspn(p, " ");
    if (!w)
      break;
    if (col > indent && col + 1 + (int)w > 78) {
      fprintf(out, "\n%*s", indent, "");
      col = indent;
    } else if (col > indent) {
      fputc(' ', out);
      col++;
    } else if (col < indent) {
      fprintf(out, "%*s", indent - col, "");
      col = indent;
    }
    fwrite(p, 1, w, out);
    col += (int)w;
    p += w;
  }
  fputc('\n', out);
}

static void print_frames(FILE *out, const rl_frame_t *f, int n) {
  for (int i = 0; i < n; i++) {
    if (f[i].file[0] && f[i].line > 0)
      fprintf(out, "      #%d %s %s:%d\n", i, f[i].func,
              rl_db_show_path(f[i].file), f[i].line);
    else if (f[i].file[0])
      fprintf(out, "      #%d %s %s\n", i, f[i].func,
              rl_db_show_path(f[i].file));
    else
      fprintf(out, "      #%d %s\n", i, f[i].func);
  }
}

/* The source around a's line, or, the first time a file is missing or
 * changed, a note saying so. */
static void print_source(FILE *out, const rl_report_t *rep,
                         const rl_access_t *a, int *missing) {
  if (rl_source_excerpt(out, rep->cwd, a->s.file, a->s.line, 2, term_red(),
                        term_reset()) != 0 &&
      !*missing) {
    *missing = 1;
    fprintf(out,
            "    %s(note: source %s not found or changed since the run: "
            "showing locations only)%s\n",
            term_yellow(), rl_db_show_path(a->s.file), term_reset());
  }
}

static void print_access(FILE *out, const rl_report_t *rep, const rl_race_t *r,
                         const rl_access_t *a, int previous, int *missing) {
  char loc[600];
  rl_db_site_loc(rep->db, rep->run.id, a->site, loc, sizeof loc);
  char kind[32];
  snprintf(kind, sizeof kind, "%s", a->kind);
  if (!previous && kind[0] >= 'a' && kind[0] <= 'z')
    kind[0] = (char)(kind[0] - 'a' + 'A');
  /* Worded as the detector prints it at run time, "in strcpy" included
   * for the accesses libc made for the program. */
  char in[80] = "";
  if (!strcmp(a->s.kind, "call") && a->s.callee[0] && strcmp(a->kind, "free"))
    snprintf(in, sizeof in, " in %s", a->s.callee);
  fprintf(out, "  %s%s of %d byte%s by %s%s%s%s at %s%s%s:\n",
          previous ? "Previous " : "", kind, a->size, a->size == 1 ? "" : "s",
          term_bold(), a->who, term_reset(), in, term_bold(), loc,
          term_reset());
  print_frames(out, a->frames, a->nframes);
  if (!a->s.found || a->s.line <= 0)
    return;
  /* The same line twice is shown once. */
  if (previous && r->cur.s.line == a->s.line &&
      !strcmp(r->cur.s.file, a->s.file))
    return;
  print_source(out, rep, a, missing);
}

static void print_origin(FILE *out, const rl_report_t *rep,
                         const rl_access_t *a) {
  if (a->is_main) {
    fprintf(out, "  %s is the main goroutine.\n", a->who);
    return;
  }
  char parent[192], loc[600];
  rl_db_goroutine_label(rep->db, rep->run.id, a->parent, parent, sizeof parent);
  rl_db_site_loc(rep->db, rep->run.id, a->create_site, loc, sizeof loc);
  fprintf(out, "  %s was started by %s at %s:\n", a->who, parent, loc);
  print_frames(out, a->cframes, a->ncframes);
}

static void print_race(FILE *out, const rl_report_t *rep, const rl_race_t *r,
                       int idx) {
  fprintf(out, "%s==================%s\n", term_red(), term_reset());
  fprintf(out, "%sWARNING: DATA RACE%s on %s%s%s", term_red(), term_reset(),
          term_bold(), r->var, term_reset());
  if (r->size > 0)
    fprintf(out, " (%d bytes at 0x%" PRIx64 ")", r->size, (uint64_t)r->addr);
  fprintf(out, "  [race %d of %d", idx + 1, rep->nraces);
  if (r->occurrences > 1)
    fprintf(out, ", seen %" PRId64 " times", r->occurrences);
  fprintf(out, "]\n");
  int missing = 0;
  print_access(out, rep, r, &r->cur, 0, &missing);
  fprintf(out, "\n");
  print_access(out, rep, r, &r->prev, 1, &missing);
  fprintf(out, "\n");
  print_origin(out, rep, &r->cur);
  if (r->prev.gid != r->cur.gid)
    print_origin(out, rep, &r->prev);

  char lines[4][512];
  int n = rl_report_explain(r, lines, 4);
  fprintf(out, "\n  %sWhy this is a race:%s\n", term_bold(), term_reset());
  for (int i = 0; i < n; i++)
    wrap(out, 4, 0, lines[i]);
  for (int i = 0; i < r->nhints; i++) {
    fprintf(out, "\n  %sHint:%s", term_green(), term_reset());
    wrap(out, 4, 7, r->hints[i].text);
  }
  fprintf(out, "%s==================%s\n", term_red(), term_reset());
}

struct text_ctx {
  FILE *out;
  const rl_report_t *rep;
};

static void print_deadlock(void *ctx, const rl_deadlock_t *d, int idx) {
  FILE *out = ((struct text_ctx *)ctx)->out;
  const rl_report_t *rep = ((struct text_ctx *)ctx)->rep;
  fprintf(out, "%s==================%s\n", term_red(), term_reset());
  fprintf(out, "%sWARNING: POTENTIAL DEADLOCK%s: locks taken ", term_red(),
          term_reset());
  if (d->locks == 2)
    fprintf(out, "in opposite orders (%s`%s` and `%s`%s)", term_bold(),
            d->held[0], d->took[0], term_reset());
  else
    fprintf(out, "round a cycle of %d (%s`%s`, `%s`, ...%s)", d->locks,
            term_bold(), d->held[0], d->took[0], term_reset());
  fprintf(out, "  [%d of %d]\n", idx + 1, rep->ndeadlocks);
  int missing = 0;
  for (int i = 0; i < d->nsteps; i++) {
    const rl_access_t *a = &d->step[i];
    char loc[600];
    rl_db_site_loc(rep->db, rep->run.id, a->site, loc, sizeof loc);
    fprintf(out, "  %s%s%s took `%s` while holding `%s`, at %s%s%s:\n",
            term_bold(), a->who, term_reset(), d->took[i], d->held[i],
            term_bold(), loc, term_reset());
    print_frames(out, a->frames, a->nframes);
    /* The same line twice is shown once. */
    if (a->s.found && a->s.line > 0 &&
        (i == 0 || a->s.line != d->step[0].s.line ||
         strcmp(a->s.file, d->step[0].s.file)))
      print_source(out, rep, a, &missing);
    fprintf(out, "\n");
  }
  for (int i = 0; i < d->nsteps; i++)
    if (i == 0 || d->step[i].gid != d->step[0].gid)
      print_origin(out, rep, &d->step[i]);
  char line[1024];
  rl_report_deadlock_explain(d, line, sizeof line);
  fprintf(out, "\n  %sWhy this can deadlock:%s\n", term_bold(), term_reset());
  wrap(out, 4, 0, line);
  fprintf(out, "%s==================%s\n\n", term_red(), term_reset());
}

/* The potential deadlocks, and their count; 0, -1 when memory ran out, -2
 * when one cannot be read. */
static int print_deadlocks(FILE *out, const rl_report_t *rep) {
  if (!rep->ndeadlocks)
    return 0;
  struct text_ctx ctx = {out, rep};
  int rc = rl_report_each_deadlock(rep, print_deadlock, &ctx);
  if (rc)
    return rc;
  fprintf(out,
          "%s%d potential deadlock%s%s (locks taken in orders that form a "
          "cycle)\n",
          term_red(), rep->ndeadlocks, rep->ndeadlocks == 1 ? "" : "s",
          term_reset());
  return 0;
}

int rl_report_text(const rl_report_t *rep, FILE *out) {
  char status[32];
  rl_run_status_text(&rep->run, status, sizeof status);
  const char *prog = strrchr(rep->run.program, '/');
  prog = prog ? prog + 1 : rep->run.program;
  if (rep->run.cut_short)
    fprintf(out,
            "%snote: run %" PRId64 " was cut short (its process died without "
            "finishing the log, e.g. killed by SIGKILL): the report shows "
            "what was logged.%s\n",
            term_yellow(), rep->run.id, term_reset());
  else if (!strcmp(rep->run.status, "running"))
    fprintf(out, "%snote: run %" PRId64 " is still running.%s\n", term_yellow(),
            rep->run.id, term_reset());
  if (rep->run.trace_truncated)
    fprintf(out,
            "%snote: the access trace of run %" PRId64 " hit its limit and "
            "was truncated.%s\n",
            term_yellow(), rep->run.id, term_reset());
  if (rep->nraces == 0) {
    int rc = print_deadlocks(out, rep);
    if (rc)
      return rc;
    fprintf(out, "%sno data races in run %" PRId64 "%s (%s, %s)\n",
            term_green(), rep->run.id, term_reset(), prog, status);
    return ferror(out) ? -1 : 0;
  }
  rl_race_t *race = malloc(sizeof *race);
  if (!race)
    return -1;
  for (int i = 0; i < rep->nraces; i++) {
    if (rl_report_race(rep, i, race) != 0) {
      free(race);
      return -2;
    }
    print_race(out, rep, race, i);
    fprintf(out, "\n");
  }
  free(race);
  int rc = print_deadlocks(out, rep);
  if (rc)
    return rc;
  fprintf(out,
          "%s%d data race%s%s in run %" PRId64 " (%s, %s; %" PRId64
          " occurrence%s)\n",
          term_red(), rep->nraces, rep->nraces == 1 ? "" : "s", term_reset(),
          rep->run.id, prog, status, rep->total_rows,
          rep->total_rows == 1 ? "" : "s");
  return ferror(out) ? -1 : 0;
}
