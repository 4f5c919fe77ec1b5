// 10 -- read, yield, write: the same race with its lost updates visible.
package main

import (
	"fmt"
	"runtime"
	"sync"
)

const workers, increments = 4, 1000

var counter int
var wg sync.WaitGroup

func increment() {
	for i := 0; i < increments; i++ {
		value := counter
		runtime.Gosched()
		counter = value + 1
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
