/*
 * rt/detect/stack.h -- call stacks as nodes of one global trie.
 *
 * Why a trie: every shadow cell remembers the stack of its access, and a
 * 4-byte node id is all a cell can afford.  A node is (parent, function,
 * the call site it was called from); the same call path always yields the
 * same node, so recording a stack costs one id, and a report or the log
 * rebuilds the frames by walking parents.
 */
#ifndef RL_STACK_H
#define RL_STACK_H

#include <stdbool.h>
#include <stdint.h>

typedef struct rl_node {
  uint32_t parent;
  uint32_t fn_site;   /* site id of the function's entry (RL_SITE_FUNC) */
  uint32_t call_site; /* site id of the call in the parent, 0 unknown */
} rl_node_t;

/* false for node 0 and unknown ids. */
bool rl_stack_get(uint32_t node, rl_node_t *out);

/* The calling OS thread starts a new goroutine whose stack is [lo, hi):
 * forgets the shadow of what earlier goroutines on this thread used. */
void rl_stack_reset_shadow(uintptr_t lo, uintptr_t hi);
/* The goroutine on this OS thread is done (drops its frames). */
void rl_stack_thread_exit(void);

#endif /* RL_STACK_H */
