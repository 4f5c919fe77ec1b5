#include "label.h"

#include <stdio.h>
#include <string.h>

void viz_thousands(int64_t n, char *buf, size_t len) {
  char raw[32], out[48];
  int neg = n < 0;
  snprintf(raw, sizeof raw, "%lld", (long long)(neg ? -n : n));
  size_t rl = strlen(raw), o = 0;
  if (neg)
    out[o++] = '-';
  for (size_t i = 0; i < rl; i++) {
    if (i && (rl - i) % 3 == 0)
      out[o++] = ',';
    out[o++] = raw[i];
  }
  out[o] = 0;
  snprintf(buf, len, "%s", out);
}

void viz_dot_label(const char *text, char *buf, size_t len) {
  size_t o = 0;
  if (!len)
    return;
  for (const char *p = text; *p && o + 3 < len; p++) {
    if (*p == '&' && o + 6 < len) {
      /* Graphviz decodes entities in every label: keep '&' literal. */
      memcpy(buf + o, "&amp;", 5);
      o += 5;
    } else if (*p == '\\' || *p == '\n') {
      buf[o++] = '\\';
      buf[o++] = *p == '\n' ? 'n' : '\\';
    } else if ((unsigned char)*p >= 0x20 || *p == '\t') {
      buf[o++] = *p;
    }
  }
  buf[o] = 0;
}

/* The variable or expression an access site names. */
static void site_expr(vdb_t *v, int64_t site, char *buf, size_t len) {
  vsite_t s;
  vdb_site(v, site, &s);
  snprintf(buf, len, "%s", s.expr[0] ? s.expr : "?");
}

static const char *access_word(int64_t kind) {
  return kind == K_WRITE ? "write" : kind == K_FREE ? "free" : "read";
}

static void body(vdb_t *v, const vev_t *e, const vrace_t *r, char *buf,
                 size_t len) {
  char name[160], num[32], what[160];
  name[0] = 0;
  if (e->obj)
    vdb_object_name(v, e->obj, name, sizeof name);
  if (e->flags & VE_GAP) {
    viz_thousands(e->count, num, sizeof num);
    snprintf(buf, len, "⋮ %s event%s", num, e->count == 1 ? "" : "s");
    return;
  }
  if (e->flags & VE_FOLD) {
    viz_thousands(e->count, num, sizeof num);
    what[0] = 0;
    if (e->site) {
      site_expr(v, e->site, what + 4, sizeof what - 4);
      memcpy(what, " to ", 4);
    }
    if (e->reads && e->writes)
      snprintf(buf, len, "… %s accesses (%lld reads, %lld writes)%s", num,
               (long long)e->reads, (long long)e->writes, what);
    else
      snprintf(buf, len, "… %s %s%s", num, e->writes ? "writes" : "reads",
               what);
    return;
  }
  if (e->flags & (VE_RACE | VE_PREV)) {
    const char *kind = r ? (e->flags & VE_RACE ? r->cur_kind : r->prev_kind)
                         : access_word(e->kind);
    /* The expression as written ("counter") reads better in a box than
     * the race's description of the memory. */
    site_expr(v, e->site, what, sizeof what);
    const char *var = strcmp(what, "?") || !r || !r->var[0] ? what : r->var;
    /* Without an expression the race names the memory at length
     * ("heap block of 36 bytes allocated at ..."): give it its own line. */
    snprintf(buf, len, "RACE: %s%s%s", kind[0] ? kind : "access",
             strlen(var) > 24 ? "\n" : " ", var);
    return;
  }
  switch (e->kind) {
  case K_GO: {
    char title[200];
    vdb_gor_title(v, e->aux, title, sizeof title);
    snprintf(buf, len, "go %s", title);
    return;
  }
  case K_JOIN: {
    int64_t g = vdb_int(v, "SELECT gid FROM events WHERE run_id=?1 AND seq=?2",
                        e->peer, 0);
    if (g)
      snprintf(buf, len, "join G%lld", (long long)g);
    else
      snprintf(buf, len, "join");
    return;
  }
  case K_SEND:
  case K_RECV: {
    const char *arrow = e->kind == K_SEND ? "→" : "←";
    const char *verb = e->kind == K_SEND ? "send" : "recv";
    int64_t block = vdb_block_of(v, e->ptr_obj, e->value, e->seq);
    if (block) {
      vobj_t b;
      vdb_object(v, block, &b);
      snprintf(buf, len, "%s ptr %s %s\n(block of %lld B)", verb, arrow, name,
               (long long)b.size);
    } else if (vdb_global_at(v, e->value, what, sizeof what)) {
      snprintf(buf, len, "%s &%s %s %s", verb, what, arrow, name);
    } else if (e->value > 0xFFFFFFFFLL || e->value < -0xFFFFFFFFLL) {
      /* an address or a bit pattern: hex reads better */
      snprintf(buf, len, "%s 0x%llx %s %s", verb, (unsigned long long)e->value,
               arrow, name);
    } else {
      snprintf(buf, len, "%s %lld %s %s", verb, (long long)e->value, arrow,
               name);
    }
    return;
  }
  case K_SEND_DONE:
    snprintf(buf, len, "send done %s", name);
    return;
  case K_RECV_CLOSED:
    snprintf(buf, len, "recv ← %s (closed)", name);
    return;
  case K_WG_ADD:
    snprintf(buf, len, "wg_add(%+lld) %s", (long long)e->value, name);
    return;
  case K_BLOCK:
    snprintf(buf, len, "waits on %s", name[0] ? name : "a channel");
    return;
  case K_SLEEP:
    snprintf(buf, len, "sleep %lld ms", (long long)e->value);
    return;
  case K_MALLOC: {
    vobj_t b;
    vdb_object(v, e->obj, &b);
    snprintf(buf, len, "malloc %lld B", (long long)b.size);
    return;
  }
  case K_READ:
  case K_WRITE:
    site_expr(v, e->site, what, sizeof what);
    snprintf(buf, len, "%s %s", access_word(e->kind), what);
    return;
  default: {
    char kind[64];
    vdb_kind_name(v, e->kind, kind, sizeof kind);
    snprintf(buf, len, "%s%s%s", kind, name[0] ? " " : "", name);
  }
  }
}

void viz_event_label(vdb_t *v, const vev_t *e, const vrace_t *r, char *buf,
                     size_t len) {
  char where[300];
  body(v, e, r, buf, len);
  if (e->flags & VE_GAP)
    return;
  vdb_site_where(v, e->site, where, sizeof where);
  if (where[0]) {
    size_t n = strlen(buf);
    snprintf(buf + n, len - n, "\n%s", where);
  }
}

void viz_mix_label(vdb_t *v, const vev_t *e, const vmix_t *m, char *buf,
                   size_t len) {
  char num[32], kind[64], name[160];
  viz_thousands(e->count, num, sizeof num);
  size_t o = (size_t)snprintf(buf, len, "… %s events", num);
  for (int i = 0; i < 2 && m->count[i] && o < len; i++) {
    viz_thousands(m->count[i], num, sizeof num);
    vdb_kind_name(v, m->kind[i], kind, sizeof kind);
    name[0] = 0;
    if (m->obj[i])
      vdb_object_name(v, m->obj[i], name, sizeof name);
    o += (size_t)snprintf(buf + o, len - o, "%s%s %s%s%s", i ? ", " : "\n", num,
                          kind, name[0] ? " " : "", name);
  }
  if (m->other && o < len) {
    viz_thousands(m->other, num, sizeof num);
    snprintf(buf + o, len - o, ", %s other", num);
  }
}
