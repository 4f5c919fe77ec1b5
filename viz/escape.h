/*
 * escape: writing a program's names (file names, variables, expressions,
 * string values) into HTML and JSON.  Everything that came from the
 * database goes through here; nothing from it is ever written raw.
 */
#ifndef VIZ_ESCAPE_H
#define VIZ_ESCAPE_H

#include <stdio.h>

/* Text content and attribute values: & < > " ' become entities. */
void viz_html(FILE *out, const char *s);
/* A JSON string, quotes included; bytes that are not valid UTF-8 and
 * control characters are escaped so the file always parses. */
void viz_json(FILE *out, const char *s);

#endif
