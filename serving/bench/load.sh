#!/usr/bin/env bash
# Load test of POST /v1/predict/fraud for one card of the example group (30-day window included), on this
# machine: Redis 7 (redis-server from PATH), ServingMain with the committed example model, a card with a
# payment every hour for 31 days (LoadFixture, heartbeats every 5 s so the group stays fresh).
#   1. floor, same run: redis-benchmark, one client, unpipelined HGETALL of that card's tile hash;
#   2. open loop at each rate in RATES (default "1000 5000"), DURATION s each: LoadClient, latency from each
#      request's due time (coordinated omission corrected). Before it, WARMUP s (default 60) of closed-loop
#      wrk traffic: the JIT needs about a minute of full load here before the server's CPU per request stops
#      falling (15 s windows of a fresh server: 920, 700, 500, 350, 350 us), and a shorter warm-up measures the
#      compiler, not the server;
#   3. HTTP floor: GET /health through the same client at FLOOR_RATE (default: the last of RATES);
#   4. max sustainable rate: wrk closed loop, WRK_CONNECTIONS connections (default 16), DURATION s.
# Needs redis-server, redis-cli, redis-benchmark and wrk (Debian packages); not part of the build.
set -euo pipefail
cd "$(dirname "$0")/../.."
RATES=${RATES:-"1000 5000"}
DURATION=${DURATION:-30}
THREADS=${THREADS:-64}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-16}
WARMUP=${WARMUP:-60}
FLOOR_RATE=${FLOOR_RATE:-${RATES##* }}   # the HTTP floor's rate: the last of RATES unless set
CLIENT_WARMUP=${CLIENT_WARMUP:-5}   # each open-loop phase first runs this long at its rate, unrecorded
SERVER_OPTS=${SERVER_OPTS:-}   # extra JVM options for the server, e.g. -XX:StartFlightRecording=filename=/tmp/serving.jfr

source serving/bench/stack.sh
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "one answer: $(curl -s -X POST "$url" -H 'Content-Type: application/json' -d "$body" | cut -c1-160)..."

key=$(redis-cli -p "$redis_port" --scan | grep c1 | head -1)
echo "--- floor: redis-benchmark HGETALL $key ($(redis-cli -p "$redis_port" hlen "$key") fields), 1 client, unpipelined"
redis-benchmark -p "$redis_port" -c 1 -n 20000 HGETALL "$key" | grep -A2 "latency summary" || true

# CPU seconds (user + system) a process has used so far, from /proc (clock ticks of 1/100 s).
cpu_seconds() { awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/$1/stat"; }

# Server-side p50/p99 per stage of /v1/predict, one line each, in ms.
stages() {
  curl -s "http://127.0.0.1:$http_port/metrics" \
    | grep -E 'lockstep_serving_(latency_seconds\{endpoint="/v1/predict|stage|inference)[^ ]*quantile="0.(5|99)"' \
    | sed -E 's/lockstep_serving_([a-z_]+)_seconds\{(.*)\} (.*)/\1 \2 \3/' \
    | awk '{printf "  server %s %s: %.3f ms\n", $1, $2, $3 * 1000}' || true
}

echo "--- warm-up: wrk -t2 -c$WRK_CONNECTIONS -d${WARMUP}s (not recorded)"
wrk -t2 -c"$WRK_CONNECTIONS" -d"${WARMUP}s" -s serving/bench/predict.lua "$url" > /dev/null
exec 3>&1   # the client's report goes to stdout while its time goes to a variable
# One open-loop phase: LoadClient at a rate against a URL (an empty body sends a GET), with the CPU that the
# server, redis-server and the client used during it.
open_loop() { # url body rate
  server_cpu=$(cpu_seconds "$server"); redis_cpu=$(cpu_seconds "$(cat "$work/redis.pid")")
  # The client's own CPU (user + system, from bash's time): it shares the two cores with the server.
  client_cpu=$( { TIMEFORMAT="%U %S"; time java -cp "$cp" dev.lockstep.serving.LoadClient "$1" "$2" "$3" \
    "$DURATION" "$THREADS" "$CLIENT_WARMUP" >&3; } 2>&1 | awk '{print $1 + $2}' )
  server_used=$(echo "$(cpu_seconds "$server") - $server_cpu" | bc)
  redis_used=$(echo "$(cpu_seconds "$(cat "$work/redis.pid")") - $redis_cpu" | bc)
  sent=$(echo "$3 * ($DURATION + $CLIENT_WARMUP)" | bc)
  echo "  CPU during the phase (client warm-up included): server $server_used s," \
    "$(echo "scale=3; $server_used * 1000 / $sent" | bc) ms per request; redis-server $redis_used s;" \
    "load client $client_cpu s, $(echo "scale=3; $client_cpu * 1000 / $sent" | bc) ms per request"
}
for rate in $RATES; do
  echo "--- open loop at $rate req/s for $DURATION s after $CLIENT_WARMUP s unrecorded ($THREADS client threads), load average $(cut -d' ' -f1 /proc/loadavg)"
  open_loop "$url" "$body" "$rate"
  stages
done
# The same client, rate and server answering GET /health (no Redis, no model, no JSON body parsed): what the
# HTTP exchange and this machine's scheduling alone cost at the tail.
echo "--- HTTP floor: GET /health, open loop at $FLOOR_RATE req/s for $DURATION s after $CLIENT_WARMUP s unrecorded, load average $(cut -d' ' -f1 /proc/loadavg)"
open_loop "http://127.0.0.1:$http_port/health" "" "$FLOOR_RATE"
echo "--- max sustainable: wrk -t2 -c$WRK_CONNECTIONS -d${DURATION}s, load average $(cut -d' ' -f1 /proc/loadavg)"
wrk -t2 -c"$WRK_CONNECTIONS" -d"${DURATION}s" -s serving/bench/predict.lua "$url" | grep "wrk closed-loop"
echo "--- server-side stage percentiles after the run (Micrometer's decaying window: mostly the last phase)"
stages
