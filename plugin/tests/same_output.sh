#!/bin/sh
# same_output.sh BINDIR SRC [CLANG]
#
# Builds SRC plainly (clang + the racelens headers and runtime, no plugin)
# and instrumented (racelens-cc), each at -O0 and -O2, runs them and
# requires the same stdout and a clean exit from every build: the rewrite
# must not change what a program does.
set -eu
bindir=$1 src=$2
cc=${3:-clang-19}
top=$(dirname "$bindir")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
libs="$top/lib/libracelens.a -pthread -lsqlite3 -ldl -lm"
for opt in -O0 -O2; do
  # shellcheck disable=SC2086
  "$cc" $opt -I"$top/include" -o "$tmp/plain" "$src" $libs
  RACELENS_CLANG=$cc "$bindir/racelens-cc" $opt -o "$tmp/instr" "$src"
  "$tmp/plain" >"$tmp/plain.out"
  "$tmp/instr" >"$tmp/instr.out"
  if ! cmp -s "$tmp/plain.out" "$tmp/instr.out"; then
    echo "same_output: $src at $opt: instrumented output differs" >&2
    diff -u "$tmp/plain.out" "$tmp/instr.out" >&2
    exit 1
  fi
  [ -s "$tmp/plain.out" ] || { echo "same_output: no output" >&2; exit 1; }
  cat "$tmp/instr.out"
done
