// 19 -- close, and range over the channel until it is closed.
package main

import "fmt"

func main() {
	values := make(chan int, 2)
	go func() {
		for v := 1; v <= 5; v++ {
			values <- v
		}
		close(values)
	}()
	count := 0
	for v := range values {
		fmt.Printf("got %d\n", v)
		count++
	}
	v, ok := <-values
	okInt := 0
	if ok {
		okInt = 1
	}
	fmt.Printf("closed after %d values; another receive: ok=%d value=%d\n", count, okInt, v)
}
