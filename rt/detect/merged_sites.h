/*
 * rt/detect/merged_sites.h -- which site made which bytes of a record,
 * when one goroutine accessed a word at several sites in one epoch.
 *
 * Why: a cell keeps one write record and one read record per word, and a
 * goroutine's accesses of one kind to several parts of a word in one
 * epoch merge into one record (its mask the union, its site the last
 * one's).  The verdict needs no more; a report does: after `pr.hi = 2;
 * k = f(); pr.lo = k;` the write record says line 3, and a race on pr.hi
 * must name line 1.  So a merge with a site on another line also notes,
 * per byte, which site made it, in a small table the checks never read,
 * and a report asks it for the racing bytes.  Sites of one line are left
 * merged: a stencil reads each word at two sites of one line, and a note
 * per word made array_sum 50 % slower; the line is right, the expression
 * may be its neighbour's.
 *
 * Best effort and bounded: a direct-mapped table of entries keyed by the
 * record's field and epoch; a merge elsewhere may take an entry over, and
 * a report that finds none names the record's site, as before.
 */
#ifndef RL_MERGED_SITES_H
#define RL_MERGED_SITES_H

#include <stdbool.h>
#include <stdint.h>

/* The record `old` in `field` (made at old_site/old_stack) is about to
 * take the bytes of `me`, the same goroutine's access of this epoch at
 * site/stack. */
void rl_merged_note(const uint64_t *field, uint64_t old, uint32_t old_site,
                    uint32_t old_stack, uint64_t me, uint32_t site,
                    uint32_t stack);

/* The sites and stacks that made each byte of the record `rec` of
 * `field` (0 for a byte the table does not know); false when it knows
 * none. */
bool rl_merged_sites(const uint64_t *field, uint64_t rec, uint32_t site[8],
                     uint32_t stack[8]);

#endif /* RL_MERGED_SITES_H */
