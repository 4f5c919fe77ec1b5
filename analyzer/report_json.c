/*
 * The JSON report: the schema is docs/json-schema.md (version 1).  Fields
 * are only ever added; a consumer checks "racelens_report" for the version.
 */
#include "json.h"
#include "report.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static void loc_obj(FILE *out, const char *file, int line, int col,
                    const char *func) {
  if (!file || !file[0]) {
    fputs("null", out);
    return;
  }
  fputs("{\"file\": ", out);
  json_str(out, rl_db_show_path(file));
  if (line > 0)
    fprintf(out, ", \"line\": %d", line);
  if (col > 0)
    fprintf(out, ", \"column\": %d", col);
  if (func && func[0]) {
    fputs(", \"function\": ", out);
    json_str(out, func);
  }
  fputc('}', out);
}

static void frames(FILE *out, const rl_frame_t *f, int n) {
  fputc('[', out);
  for (int i = 0; i < n; i++) {
    fputs(i ? ", {\"function\": " : "{\"function\": ", out);
    json_str(out, f[i].func);
    fputs(", \"file\": ", out);
    json_str(out, f[i].file[0] ? rl_db_show_path(f[i].file) : NULL);
    if (f[i].line > 0)
      fprintf(out, ", \"line\": %d", f[i].line);
    fputc('}', out);
  }
  fputc(']', out);
}

static void event_ref(FILE *out, const rl_event_ref_t *e) {
  if (!e->seq) {
    fputs("null", out);
    return;
  }
  fprintf(out, "{\"seq\": %" PRId64 ", \"kind\": ", e->seq);
  json_str(out, rl_event_kind_name(e->kind));
  fputs(", \"description\": ", out);
  json_str(out, e->what);
  fputs(", \"location\": ", out);
  loc_obj(out, e->site.file, e->site.line, e->site.col, e->site.func);
  fputc('}', out);
}

static void access_obj(FILE *out, const rl_report_t *rep, const rl_access_t *a,
                       const char *indent) {
  fprintf(out, "{\n%s  \"kind\": ", indent);
  json_str(out, a->kind);
  fprintf(out,
          ",\n%s  \"size\": %d,\n%s  \"goroutine\": {\"id\": %" PRId64
          ", \"label\": ",
          indent, a->size, indent, a->gid);
  json_str(out, a->who);
  fputs(", \"start_function\": ", out);
  json_str(out, a->start_func[0] ? a->start_func : NULL);
  if (a->is_main) {
    fputs(", \"main\": true, \"parent\": null, \"created_at\": null, "
          "\"created_stack\": []}",
          out);
  } else {
    fprintf(out, ", \"main\": false, \"parent\": %" PRId64 ", \"created_at\": ",
            a->parent);
    loc_obj(out, a->create.file, a->create.line, a->create.col, a->create.func);
    fputs(", \"created_stack\": ", out);
    frames(out, a->cframes, a->ncframes);
    fputc('}', out);
  }
  (void)rep;
  fprintf(out, ",\n%s  \"location\": ", indent);
  loc_obj(out, a->s.file, a->s.line, a->s.col, a->s.func);
  fprintf(out, ",\n%s  \"expression\": ", indent);
  json_str(out, a->s.expr[0] ? a->s.expr : NULL);
  fprintf(out, ",\n%s  \"stack\": ", indent);
  frames(out, a->frames, a->nframes);
  fprintf(out, ",\n%s  \"last_sync\": ", indent);
  event_ref(out, &a->last_sync);
  fprintf(out, ",\n%s  \"slept\": ", indent);
  event_ref(out, &a->sleep);
  fprintf(out, "\n%s}", indent);
}

struct json_ctx {
  FILE *out;
  const rl_report_t *rep;
};

static void deadlock_obj(void *ctx, const rl_deadlock_t *d, int i) {
  FILE *out = ((struct json_ctx *)ctx)->out;
  fprintf(out,
          "%s\n    {\n      \"seq\": %" PRId64 ",\n      \"locks\": %d,"
          "\n      \"steps\": [",
          i ? "," : "", d->seq, d->locks);
  for (int k = 0; k < d->nsteps; k++) {
    fputs(k ? ", {\"took\": " : "{\"took\": ", out);
    json_str(out, d->took[k]);
    fputs(", \"held\": ", out);
    json_str(out, d->held[k]);
    fputs(", \"lock\": ", out);
    access_obj(out, ((struct json_ctx *)ctx)->rep, &d->step[k], "        ");
    fputc('}', out);
  }
  char line[1024];
  rl_report_deadlock_explain(d, line, sizeof line);
  fputs("],\n      \"explanation\": ", out);
  json_str(out, line);
  fputs("\n    }", out);
}

