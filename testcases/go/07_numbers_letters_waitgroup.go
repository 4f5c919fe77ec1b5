// 07 -- printNumbers and printLetters, waited for with a WaitGroup.
package main

import (
	"fmt"
	"sync"
	"time"
)

func printNumbers(wg *sync.WaitGroup) {
	for i := 0; i < 10; i++ {
		time.Sleep(500 * time.Microsecond)
		fmt.Printf("%d ", i)
	}
	wg.Done()
}

func printLetters(wg *sync.WaitGroup) {
	for c := 'A'; c < 'A'+10; c++ {
		time.Sleep(500 * time.Microsecond)
		fmt.Printf("%c ", c)
	}
	wg.Done()
}

func main() {
	var wg sync.WaitGroup
	wg.Add(2)
	go printNumbers(&wg)
	go printLetters(&wg)
	wg.Wait()
	fmt.Println()
}
