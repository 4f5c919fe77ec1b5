/*
 * analyzer/term.h -- what the terminal gets: colour when stdout is a
 * terminal (never when piped, written to a file, or under NO_COLOR or
 * TERM=dumb, so that tests and scripts see plain text), and a progress line
 * on stderr for work that runs longer than a second (only on a terminal, so
 * it never pollutes captured output).
 */
#ifndef RL_ANALYZER_TERM_H
#define RL_ANALYZER_TERM_H

#include <stdint.h>
#include <stdio.h>

/* Decides once whether F gets colour. */
void term_init(FILE *f);
/* An escape sequence, or "" when colour is off. */
const char *term_red(void);
const char *term_yellow(void);
const char *term_green(void);
const char *term_bold(void);
const char *term_dim(void);
const char *term_reset(void);

/* Progress of a long step: prints "WHAT... N%" on stderr at most a few
 * times a second, starting one second after term_progress_start. */
void term_progress_start(const char *what);
void term_progress(int64_t done, int64_t total);
void term_progress_end(void);

/* Ticks the progress line from inside long SQLite queries (a spinner when
 * the total is unknown); pass to sqlite3_progress_handler. */
int term_progress_sqlite(void *unused);

#endif
