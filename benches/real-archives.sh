#!/bin/bash
# Issue 13: the floor (unzip -p of the post files), `check` and `report` on each educator's
# real archive in ../shared/fixtures/educators, best of three each, with the peak memory of
# `report`. Needs target/release/pln-lens (make cli), bc and GNU time.
#   benches/real-archives.sh
best() { local b=999; for i in 1 2 3; do s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); t=$(echo "$e - $s" | bc); b=$(echo "if ($t < $b) $t else $b" | bc); done; echo $b; }
CLI=${PLN_LENS:-$(dirname "$0")/../target/release/pln-lens}
for z in ${PLN_SHARED:-$(dirname "$0")/../../shared}/fixtures/educators/*.zip; do
  n=$(basename $z -grailbird.zip)
  f=$(best unzip -p $z 'data/js/tweets/*.js')
  c=$(best $CLI check $z --json)
  r=$(best $CLI report $z --json)
  m=$( { /usr/bin/time -f "%M" $CLI report $z --json >/dev/null; } 2>&1 | tail -1)
  np=$($CLI check $z --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("totals",d).get("posts","?") if isinstance(d,dict) else "?")' 2>/dev/null)
  printf "%-16s posts %-6s floor %.3f  check %.3f (%.2fx)  report %.3f (%.2fx)  peak %d MB\n" $n "$np" $f $c $(echo "$c/$f"|bc -l) $r $(echo "$r/$f"|bc -l) $((m/1024))
done
