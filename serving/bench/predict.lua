-- wrk script for serving/bench/load.sh: POST /v1/predict/fraud for card c1, and p50/p99/p99.9 at the end.
wrk.method = "POST"
wrk.body = '{"entity": {"card_id": "c1"}, "request": {"amount": 250.0}}'
wrk.headers["Content-Type"] = "application/json"

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("wrk closed-loop: %.0f req/s, %d requests, %d non-2xx, %d socket errors, p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms\n",
    summary.requests / seconds, summary.requests, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, latency.max / 1000))
end
