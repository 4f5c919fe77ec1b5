// 14 -- an unbuffered channel hands a value over and orders memory.
package main

import "fmt"

var report string

func worker(done chan<- int) {
	answer := 6 * 7
	report = fmt.Sprintf("the answer is %d", answer)
	done <- answer
}

func main() {
	done := make(chan int)
	go worker(done)
	answer := <-done
	fmt.Printf("received %d\n", answer)
	fmt.Printf("report: %s (%d chars)\n", report, len(report))
}
