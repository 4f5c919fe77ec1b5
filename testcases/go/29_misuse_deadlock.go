// 29 -- a send nobody receives: every goroutine is asleep.
package main

import "fmt"

func main() {
	c := make(chan int)
	fmt.Println("sending with no receiver...")
	c <- 1
	fmt.Println("never printed")
}
