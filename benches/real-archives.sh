#!/bin/bash
# Issue 13: the floor (unzip -p of the post files), `check` and `report` on each educator's
# real archive in ../shared/fixtures/educators, best of three each, with the peak memory of
# `report`. Needs target/release/pln-lens (make cli), unzip and GNU time (/usr/bin/time).
#   benches/real-archives.sh
set -euo pipefail
here=$(dirname "$0")
CLI=${PLN_LENS:-$here/../target/release/pln-lens}
FIXTURES=${PLN_SHARED:-$here/../../shared}/fixtures

# Best of three wall times of a command, in seconds.
best() {
  local b=999 s e
  for _ in 1 2 3; do
    s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N)
    b=$(awk -v s="$s" -v e="$e" -v b="$b" 'BEGIN { t = e - s; print (t < b ? t : b) }')
  done
  echo "$b"
}

for z in "$FIXTURES"/educators/*.zip; do
  n=$(basename "$z" -grailbird.zip)
  f=$(best unzip -p "$z" 'data/js/tweets/*.js')
  c=$(best "$CLI" check "$z" --json)
  r=$(best "$CLI" report "$z" --json)
  kb=$({ /usr/bin/time -f "%M" "$CLI" report "$z" --json >/dev/null; } 2>&1 | tail -1)
  awk -v n="$n" -v f="$f" -v c="$c" -v r="$r" -v kb="$kb" 'BEGIN {
    printf "%-16s floor %.3f s  check %.3f s (%.2fx)  report %.3f s (%.2fx)  peak %d MB\n",
      n, f, c, c / f, r, r / f, kb / 1024 }'
done
