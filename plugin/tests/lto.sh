#!/bin/sh
# lto.sh BINDIR DIR OPT LTO OBJDUMP [CLANG] -- racelens-cc with link-time
# optimisation (RACELENS_CLANG=CLANG when given).
#
# Compiles DIR/main.c and DIR/worker.c separately with `-flto=LTO OPT`
# (the objects are bitcode, instrumented when compiled: the plugin runs at
# the end of the per-file pipeline, and the linker's LTO step -- GNU ld
# with LLVMgold.so -- does not load it again), links, and checks what a
# user sees: exit status 66 and the one race on `hits`, at worker.c:10 and
# main.c:14.  Also checks the objects really are bitcode and that the
# worker is instrumented exactly once (one __rl_func_enter call in it).
set -eu
bindir=$1 dir=$2 opt=$3 lto=$4 objdump=$5
[ $# -ge 6 ] && export RACELENS_CLANG="$6"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
cc="$bindir/racelens-cc"
"$cc" -flto="$lto" "$opt" -g -c "$dir/main.c" -o main.o
"$cc" -flto="$lto" "$opt" -g -c "$dir/worker.c" -o worker.o
head -c 4 worker.o | od -An -c | grep -q "B   C" ||
  { echo "lto: worker.o is not LLVM bitcode: -flto was not in effect" >&2; exit 1; }
"$cc" -flto="$lto" "$opt" -o prog main.o worker.o
status=0
RACELENS_DB=off ./prog >out.txt 2>err.txt || status=$?
fail() {
  echo "lto: $*" >&2
  cat err.txt >&2
  exit 1
}
[ "$status" = 66 ] || fail "exit status $status, expected 66 (a race)"
# Two unordered increments: the race may lose one of them.
grep -q "^[12]$" out.txt || fail "the program printed $(cat out.txt), expected 2 (or 1)"
grep -q "DATA RACE on global \`hits\`" err.txt || fail "no race on hits"
grep -q "at worker.c:10:" err.txt || fail "the worker's line is missing"
grep -q "at main.c:14:" err.txt || fail "main's line is missing"
grep -q "racelens: 1 data race in 1 location" err.txt || fail "not exactly one race"
n=$("$objdump" -d --no-show-raw-insn prog 2>/dev/null |
  awk '/<worker>:/,/^$/' | grep -c "call.*<__rl_func_enter" || true)
[ "$n" = 1 ] || fail "worker calls __rl_func_enter $n times: instrumented $n times"
echo "lto: ok ($lto, $opt)"
