// 38 -- the dining philosophers without the deadlock: every philosopher
// takes the lower-numbered of its two forks first, so the forks are always
// taken in one order and no cycle can form.
package main

import (
	"fmt"
	"sync"
)

const n, meals = 5, 3

func main() {
	var forks [n]sync.Mutex
	var countMu sync.Mutex
	count := 0
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(me int) {
			defer wg.Done()
			lo, hi := me, (me+1)%n
			if hi < lo {
				lo, hi = hi, lo
			}
			first, second := &forks[lo], &forks[hi]
			for k := 0; k < meals; k++ {
				first.Lock()
				second.Lock()
				countMu.Lock()
				count++
				countMu.Unlock()
				second.Unlock()
				first.Unlock()
			}
		}(i)
	}
	wg.Wait()
	fmt.Printf("%d meals\n", count)
}
