#!/bin/sh
# wrapper_make.sh BINDIR PROJECT [CLANG]
#
# Builds the Makefile project PROJECT with `make CC=BINDIR/racelens-cc`
# (RACELENS_CLANG=CLANG when given), checks that the objects are
# instrumented (they reference __rl_register_module), runs the program and
# compares its output with PROJECT/expected.txt.  Also checks
# `racelens-cc -c` alone does not link.
set -eu
bindir=$1 project=$2
[ $# -ge 3 ] && export RACELENS_CLANG="$3"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$project"/* "$tmp"/
cd "$tmp"
make -s CC="$bindir/racelens-cc"
for o in main.o pipeline.o tally.o; do
  nm "$o" | grep -q "U __rl_register_module" ||
    { echo "wrapper_make: $o is not instrumented" >&2; exit 1; }
done
nm pipeline.o | grep -q "U __rl_go" ||
  { echo "wrapper_make: go() was not rewritten in pipeline.o" >&2; exit 1; }
./pipeline >out.txt
diff -u expected.txt out.txt
# compile-only: no runtime on the command line, so no link errors.
"$bindir/racelens-cc" -c tally.c -o alone.o
[ -f alone.o ]
echo "wrapper_make: ok"
