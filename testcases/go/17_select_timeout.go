// 17 -- select over several channels with a timeout.
package main

import (
	"fmt"
	"time"
)

func main() {
	fast, other := make(chan int), make(chan int)
	go func() { fast <- 1 }()
	go func() { other <- 2 }()
	for round := 0; round < 3; round++ {
		select {
		case v := <-fast:
			fmt.Printf("result %d from fast\n", v)
		case v := <-other:
			fmt.Printf("result %d from other\n", v)
		case <-time.After(50 * time.Millisecond):
			fmt.Println("timeout: nothing within 50 ms")
		}
	}
}
