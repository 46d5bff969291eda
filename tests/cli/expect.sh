#!/usr/bin/env bash
# expect.sh CODE REGEX COMMAND...: runs COMMAND, passes when it exits with CODE and its combined
# output matches the extended regex REGEX. Prints what it saw otherwise.
set -u
code=$1 pattern=$2
shift 2
output=$("$@" 2>&1)
status=$?
if [ "$status" -ne "$code" ]; then
  printf 'expected exit %s, got %s\noutput:\n%s\n' "$code" "$status" "$output"
  exit 1
fi
if ! grep -Eq -- "$pattern" <<<"$output"; then
  printf 'output does not match /%s/:\n%s\n' "$pattern" "$output"
  exit 1
fi
