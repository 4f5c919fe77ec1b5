/*
 * rt/core/pool.h -- the lock that guards goroutine records' start fields
 * (id, function, go site) and the idle-thread pool, taken by reporters that
 * read other goroutines' records.
 */
#ifndef RT_CORE_POOL_H
#define RT_CORE_POOL_H

void rt_pool_lock(void);
void rt_pool_unlock(void);
/* OS threads created so far for goroutines (for tests and benchmarks). */
unsigned long rt_threads_created(void);

#endif /* RT_CORE_POOL_H */
