// 06 -- printNumbers and printLetters with tiny sleeps, not waited for.
package main

import (
	"fmt"
	"time"
)

func printNumbers() {
	for i := 0; i < 10; i++ {
		time.Sleep(20000 * time.Microsecond)
		fmt.Printf("%d ", i)
	}
}

func printLetters() {
	for c := 'A'; c < 'A'+10; c++ {
		time.Sleep(20000 * time.Microsecond)
		fmt.Printf("%c ", c)
	}
}

func main() {
	go printNumbers()
	go printLetters()
}
