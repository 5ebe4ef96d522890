#!/usr/bin/env bash
# Where the server's CPU per prediction goes by thread, and how often its threads switch: for changes to the
# request path's threading, which load.sh's latencies are too noisy to judge on this shared machine.
# Same setup as load.sh (Redis, LoadFixture's card c1, ServingMain with the example model), then WARMUP s of
# wrk, then ROUNDS rounds of:
#   - wrk closed loop, 16 connections, DURATION s: server CPU and context switches per request;
#   - LoadClient open loop at RATE req/s, DURATION s (+3 s unrecorded): the same, the part spent in the
#     kernel, Redis commands per request (INFO commandstats), and per thread group (Jetty's serving-http-*,
#     Lettuce's event loops, the inference watchdog, ...) the switches per request and CPU ticks (1/100 s).
# Switches are voluntary + involuntary, summed over /proc/<pid>/task/*/status.
# CLASSES=<dir> runs the server from other compiled classes (an A/B against an older build's
# serving/target/classes, copied aside). Needs redis-server, redis-cli, wrk; not part of the build.
set -euo pipefail
cd "$(dirname "$0")/../.."
WARMUP=${WARMUP:-30}
DURATION=${DURATION:-15}
RATE=${RATE:-2000}
ROUNDS=${ROUNDS:-2}
SERVER_OPTS=${SERVER_OPTS:-}

source serving/bench/stack.sh

ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }          # user + system, 1/100 s
system_ticks() { awk '{print $15}' "/proc/$server/stat"; }
switches() { cat /proc/"$server"/task/*/status 2>/dev/null | awk '/_ctxt_switches/ {s += $2} END {print s}'; }
redis_calls() { redis-cli -p "$redis_port" info commandstats | grep -o 'calls=[0-9]*' | cut -d= -f2 | paste -sd+ | bc; }
# One line per thread group (digits in names folded to #): name|switches|ticks
by_thread() {
  for t in /proc/"$server"/task/*; do
    echo "$(cat "$t/comm")|$(awk '/_ctxt_switches/ {s += $2} END {print s}' "$t/status")|$(awk '{print $14 + $15}' "$t/stat")"
  done 2>/dev/null | awk -F'|' '{n = $1; gsub(/[0-9]+/, "#", n); s[n] += $2; c[n] += $3} END {for (k in s) print k "|" s[k] "|" c[k]}' | sort
}
per_request() { echo "scale=${3:-2}; ($1) / $2" | bc; }

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "--- warm-up: wrk -t2 -c16 -d${WARMUP}s (not recorded)"
wrk -t2 -c16 -d"${WARMUP}s" -s serving/bench/predict.lua "$url" > /dev/null
for round in $(seq "$ROUNDS"); do
  echo "--- round $round, load average $(cut -d' ' -f1 /proc/loadavg)"
  t0=$(ticks); s0=$(switches)
  out=$(wrk -t2 -c16 -d"${DURATION}s" -s serving/bench/predict.lua "$url")
  t1=$(ticks); s1=$(switches)
  n=$(echo "$out" | grep -o "[0-9]* requests," | head -1 | cut -d' ' -f1)
  echo "$out" | grep "wrk closed-loop"
  echo "  server CPU $(per_request "($t1 - $t0) * 10000" "$n" 1) us/request, $(per_request "$s1 - $s0" "$n") switches/request"

  t0=$(ticks); k0=$(system_ticks); s0=$(switches); r0=$(redis_calls); by_thread > "$work/before"
  java -cp "$cp" dev.lockstep.serving.LoadClient "$url" "$body" "$RATE" "$DURATION" 64 3 | grep achieved
  t1=$(ticks); k1=$(system_ticks); s1=$(switches); r1=$(redis_calls); by_thread > "$work/after"
  n=$(echo "$RATE * ($DURATION + 3)" | bc)
  echo "  open loop $RATE req/s: server CPU $(per_request "($t1 - $t0) * 10000" "$n" 1) us/request" \
    "(kernel $(per_request "($k1 - $k0) * 10000" "$n" 1)), $(per_request "$s1 - $s0" "$n") switches/request," \
    "$(per_request "$r1 - $r0" "$n" 3) Redis commands/request"
  join -t'|' "$work/before" "$work/after" | awk -F'|' -v n="$n" \
    '($4 - $2) / n >= 0.01 {printf "    %-22s %.2f switches/request, %d ticks\n", $1, ($4 - $2) / n, $5 - $3}' | sort -k2 -nr
done
