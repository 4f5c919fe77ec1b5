// 26 -- a goroutine stops when its loop ends.
package main

import (
	"fmt"
	"sync"
)

func worker(wg *sync.WaitGroup) {
	for task := 1; task <= 3; task++ {
		fmt.Printf("task %d done\n", task)
	}
	fmt.Println("worker: no tasks left, returning")
	wg.Done()
}

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	go worker(&wg)
	wg.Wait()
	fmt.Println("main: worker finished")
}
