#ifndef TALLY_H
#define TALLY_H
/* A mutex-protected running total, shared by the workers. */
void tally_add(long v);
long tally_total(void);
int tally_count(void);
#endif
