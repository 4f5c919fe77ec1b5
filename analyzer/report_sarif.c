/*
 * The SARIF 2.1.0 report, for editors and code-scanning services: one
 * result per race on the current access, the previous access as a related
 * location, and both goroutines' stacks as thread flows of one code flow
 * (outermost frame first, as SARIF orders them).
 */
#include "json.h"
#include "report.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#ifndef RL_VERSION
#define RL_VERSION "0"
#endif

/* An artifact URI: relative names stay relative references; absolute
 * paths become file:// URIs; bytes outside the unreserved set and '/' are
 * percent-encoded so the result is always a valid URI reference. */
static void uri(FILE *out, const char *path) {
  fputc('"', out);
  if (path[0] == '/')
    fputs("file://", out);
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    unsigned char c = *p;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= '0' && c <= '9') || strchr("-._~/", c))
      fputc(c, out);
    else
      fprintf(out, "%%%02X", c);
  }
  fputc('"', out);
}

static void physical(FILE *out, const char *file, int line, int col) {
  fputs("\"physicalLocation\": {\"artifactLocation\": {\"uri\": ", out);
  uri(out, rl_db_show_path(file));
  fputc('}', out);
  if (line > 0) {
    fprintf(out, ", \"region\": {\"startLine\": %d", line);
    if (col > 0)
      fprintf(out, ", \"startColumn\": %d", col);
    fputc('}', out);
  }
  fputc('}', out);
}

/* A location object (without braces' owner): physical part if the file is
 * known, and a message. */
static void location(FILE *out, const char *file, int line, int col,
                     const char *msg, int id) {
  fputc('{', out);
  if (id > 0)
    fprintf(out, "\"id\": %d, ", id);
  if (file && file[0]) {
    physical(out, file, line, col);
    fputs(", ", out);
  }
  fputs("\"message\": {\"text\": ", out);
  json_str(out, msg);
  fputs("}}", out);
}

static void thread_flow(FILE *out, const rl_access_t *a) {
  fputs("{\"id\": ", out);
  json_str(out, a->who);
  fputs(", \"message\": {\"text\": ", out);
  char m[400];
  snprintf(m, sizeof m, "%s: %s of size %d", a->who, a->kind, a->size);
  json_str(out, m);
  fputs("}, \"locations\": [", out);
  int n = a->nframes;
  for (int i = n - 1; i >= 0; i--) {
    const rl_frame_t *f = &a->frames[i];
    fprintf(out,
            "%s{\"nestingLevel\": %d, \"location\": ", i == n - 1 ? "" : ", ",
            n - 1 - i);
    char msg[300];
    if (i == 0)
      snprintf(msg, sizeof msg, "%s: %s here", f->func, a->kind);
    else
      snprintf(msg, sizeof msg, "%s", f->func);
    location(out, f->file, f->line, i == 0 ? a->s.col : 0, msg, 0);
    fputc('}', out);
  }
  if (n == 0) {
    /* threadFlow.locations needs at least one entry. */
    fputs("{\"location\": ", out);
    location(out, a->s.file, a->s.line, a->s.col, a->kind, 0);
    fputc('}', out);
  }
  fputs("]}", out);
}

static void result(FILE *out, const rl_race_t *r) {
  char msg[2048], loc[600];
  snprintf(loc, sizeof loc, "%s:%d", rl_db_show_path(r->prev.s.file),
           r->prev.s.line);
  int n = snprintf(msg, sizeof msg,
                   "Data race on %s: %s by %s conflicts with the previous %s "
                   "by %s at %s (seen %" PRId64 " time%s).",
                   r->var, r->cur.kind, r->cur.who, r->prev.kind, r->prev.who,
                   loc, r->occurrences, r->occurrences == 1 ? "" : "s");
  if (r->nhints && n > 0 && (size_t)n < sizeof msg)
    snprintf(msg + n, sizeof msg - (size_t)n, " Hint: %s", r->hints[0].text);
  fputs("{\"ruleId\": \"RL0001\", \"ruleIndex\": 0, \"level\": \"error\", "
        "\"message\": {\"text\": ",
        out);
  json_str(out, msg);
  fputs("},\n       \"locations\": [", out);
  char what[300];
  snprintf(what, sizeof what, "%s by %s", r->cur.kind, r->cur.who);
  location(out, r->cur.s.file, r->cur.s.line, r->cur.s.col, what, 0);
  fputs("],\n       \"relatedLocations\": [", out);
  snprintf(what, sizeof what, "previous %s by %s", r->prev.kind, r->prev.who);
  location(out, r->prev.s.file, r->prev.s.line, r->prev.s.col, what, 1);
  fputs("],\n       \"codeFlows\": [{\"message\": {\"text\": ", out);
  json_str(out, "the two racing accesses and their goroutines' stacks");
  fputs("}, \"threadFlows\": [", out);
  thread_flow(out, &r->prev);
  fputs(", ", out);
  thread_flow(out, &r->cur);
  fputs("]}],\n       \"partialFingerprints\": {\"racelensSitePair/v1\": ",
        out);
  char fp[200];
  int64_t a = r->cur.site < r->prev.site ? r->cur.site : r->prev.site;
  int64_t b = r->cur.site < r->prev.site ? r->prev.site : r->cur.site;
  snprintf(fp, sizeof fp, "%s:%d:%s:%d",
           a == r->cur.site ? r->cur.s.file : r->prev.s.file,
           a == r->cur.site ? r->cur.s.line : r->prev.s.line,
           b == r->cur.site ? r->cur.s.file : r->prev.s.file,
           b == r->cur.site ? r->cur.s.line : r->prev.s.line);
  json_str(out, fp);
  fprintf(out,
          "},\n       \"properties\": {\"occurrences\": %" PRId64
          ", \"variable\": ",
          r->occurrences);
  json_str(out, r->var);
  fputs(", \"hints\": [", out);
  for (int i = 0; i < r->nhints; i++) {
    fputs(i ? ", " : "", out);
    json_str(out, r->hints[i].code);
  }
  fputs("]}}", out);
}

