/*
 * label: the words on a diagram's nodes ("send 42 → jobs", "… 1,000 writes
 * to arr[i]") and the escaping that keeps a program's names from being read
 * as Graphviz label escapes (\N, \G, \l), so `a\Nb.c` prints as itself.
 */
#ifndef VIZ_LABEL_H
#define VIZ_LABEL_H

#include <stddef.h>

#include "timeline.h"

/* Plain text (lines separated by '\n'); R is the race the node belongs to
 * when it is one of the racing accesses, else NULL. */
void viz_event_label(vdb_t *v, const vev_t *e, const vrace_t *r, char *buf,
                     size_t len);
/* A fold of synchronisation: "… 3,000 events\n1,500 lock mu, ...". */
void viz_mix_label(vdb_t *v, const vev_t *e, const vmix_t *m, char *buf,
                   size_t len);
/* TEXT made safe for a Graphviz label attribute: backslashes doubled,
 * newlines turned into "\n" line breaks, '&' written as "&amp;" (Graphviz
 * decodes entities in labels, so "&lt;" in a name would print as "<"). */
void viz_dot_label(const char *text, char *buf, size_t len);
/* 1234567 -> "1,234,567" */
void viz_thousands(int64_t n, char *buf, size_t len);

#endif
