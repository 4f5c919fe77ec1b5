// 36 -- the fix for 35: return the value, or fill what the caller passes.
// Each goroutine gets its own time.Time, and nothing is shared.
package main

import (
	"fmt"
	"sync"
	"time"
)

func hourOf(t int64) time.Time {
	return time.Unix(t, 0).UTC()
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
