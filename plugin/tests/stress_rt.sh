#!/bin/sh
# stress_rt.sh CLANG PLUGIN SRCDIR
#
# Compiles every C source of the project's runtime (SRCDIR/rt) with the
# plugin at -O0 and -O2: large, real, concurrent C that must go through
# without a crash or a verifier error.  (The runtime's own functions are
# skipped by name; their static helpers and everything else are
# instrumented.)
set -eu
clang=$1 plugin=$2 top=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
for src in "$top"/rt/core/*.c "$top"/rt/detect/*.c "$top"/rt/log/*.c; do
  for opt in -O0 -O2; do
    "$clang" -std=gnu11 -fplugin="$plugin" $opt -I"$top/rt" -I"$top/include" \
      -c "$src" -o "$tmp/out.o"
    n=$((n + 1))
  done
done
echo "stress_rt: $n compiles"
