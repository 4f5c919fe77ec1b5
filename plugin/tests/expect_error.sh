#!/bin/sh
# expect_error.sh REGEX CMD... -- passes when CMD exits non-zero (but not
# by a signal: a crash is a failure) and its stderr, in one line, matches
# REGEX.
regex=$1
shift
err=$("$@" 2>&1 >/dev/null)
status=$?
printf '%s\n' "$err"
if [ "$status" = 0 ]; then
  echo "expect_error: command succeeded, expected a failure" >&2
  exit 1
fi
if [ "$status" -gt 128 ]; then
  echo "expect_error: command died of signal $((status - 128))" >&2
  exit 1
fi
printf '%s\n' "$err" | grep -E -q -- "$regex" || {
  echo "expect_error: no line matches /$regex/" >&2
  exit 1
}
