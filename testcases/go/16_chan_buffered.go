// 16 -- a buffered channel with capacity 3 is a FIFO queue.
package main

import "fmt"

func main() {
	queue := make(chan int, 3)
	for v := 1; v <= 3; v++ {
		queue <- v
		fmt.Printf("sent %d: len %d cap %d\n", v, len(queue), cap(queue))
	}
	for len(queue) > 0 {
		v := <-queue
		fmt.Printf("received %d: len %d\n", v, len(queue))
	}
}
