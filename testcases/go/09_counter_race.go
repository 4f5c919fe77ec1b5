// 09 -- four goroutines do counter++ on a shared variable: a data race.
package main

import (
	"fmt"
	"sync"
)

const workers, increments = 4, 1000

var counter int
var wg sync.WaitGroup

func increment() {
	for i := 0; i < increments; i++ {
		counter++
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
