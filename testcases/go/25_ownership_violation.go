// 25 -- the sender keeps writing after sending: race.
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
	m.count = 99 // too late: m belongs to the receiver now
	wg.Done()
}

func main() {
	mailbox := make(chan *message)
	wg.Add(1)
	go producer(mailbox)
	m := <-mailbox
	fmt.Printf("received %q, count %d\n", m.text, m.count)
	wg.Wait()
}
