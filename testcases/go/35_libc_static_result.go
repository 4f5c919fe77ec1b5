// 35 -- Go's standard library has no function like localtime that keeps
// its result in one place for every caller; the same mistake, written by
// hand, is a helper that fills one package-level variable and returns a
// pointer to it.  Two goroutines calling it race on that variable.
package main

import (
	"fmt"
	"sync"
	"time"
)

var result time.Time // the helper's one result, shared by every caller

func hourOf(t int64) *time.Time {
	result = time.Unix(t, 0)
	return &result
}

func main() {
	var hours [2]int
	var wg sync.WaitGroup
	for id := 0; id < 2; id++ {
		wg.Add(1)
		go func(id int) {
			hours[id] = hourOf(1700000000 + int64(id)*3*3600).Hour()
			wg.Done()
		}(id)
	}
	wg.Wait()
	fmt.Printf("hours: %d %d\n", hours[0], hours[1])
}
