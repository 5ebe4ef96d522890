#!/usr/bin/env bash
# A fresh server's first seconds of traffic, with and without a warm-up (LOCKSTEP_WARMUP_REQUESTS): for each arm
# of ARMS (default "cold warm cold warm"), a new ServingMain starts on the same Redis and card as load.sh's; once
# GET /ready answers 200 (after WARMUP_SECONDS, default 30, of serving/bench/warmup.jsonl in the warm arms), the
# open-loop client sends POST /v1/predict/fraud at RATE req/s (default 2000) for DURATION s (default 20). The
# client first runs CLIENT_WARMUP s (default 5) against GET /health, so its own JIT is warm and the server's
# request path is not. Needs redis-server and wrk (load.sh's tools).
set -euo pipefail
cd "$(dirname "$0")/../.."
ARMS=${ARMS:-"cold warm cold warm"}
RATE=${RATE:-2000}
DURATION=${DURATION:-20}
THREADS=${THREADS:-64}
CLIENT_WARMUP=${CLIENT_WARMUP:-5}
WARMUP_SECONDS=${WARMUP_SECONDS:-30}
SERVER_OPTS=${SERVER_OPTS:-}

source serving/bench/stack.sh
kill "$server"; wait "$server" 2>/dev/null || true; server=""
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
cpu_seconds() { awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/$1/stat"; }
for arm in $ARMS; do
  warm_env=()
  if [ "$arm" = warm ]; then
    warm_env=(LOCKSTEP_WARMUP_REQUESTS=serving/bench/warmup.jsonl LOCKSTEP_WARMUP_SECONDS="$WARMUP_SECONDS")
  fi
  started=$(date +%s.%N)
  env "${warm_env[@]}" LOCKSTEP_REDIS_URI="redis://127.0.0.1:$redis_port" LOCKSTEP_HTTP_PORT="$http_port" \
    LOCKSTEP_MODELS_DIR=serving/src/test/resources/models \
    java -Xmx1g ${SERVER_OPTS} -cp "$cp" dev.lockstep.serving.ServingMain > "$work/server-$arm.log" 2>&1 &
  server=$!
  until curl -sf "http://127.0.0.1:$http_port/ready" > /dev/null; do sleep 0.1; done
  ready=$(echo "$(date +%s.%N) - $started" | bc)
  cpu_before=$(cpu_seconds "$server")
  echo "--- $arm: ready after $ready s (server CPU so far $cpu_before s); open loop at $RATE req/s for $DURATION s"
  java -Dload.warmup.url="http://127.0.0.1:$http_port/health" -cp "$cp" dev.lockstep.serving.LoadClient "$url" \
    "$body" "$RATE" "$DURATION" "$THREADS" "$CLIENT_WARMUP"
  echo "  server CPU during the phase: $(echo "$(cpu_seconds "$server") - $cpu_before" | bc) s," \
    "client warm-up against /health included"
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
done
