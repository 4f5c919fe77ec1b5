// 04 -- the WaitGroup lives in main and is passed by pointer.
package main

import (
	"fmt"
	"sync"
)

func foo(wg *sync.WaitGroup) {
	for i := 0; i < 45; i++ {
		fmt.Println("Foo:", i)
	}
	wg.Done()
}

func bar(wg *sync.WaitGroup) {
	for i := 0; i < 45; i++ {
		fmt.Println("Bar:", i)
	}
	wg.Done()
}

func main() {
	var wg sync.WaitGroup
	wg.Add(2)
	go foo(&wg)
	go bar(&wg)
	wg.Wait()
}
