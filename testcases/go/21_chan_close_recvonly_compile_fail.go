// 21 -- closing a receive-only channel does not compile.
package main

func drain(in <-chan int) {
	for range in {
	}
	close(in) // error: a receiver must not close
}

func main() {
	c := make(chan int, 1)
	close(c)
	drain(c)
}
