// 23 -- fan-out, fan-in: three workers share one job queue.
package main

import (
	"fmt"
	"sync"
)

const workers, jobCount = 3, 20

func main() {
	jobs, results := make(chan int, jobCount), make(chan int)
	var wg sync.WaitGroup
	wg.Add(workers)
	for i := 0; i < workers; i++ {
		go func() {
			for n := range jobs {
				results <- n * n
			}
			wg.Done()
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	for n := 1; n <= jobCount; n++ {
		jobs <- n
	}
	close(jobs)
	count, sum := 0, 0
	for sq := range results {
		count++
		sum += sq
	}
	fmt.Printf("%d results, sum of squares 1..%d = %d\n", count, jobCount, sum)
}
