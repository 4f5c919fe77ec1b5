// 11 -- the counter fixed with a mutex.
package main

import (
	"fmt"
	"runtime"
	"sync"
)

const workers, increments = 4, 1000

var counter int
var mu sync.Mutex
var wg sync.WaitGroup

func increment() {
	for i := 0; i < increments; i++ {
		mu.Lock()
		value := counter
		runtime.Gosched()
		counter = value + 1
		mu.Unlock()
	}
	wg.Done()
}

func main() {
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go increment()
	}
	wg.Wait()
	fmt.Printf("counter = %d (expected %d)\n", counter, workers*increments)
}
