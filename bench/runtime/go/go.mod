module racelens/bench/runtime

go 1.19
