/*
 * analyzer/json.h -- the little JSON writing the JSON and SARIF reports
 * need: strings escaped per RFC 8259 (database text may hold anything,
 * including control bytes and invalid UTF-8, which is replaced so the
 * output always parses).
 */
#ifndef RL_ANALYZER_JSON_H
#define RL_ANALYZER_JSON_H

#include <stdio.h>

/* Writes S as a JSON string (NULL as null). */
void json_str(FILE *out, const char *s);

#endif
