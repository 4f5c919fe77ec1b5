// 15 -- ping-pong: whoever holds the ball is the only one touching it.
package main

import (
	"fmt"
	"sync"
)

const rounds = 3

type ball struct{ hits int }

func player(name string, in <-chan *ball, out chan<- *ball, wg *sync.WaitGroup) {
	for i := 0; i < rounds; i++ {
		b := <-in
		b.hits++
		fmt.Println(name, b.hits)
		out <- b
	}
	wg.Done()
}

func main() {
	var wg sync.WaitGroup
	toPing, toPong := make(chan *ball, 1), make(chan *ball, 1)
	wg.Add(2)
	go player("ping", toPing, toPong, &wg)
	go player("pong", toPong, toPing, &wg)
	toPing <- &ball{}
	wg.Wait()
	b := <-toPing
	fmt.Printf("game over after %d hits\n", b.hits)
}
