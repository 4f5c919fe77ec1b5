// 05 -- OS, architecture, CPUs and goroutine counts.
package main

import (
	"fmt"
	"runtime"
	"sync"
)

var wg sync.WaitGroup

func foo() {
	for i := 0; i < 10; i++ {
		fmt.Println("foo:", i)
	}
	wg.Done()
}

func bar() {
	for i := 0; i < 10; i++ {
		fmt.Println("bar:", i)
	}
}

func main() {
	fmt.Printf("OS\t%s\n", runtime.GOOS)
	fmt.Printf("ARCH\t%s\n", runtime.GOARCH)
	fmt.Printf("CPUs\t%d\n", runtime.NumCPU())
	fmt.Printf("Goroutines\t%d\n", runtime.NumGoroutine())
	wg.Add(1)
	go foo()
	bar()
	fmt.Printf("Goroutines\t%d\n", runtime.NumGoroutine())
	wg.Wait()
}
