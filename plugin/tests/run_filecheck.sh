#!/bin/sh
# run_filecheck.sh CLANG PLUGIN FILECHECK SRC OPT [INCLUDE_DIR [LOAD]]
#
# Compiles SRC to LLVM IR with the plugin at optimisation level OPT and
# checks the compiler's stderr followed by the IR against SRC's FileCheck
# directives: CHECK lines hold at every level, O0/O2 lines at that level
# only, OPT lines at every level but O0.  Extra compiler flags come from a `// FLAGS:` line in SRC; `@DIR@`
# in them stands for SRC's directory, `@PLUGIN@` for the plugin.  LOAD is
# how the plugin is loaded: `fplugin` (default) or `fpass-plugin`.  The IR
# must pass LLVM's verifier first.
set -eu
clang=$1 plugin=$2 filecheck=$3 src=$4 opt=$5 inc=${6:-} load=${7:-fplugin}
dir=$(cd "$(dirname "$src")" && pwd)
flags=$(sed -n 's|^// FLAGS: *||p' "$src" | sed -e "s|@DIR@|$dir|g" -e "s|@PLUGIN@|$plugin|g")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
# shellcheck disable=SC2086
"$clang" -"$load"="$plugin" -S -emit-llvm "$opt" ${inc:+-I"$inc"} $flags \
  "$src" -o "$tmp/out.ll" 2>"$tmp/err" || status=$?
if [ "$status" != 0 ]; then
  cat "$tmp/err" >&2
  echo "run_filecheck: compiling $src at $opt failed (exit $status)" >&2
  exit 1
fi
# Release builds of clang skip the IR verifier: run it on what we made.
verify=$(dirname "$(readlink -f "$(command -v "$clang")")")/opt
if [ -x "$verify" ] && ! "$verify" -passes=verify -disable-output \
  "$tmp/out.ll" 2>"$tmp/verr"; then
  cat "$tmp/verr" >&2
  echo "run_filecheck: the IR of $src at $opt does not verify" >&2
  exit 1
fi
level=$(echo "$opt" | sed 's/^-//')
prefixes=CHECK,$level
[ "$level" = O0 ] || prefixes=$prefixes,OPT
cat "$tmp/err" "$tmp/out.ll" |
  "$filecheck" --allow-unused-prefixes --check-prefixes="$prefixes" "$src"
