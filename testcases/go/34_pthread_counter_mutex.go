// 34 -- the closest Go equivalent of the pthreads counter with a mutex.
package main

import (
	"fmt"
	"sync"
)

const threads, increments = 4, 1000

var counter int
var mu sync.Mutex

func main() {
	var wg sync.WaitGroup
	for i := 0; i < threads; i++ {
		wg.Add(1)
		go func() {
			for j := 0; j < increments; j++ {
				mu.Lock()
				counter++
				mu.Unlock()
			}
			wg.Done()
		}()
	}
	wg.Wait()
	fmt.Printf("counter = %d (expected %d)\n", counter, threads*increments)
}
