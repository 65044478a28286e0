#!/usr/bin/env bash
# Submits a job without Warren's CLI: publishes a job spec to the warren.jobs queue through RabbitMQ's HTTP API
# (management plugin), with curl. Usage: examples/submit.sh APP OUTPUT INPUT... (paths relative to the storage root)
# Broker: WARREN_MGMT_URL (default http://localhost:15672), credentials WARREN_MGMT_USER / WARREN_MGMT_PASSWORD.
set -euo pipefail
app=$1; output=$2; shift 2
inputs=$(printf '%s\n' "$@" | python3 -c 'import json,sys; print(json.dumps([l.rstrip("\n") for l in sys.stdin]))')
job_id="job-$(date -u +%Y%m%d-%H%M%S)-$RANDOM"
spec=$(printf '{"v":1,"jobId":"%s","app":"%s","inputs":%s,"output":"%s"}' "$job_id" "$app" "$inputs" "$output")
payload=$(python3 -c 'import json,sys; print(json.dumps({"properties":{"delivery_mode":2,"content_type":"application/json"},
  "routing_key":"warren.jobs","payload":sys.argv[1],"payload_encoding":"string"}))' "$spec")
curl -fsS -u "${WARREN_MGMT_USER:-guest}:${WARREN_MGMT_PASSWORD:-guest}" -H 'content-type: application/json' \
  -X POST "${WARREN_MGMT_URL:-http://localhost:15672}/api/exchanges/%2F/amq.default/publish" -d "$payload" \
  | grep -q '"routed":true' || { echo "not routed: is the warren.jobs queue declared (start a coordinator)?" >&2; exit 1; }
echo "$job_id"
