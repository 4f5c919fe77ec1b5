// 12 -- the counter fixed with an atomic add.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

const workers, increments = 4, 1000

var counter int32
var wg sync.WaitGroup

func increment() {
	for i := 0; i < increments; i++ {
		atomic.AddInt32(&counter, 1)
	}
	wg.Done()
}

func main() {
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go increment()
	}
	wg.Wait()
	fmt.Printf("counter = %d (expected %d)\n", atomic.LoadInt32(&counter), workers*increments)
}
