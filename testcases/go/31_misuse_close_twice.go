// 31 -- closing a channel twice panics.
package main

func main() {
	c := make(chan int)
	close(c)
	close(c)
}
