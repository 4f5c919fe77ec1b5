// The Go twin of bench/runtime/bench_runtime.c: same benchmarks, same
// sizes, same output ("OPS SECONDS"), so bench/runtime/run can print the
// two side by side.
package main

import (
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"
)

func run(name string, n int) int {
	switch name {
	case "spawn":
		var wg sync.WaitGroup
		wg.Add(n)
		for i := 0; i < n; i++ {
			go func() { wg.Done() }()
		}
		wg.Wait()
		return n
	case "pingpong":
		ping, pong := make(chan int), make(chan int)
		go func() {
			for v := range ping {
				pong <- v
			}
		}()
		for i := 0; i < n; i++ {
			ping <- i
			<-pong
		}
		close(ping)
		return 2 * n
	case "buffered1", "buffered4":
		producers := int(name[8] - '0')
		data := make(chan int, 128)
		per := n / producers
		var wg sync.WaitGroup
		wg.Add(producers)
		for p := 0; p < producers; p++ {
			go func() {
				for i := 0; i < per; i++ {
					data <- i
				}
				wg.Done()
			}()
		}
		for i := 0; i < per*producers; i++ {
			<-data
		}
		wg.Wait()
		return per * producers
	case "mutex":
		var mu sync.Mutex
		var wg sync.WaitGroup
		counter, per := 0, n/4
		wg.Add(4)
		for g := 0; g < 4; g++ {
			go func() {
				for i := 0; i < per; i++ {
					mu.Lock()
					counter++
					mu.Unlock()
				}
				wg.Done()
			}()
		}
		wg.Wait()
		if counter != per*4 {
			fmt.Fprintln(os.Stderr, "mutex counter wrong")
			os.Exit(1)
		}
		return per * 4
	}
	return -1
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: bench_runtime_go NAME N")
		os.Exit(2)
	}
	n, err := strconv.Atoi(os.Args[2])
	if err != nil || n <= 0 {
		fmt.Fprintln(os.Stderr, "bench_runtime_go: N must be a positive integer")
		os.Exit(2)
	}
	t := time.Now()
	ops := run(os.Args[1], n)
	if ops < 0 {
		fmt.Fprintf(os.Stderr, "bench_runtime_go: unknown benchmark '%s'\n", os.Args[1])
		os.Exit(2)
	}
	fmt.Printf("%d %.6f\n", ops, time.Since(t).Seconds())
}