/* "potential_deadlocks": [...]; 0, -1 when memory ran out, -2 when one
 * cannot be read. */
static int deadlocks(const rl_report_t *rep, FILE *out) {
  fprintf(out, ",\n  \"deadlock_count\": %d,\n  \"potential_deadlocks\": [",
          rep->ndeadlocks);
  struct json_ctx ctx = {out, rep};
  int rc = rl_report_each_deadlock(rep, deadlock_obj, &ctx);
  fputs(rep->ndeadlocks ? "\n  ]" : "]", out);
  return rc;
}

int rl_report_json(const rl_report_t *rep, FILE *out) {
  char status[32];
  rl_run_status_text(&rep->run, status, sizeof status);
  fprintf(out,
          "{\n  \"racelens_report\": 1,\n  \"run\": {\"id\": %" PRId64
          ", \"program\": ",
          rep->run.id);
  json_str(out, rep->run.program);
  fputs(", \"status\": ", out);
  json_str(out, status);
  fprintf(out, ", \"cut_short\": %s, \"exit_code\": ",
          rep->run.cut_short ? "true" : "false");
  if (rep->run.has_exit && !rep->run.cut_short)
    fprintf(out, "%d", rep->run.exit_code);
  else
    fputs("null", out);
  fprintf(out, ", \"events\": %" PRId64 ", \"trace_truncated\": %s},\n",
          rep->run.events, rep->run.trace_truncated ? "true" : "false");
  fprintf(out,
          "  \"race_count\": %d,\n  \"occurrences\": %" PRId64
          ",\n  \"races\": [",
          rep->nraces, rep->total_rows);
  rl_race_t *r = malloc(sizeof *r);
  if (!r)
    return -1;
  for (int i = 0; i < rep->nraces; i++) {
    if (rl_report_race(rep, i, r) != 0) {
      free(r);
      return -2;
    }
    fprintf(out,
            "%s\n    {\n      \"id\": %" PRId64
            ",\n      \"occurrences\": %" PRId64 ",\n      \"variable\": ",
            i ? "," : "", r->race_id, r->occurrences);
    json_str(out, r->var);
    fprintf(out,
            ",\n      \"address\": %" PRId64 ",\n      \"size\": %d,\n"
            "      \"object\": ",
            r->addr, r->size);
    if (r->obj > 0) {
      fprintf(out, "{\"id\": %" PRId64 ", \"kind\": ", r->obj);
      json_str(out, r->obj_kind[0] ? r->obj_kind : NULL);
      fputc('}', out);
    } else {
      fputs("null", out);
    }
    fputs(",\n      \"current\": ", out);
    access_obj(out, rep, &r->cur, "      ");
    fputs(",\n      \"previous\": ", out);
    access_obj(out, rep, &r->prev, "      ");
    fputs(",\n      \"previous_next_sync\": ", out);
    event_ref(out, &r->prev_next_sync);
    fputs(",\n      \"explanation\": [", out);
    char lines[4][512];
    int n = rl_report_explain(r, lines, 4);
    for (int k = 0; k < n; k++) {
      fputs(k ? ", " : "", out);
      json_str(out, lines[k]);
    }
    fputs("],\n      \"hints\": [", out);
    for (int k = 0; k < r->nhints; k++) {
      fputs(k ? ", {\"pattern\": " : "{\"pattern\": ", out);
      json_str(out, r->hints[k].code);
      fputs(", \"text\": ", out);
      json_str(out, r->hints[k].text);
      fputc('}', out);
    }
    fputs("]\n    }", out);
  }
  free(r);
  fputs(rep->nraces ? "\n  ]" : "]", out);
  int rc = deadlocks(rep, out);
  if (rc)
    return rc;
  fputs("\n}\n", out);
  return ferror(out) ? -1 : 0;
}
