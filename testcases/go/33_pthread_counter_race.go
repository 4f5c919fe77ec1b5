// 33 -- Go has no pthreads: the closest is the counter race with
// goroutines joined through a WaitGroup, as in 09.
package main

import (
	"fmt"
	"sync"
)

const threads, increments = 4, 1000

var counter int

func main() {
	var wg sync.WaitGroup
	for i := 0; i < threads; i++ {
		wg.Add(1)
		go func() {
			for j := 0; j < increments; j++ {
				counter++
			}
			wg.Done()
		}()
	}
	wg.Wait()
	fmt.Printf("counter = %d (expected %d)\n", counter, threads*increments)
}
