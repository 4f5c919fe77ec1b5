#!/bin/sh
# stress_sqlite.sh BINDIR DRIVER CACHE_DIR
#
# The outside code base for the stress compile: the SQLite amalgamation
# (sqlite3.c, ~260,000 lines), as shipped inside the npm package
# better-sqlite3.  Instruments it at -O0 and -O2 with racelens-cc, links
# DRIVER (a SQL workload) against it and requires the same output as a
# plain build.  The package is fetched once with `npm pack` into CACHE_DIR;
# when npm or its registry is unreachable the test is skipped (exit 77).
set -eu
bindir=$1 driver=$2 cache=$3
pkg=better-sqlite3@12.4.1
mkdir -p "$cache"
src=$cache/package/deps/sqlite3
if [ ! -f "$src/sqlite3.c" ]; then
  command -v npm >/dev/null 2>&1 || { echo "stress_sqlite: npm not installed: skipped"; exit 77; }
  (cd "$cache" && timeout 300 npm pack --silent "$pkg" >/dev/null 2>&1) ||
    { echo "stress_sqlite: cannot fetch $pkg from the npm registry: skipped"; exit 77; }
  (cd "$cache" && tar xzf better-sqlite3-*.tgz package/deps/sqlite3)
fi
top=$(dirname "$bindir")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
defs="-DSQLITE_THREADSAFE=1 -DSQLITE_OMIT_LOAD_EXTENSION"
cc=${RACELENS_CLANG:-clang-19}
# shellcheck disable=SC2086
"$cc" -O0 $defs -I"$src" -o "$tmp/plain" "$driver" "$src/sqlite3.c" -pthread -lm
"$tmp/plain" >"$tmp/plain.out"
for opt in -O0 -O2; do
  # shellcheck disable=SC2086
  "$bindir/racelens-cc" $opt $defs -I"$src" -c "$src/sqlite3.c" -o "$tmp/sqlite3.o"
  "$bindir/racelens-cc" $opt -I"$src" -o "$tmp/instr" "$driver" "$tmp/sqlite3.o"
  "$tmp/instr" >"$tmp/instr.out"
  if ! cmp -s "$tmp/plain.out" "$tmp/instr.out"; then
    echo "stress_sqlite: output differs at $opt" >&2
    diff -u "$tmp/plain.out" "$tmp/instr.out" | head -40 >&2
    exit 1
  fi
  echo "stress_sqlite: $opt: $(wc -l <"$tmp/instr.out") lines of output match"
done
