// 28 -- a background goroutine that runs until main ends.
package main

import (
	"fmt"
	"sync/atomic"
	"time"
)

var beats int32

func heartbeat() {
	for {
		atomic.AddInt32(&beats, 1)
		time.Sleep(time.Millisecond)
	}
}

func main() {
	go heartbeat()
	time.Sleep(10 * time.Millisecond)
	fmt.Printf("main: done after %d heartbeats\n", atomic.LoadInt32(&beats))
}
