// 37 -- the dining philosophers: each takes the fork on the left, then the
// one on the right.  Taking turns (an atomic counter that only spaces them
// out), this run finishes; without the turns all five can hold their left
// fork and wait forever.  Go's race detector has no lock-order check: it
// says nothing here, and only a run that does deadlock shows Go's "all
// goroutines are asleep".
package main

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

const n = 5

func main() {
	var forks [n]sync.Mutex
	var turn atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(me int) {
			defer wg.Done()
			left, right := &forks[me], &forks[(me+1)%n]
			for turn.Load() != int32(me) {
				runtime.Gosched()
			}
			left.Lock()
			right.Lock()
			fmt.Printf("philosopher %d eats\n", me+1)
			right.Unlock()
			left.Unlock()
			turn.Add(1)
		}(i)
	}
	wg.Wait()
}