struct sarif_ctx {
  FILE *out;
  int first; /* no result written yet */
};

static void deadlock_result(void *ctx, const rl_deadlock_t *d, int i) {
  FILE *out = ((struct sarif_ctx *)ctx)->out;
  fputs(i || !((struct sarif_ctx *)ctx)->first ? ",\n      " : "\n      ", out);
  char msg[1200];
  rl_report_deadlock_explain(d, msg, sizeof msg);
  fputs("{\"ruleId\": \"RL0002\", \"ruleIndex\": 1, \"level\": \"error\", "
        "\"message\": {\"text\": ",
        out);
  char text[1400];
  snprintf(text, sizeof text, "Potential deadlock: %s", msg);
  json_str(out, text);
  fputs("},\n       \"locations\": [", out);
  char what[300];
  snprintf(what, sizeof what, "%s takes `%s` while holding `%s`",
           d->step[0].who, d->took[0], d->held[0]);
  location(out, d->step[0].s.file, d->step[0].s.line, d->step[0].s.col, what,
           0);
  fputs("],\n       \"relatedLocations\": [", out);
  for (int i = 1; i < d->nsteps; i++) {
    snprintf(what, sizeof what, "%s takes `%s` while holding `%s`",
             d->step[i].who, d->took[i], d->held[i]);
    location(out, d->step[i].s.file, d->step[i].s.line, d->step[i].s.col, what,
             i);
  }
  fputs("],\n       \"codeFlows\": [{\"message\": {\"text\": ", out);
  json_str(out, "each goroutine's stack where it took the lock");
  fputs("}, \"threadFlows\": [", out);
  for (int i = 0; i < d->nsteps; i++) {
    fputs(i ? ", " : "", out);
    thread_flow(out, &d->step[i]);
  }
  fprintf(out, "]}],\n       \"properties\": {\"locks\": %d}}", d->locks);
}

int rl_report_sarif(const rl_report_t *rep, FILE *out) {
  fputs("{\n  \"$schema\": "
        "\"https://json.schemastore.org/sarif-2.1.0.json\",\n"
        "  \"version\": \"2.1.0\",\n  \"runs\": [{\n"
        "    \"tool\": {\"driver\": {\"name\": \"racelens\", "
        "\"version\": \"" RL_VERSION "\",\n"
        "      \"rules\": [{\"id\": \"RL0001\", \"name\": \"DataRace\",\n"
        "        \"shortDescription\": {\"text\": \"Data race\"},\n"
        "        \"fullDescription\": {\"text\": \"Two goroutines or threads "
        "access the same memory, at least one writes, and no "
        "synchronisation orders the accesses.\"},\n"
        "        \"help\": {\"text\": \"Order the accesses: a mutex around "
        "both, an atomic variable, a channel or a WaitGroup. Run `racelens "
        "report` for the explanation.\"},\n"
        "        \"defaultConfiguration\": {\"level\": \"error\"}},\n"
        "        {\"id\": \"RL0002\", \"name\": \"PotentialDeadlock\",\n"
        "        \"shortDescription\": {\"text\": \"Potential deadlock\"},\n"
        "        \"fullDescription\": {\"text\": \"Goroutines take the same "
        "locks in orders that form a cycle: run at the same time, each can "
        "hold one and wait forever for the next.\"},\n"
        "        \"help\": {\"text\": \"Take the locks in one order "
        "everywhere.\"},\n"
        "        \"defaultConfiguration\": {\"level\": \"error\"}}]}},\n"
        "    \"columnKind\": \"utf16CodeUnits\",\n"
        "    \"results\": [",
        out);
  rl_race_t *race = malloc(sizeof *race);
  if (!race)
    return -1;
  for (int i = 0; i < rep->nraces; i++) {
    if (rl_report_race(rep, i, race) != 0) {
      free(race);
      return -2;
    }
    fputs(i ? ",\n      " : "\n      ", out);
    result(out, race);
  }
  free(race);
  struct sarif_ctx ctx = {out, rep->nraces == 0};
  int rc = rl_report_each_deadlock(rep, deadlock_result, &ctx);
  if (rc)
    return rc;
  fputs("]\n  }]\n}\n", out);
  return ferror(out) ? -1 : 0;
}
