#!/usr/bin/env bash
# Open-loop phases against one server, to compare endpoints (or builds) at one rate: 45 s of wrk warm-up on
# /v1/predict, then for each of ROUNDS rounds, each phase of PHASES (default "predict features health") for
# DURATION s (default 20) at RATE req/s (default 5000), after 5 s unrecorded, with the server's CPU per request.
#   predict:  POST /v1/predict/fraud for card c1 (as load.sh)
#   features: POST /v1/features for the same card, service fraud_v1 (no model)
#   health:   GET /health (no Redis, no model, no body)
# For an A/B of two builds, run it alternately from a worktree of each. Needs what load.sh needs.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-20}
RATE=${RATE:-5000}
ROUNDS=${ROUNDS:-2}
PHASES=${PHASES:-"predict features health"}
source serving/bench/stack.sh
wrk -t2 -c16 -d45s -s serving/bench/predict.lua "$url" > /dev/null
features_body='{"service":"fraud_v1","entities":[{"card_id":"c1"}]}'
for round in $(seq "$ROUNDS"); do
  for phase in $PHASES; do
    case $phase in
      predict) phase_url=$url; phase_body=$body;;
      features) phase_url="http://127.0.0.1:$http_port/v1/features"; phase_body=$features_body;;
      health) phase_url="http://127.0.0.1:$http_port/health"; phase_body="";;
      *) echo "unknown phase $phase: predict, features or health" >&2; exit 1;;
    esac
    before=$(awk '{print $14 + $15}' "/proc/$server/stat")
    echo -n "$phase (round $round): "
    java -cp "$cp" dev.lockstep.serving.LoadClient "$phase_url" "$phase_body" "$RATE" "$DURATION" 64 5
    after=$(awk '{print $14 + $15}' "/proc/$server/stat")
    echo "  server CPU per request: $(echo "scale=3; ($after - $before) * 10 / ($RATE * ($DURATION + 5))" | bc) ms"
  done
done
