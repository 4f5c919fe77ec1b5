// 27 -- a goroutine stops when a done channel is closed.
package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	done := make(chan int)
	var wg sync.WaitGroup
	ticks := 0
	wg.Add(1)
	go func() {
		for {
			select {
			case <-done:
				wg.Done()
				return
			default:
			}
			ticks++
			time.Sleep(200 * time.Microsecond)
		}
	}()
	time.Sleep(5 * time.Millisecond)
	close(done)
	wg.Wait()
	fmt.Printf("worker stopped after %d ticks\n", ticks)
}
