/*
 * rt/detect/srcline.h -- source lines for race reports.
 *
 * Reports quote the line of each access.  Files are read once and cached;
 * a file that is gone, unreadable, huge or binary simply has no lines, so a
 * report never fails or prints garbage because of it.  Not thread-safe:
 * report.c calls it under its lock.
 */
#ifndef RL_SRCLINE_H
#define RL_SRCLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Copies line `line` (1-based) of `file`, without its newline, tabs expanded
 * to 4 columns, unprintable bytes dropped, into buf.  False when unavailable.
 */
bool rl_src_line(const char *file, uint32_t line, char *buf, size_t n);

#endif /* RL_SRCLINE_H */
