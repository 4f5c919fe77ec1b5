// 02 -- go foo(); go bar(); and main returns before they run.
package main

import (
	"fmt"
	"time"
)

func foo() {
	for i := 0; i < 45; i++ {
		fmt.Println("Foo:", i)
		time.Sleep(2000 * time.Microsecond)
	}
}

func bar() {
	for i := 0; i < 45; i++ {
		fmt.Println("Bar:", i)
		time.Sleep(2000 * time.Microsecond)
	}
}

func main() {
	go foo()
	go bar()
}
