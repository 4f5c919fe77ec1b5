#!/bin/sh
# stress_sqlite.sh BINDIR DRIVER CACHE_DIR
#
# The outside code base for the stress compile: the SQLite amalgamation
# (sqlite3.c, ~260,000 lines), as shipped inside the npm package
# better-sqlite3.  Instruments it at -O0 and -O2 with racelens-cc, links
# DRIVER (a SQL workload) against it and requires the same output as a
# plain build.  The package is fetched once with `npm pack` into CACHE_DIR,
# with an npm cache of its own (other tests run npm at the same time);
# when npm or its registry is unreachable the test is skipped (exit 77).
# Every step that fails says which and with what status: a CI log shows
# no more than this script prints.
set -u
bindir=$1 driver=$2 cache=$3
pkg=better-sqlite3@12.4.1
mkdir -p "$cache"
src=$cache/package/deps/sqlite3

die() {
  echo "stress_sqlite: $*" >&2
  exit 1
}

fetch() {
  rm -rf "$cache/package" "$cache"/better-sqlite3-*.tgz
  (cd "$cache" && timeout 300 npm pack --silent --cache "$cache/npm-cache" \
    "$pkg" >npm.log 2>&1) || return 1
  (cd "$cache" && tar xzf better-sqlite3-*.tgz package/deps/sqlite3) &&
    [ -f "$src/sqlite3.c" ]
}

if [ ! -f "$src/sqlite3.c" ]; then
  command -v npm >/dev/null 2>&1 || { echo "stress_sqlite: npm not installed: skipped"; exit 77; }
  if ! fetch && ! fetch; then
    echo "stress_sqlite: cannot fetch $pkg from the npm registry: skipped"
    tail -n 5 "$cache/npm.log" 2>/dev/null
    exit 77
  fi
fi
tmp=$(mktemp -d) || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT
defs="-DSQLITE_THREADSAFE=1 -DSQLITE_OMIT_LOAD_EXTENSION"
cc=${RACELENS_CLANG:-clang-19}
# shellcheck disable=SC2086
"$cc" -O0 $defs -I"$src" -o "$tmp/plain" "$driver" "$src/sqlite3.c" -pthread -lm ||
  die "plain build failed (exit $?)"
"$tmp/plain" >"$tmp/plain.out" || die "plain run failed (exit $?)"
for opt in -O0 -O2; do
  # shellcheck disable=SC2086
  "$bindir/racelens-cc" $opt $defs -I"$src" -c "$src/sqlite3.c" -o "$tmp/sqlite3.o" ||
    die "racelens-cc $opt -c sqlite3.c failed (exit $?)"
  "$bindir/racelens-cc" $opt -I"$src" -o "$tmp/instr" "$driver" "$tmp/sqlite3.o" ||
    die "racelens-cc $opt link failed (exit $?)"
  "$tmp/instr" >"$tmp/instr.out" 2>"$tmp/instr.err" || {
    st=$?
    tail -n 20 "$tmp/instr.err" >&2
    die "instrumented run at $opt failed (exit $st)"
  }
  if ! cmp -s "$tmp/plain.out" "$tmp/instr.out"; then
    diff -u "$tmp/plain.out" "$tmp/instr.out" | head -40 >&2
    die "output differs at $opt"
  fi
  echo "stress_sqlite: $opt: $(wc -l <"$tmp/instr.out") lines of output match"
done
