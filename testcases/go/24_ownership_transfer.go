// 24 -- a pointer sent over a channel belongs to the receiver.
package main

import (
	"fmt"
	"sync"
)

type message struct {
	text  string
	count int
}

var wg sync.WaitGroup

func producer(out chan<- *message) {
	m := &message{text: "hello", count: 1}
	out <- m
	wg.Done()
}

func main() {
	mailbox := make(chan *message)
	wg.Add(1)
	go producer(mailbox)
	m := <-mailbox
	m.count++
	fmt.Printf("received %q, count %d\n", m.text, m.count)
	wg.Wait()
}
