// 08 -- tiny work per goroutine: scheduling costs more than it gains.
package main

import (
	"fmt"
	"sync"
	"time"
)

const pieces, work = 200, 100

func tinyWork(piece int) int {
	sum := 0
	for i := 0; i < work; i++ {
		sum += i%3 + piece%2
	}
	return sum
}

func main() {
	var results [pieces]int
	seqSum, goSum := 0, 0

	t0 := time.Now()
	for p := 0; p < pieces; p++ {
		seqSum += tinyWork(p)
	}
	seq := time.Since(t0)

	t0 = time.Now()
	var wg sync.WaitGroup
	wg.Add(pieces)
	for p := 0; p < pieces; p++ {
		go func(p int) {
			results[p] = tinyWork(p)
			wg.Done()
		}(p)
	}
	wg.Wait()
	for _, r := range results {
		goSum += r
	}
	par := time.Since(t0)

	fmt.Printf("sequential: %6d us\n", seq.Microseconds())
	fmt.Printf("goroutines: %6d us\n", par.Microseconds())
	if par > seq {
		fmt.Printf("goroutines were %.0fx slower: scheduling costs more than this tiny work\n",
			float64(par)/float64(seq))
	} else {
		fmt.Println("goroutines won this time: the work per goroutine was big enough")
	}
	fmt.Println("checksum:", seqSum, goSum)
}
