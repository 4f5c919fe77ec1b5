// 20 -- send-only and receive-only channel types.
package main

import "fmt"

func produce(out chan<- string) {
	for _, w := range []string{"send", "only", "here"} {
		out <- w
	}
	close(out)
}

func consume(in <-chan string) {
	for w := range in {
		fmt.Println(w)
	}
	fmt.Printf("%d left, capacity %d\n", len(in), cap(in))
}

func main() {
	words := make(chan string, 1)
	go produce(words)
	consume(words)
}
