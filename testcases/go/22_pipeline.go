// 22 -- a pipeline: generate -> square -> print.
package main

import "fmt"

func generate(out chan<- int) {
	for v := 1; v <= 5; v++ {
		out <- v
	}
	close(out)
}

func square(in <-chan int, out chan<- int) {
	for v := range in {
		out <- v * v
	}
	close(out)
}

func main() {
	numbers, squares := make(chan int), make(chan int)
	go generate(numbers)
	go square(numbers, squares)
	sum := 0
	for v := range squares {
		fmt.Println(v)
		sum += v
	}
	fmt.Println("sum", sum)
}
