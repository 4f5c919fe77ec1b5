// 13 -- one goroutine owns the counter; the others send it increments.
package main

import (
	"fmt"
	"sync"
)

const workers, increments = 4, 1000

func main() {
	incs := make(chan int, 16)
	total := make(chan int)
	var wg sync.WaitGroup
	go func() {
		counter := 0
		for d := range incs {
			counter += d
		}
		total <- counter
	}()
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			for j := 0; j < increments; j++ {
				incs <- 1
			}
			wg.Done()
		}()
	}
	wg.Wait()
	close(incs)
	fmt.Printf("counter = %d (expected %d)\n", <-total, workers*increments)
}
