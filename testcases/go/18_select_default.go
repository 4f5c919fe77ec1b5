// 18 -- select with default never waits.
package main

import "fmt"

func trySend(mailbox chan int, msg int) {
	select {
	case mailbox <- msg:
		fmt.Printf("sent %d\n", msg)
	default:
		fmt.Printf("mailbox full, dropped %d\n", msg)
	}
}

func tryRecv(mailbox chan int) {
	select {
	case msg := <-mailbox:
		fmt.Printf("received %d\n", msg)
	default:
		fmt.Println("no message waiting")
	}
}

func main() {
	mailbox := make(chan int, 1)
	trySend(mailbox, 1)
	trySend(mailbox, 2)
	tryRecv(mailbox)
	tryRecv(mailbox)
}
