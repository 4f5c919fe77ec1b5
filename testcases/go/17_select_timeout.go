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
		limit := 1000 * time.Millisecond
		if round == 2 {
			limit = 20 * time.Millisecond
		}
		select {
		case v := <-fast:
			fmt.Printf("result %d from fast\n", v)
		case v := <-other:
			fmt.Printf("result %d from other\n", v)
		case <-time.After(limit):
			fmt.Printf("timeout: nothing within %d ms\n", limit.Milliseconds())
		}
	}
}
