#!/usr/bin/env bash
# What holds the cores while slow requests wait: the open-loop phase of load.sh at one RATE (default 5000) for
# DURATION s (default 30) after WARMUP s (default 45) of wrk, with `perf sched record` (CLOCK_MONOTONIC, as
# the load client's System.nanoTime) over PERF_SECONDS (default 10) in its middle. stalls.py then lines up
# every request slower than SLOW_MS (default 2) with the uninterrupted runs of at least STALL_MS (default 1)
# on a core, by who ran them. KEEP=<dir> keeps the recording's text and the request times there. Needs perf (and the rights to trace the scheduler), wrk, redis-server.
set -euo pipefail
cd "$(dirname "$0")/../.."
RATE=${RATE:-5000}
DURATION=${DURATION:-30}
WARMUP=${WARMUP:-45}
PERF_SECONDS=${PERF_SECONDS:-10}
SLOW_MS=${SLOW_MS:-2}
STALL_MS=${STALL_MS:-1}
THREADS=${THREADS:-64}
SERVER_OPTS=${SERVER_OPTS:-}

source serving/bench/stack.sh
echo "machine: $(nproc) cores, kernel $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg)"
wrk -t2 -c16 -d"${WARMUP}s" -s serving/bench/predict.lua "$url" > /dev/null
java -Dload.requests.file="$work/requests.txt" -cp "$cp" dev.lockstep.serving.LoadClient "$url" "$body" "$RATE" \
  "$DURATION" "$THREADS" 5 > "$work/client.txt" &
client=$!
sleep $(( 5 + (DURATION - PERF_SECONDS) / 2 ))
perf sched record -k CLOCK_MONOTONIC -o "$work/sched.data" -- sleep "$PERF_SECONDS" > /dev/null 2>&1
wait "$client"
cat "$work/client.txt"
perf sched timehist -i "$work/sched.data" > "$work/timehist.txt" 2> /dev/null
if [ -n "${KEEP:-}" ]; then
  mkdir -p "$KEEP" && cp "$work/timehist.txt" "$work/requests.txt" "$KEEP/"
  echo "pids: server $server client $client redis $(cat "$work/redis.pid")" > "$KEEP/pids.txt"
fi
python3 serving/bench/stalls.py "$work/timehist.txt" "$work/requests.txt" "$server" "$client" \
  "$(cat "$work/redis.pid")" "$SLOW_MS" "$STALL_MS"
