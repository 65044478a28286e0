#!/usr/bin/env bash
# Dispatch throughput: a job of N tiny map tasks (default 2000) on 2 workers; prints tasks per second, measured from
# the job record (submission to success) and including the reduce phase, plus per-task overhead.
# WARM=1 first runs the same job once, unmeasured, so the JVMs have compiled their hot paths (a long-running fleet's
# state); without it the fleet is measured cold, and JIT compilation takes a good part of the 2 cores.
# Usage: [WARM=1] bench/dispatch.sh [TASKS=2000] [SLOTS_PER_WORKER=1]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tasks=${1:-2000}
slots=${2:-1}
dir=${WARREN_BENCH_DIR:-/tmp/warren-bench}/dispatch-$$
mkdir -p "$dir/storage/tiny"
for i in $(seq -w 1 "$tasks"); do echo "tiny file $i" > "$dir/storage/tiny/$i.txt"; done
export WARREN_AMQP_URI=${WARREN_AMQP_URI:-amqp://guest:guest@localhost:5672}
export WARREN_TOPOLOGY_PREFIX="bench-$$"
export WARREN_STORAGE="$dir/storage"
export WARREN_LOG_LEVEL=WARN
"$root/warren" --version >/dev/null
pids=()
"$root/warren" coordinator >"$dir/coordinator.log" 2>&1 & pids+=($!)
"$root/warren" worker --slots "$slots" >"$dir/worker1.log" 2>&1 & pids+=($!)
"$root/warren" worker --slots "$slots" >"$dir/worker2.log" 2>&1 & pids+=($!)
sleep 3   # let the JVMs start (this is set-up, not what is measured)
size=$(stat -c %s "$dir/storage/tiny/$(ls "$dir/storage/tiny" | head -1)")
if [ -n "${WARM:-}" ]; then
  "$root/warren" submit --job-id warm-up --app wordcount --input tiny --output warm --reduces 2 --split-size "$size" \
    --wait >/dev/null
fi
/usr/bin/time -f "%e s wall for submit --wait" "$root/warren" submit --job-id dispatch --app wordcount --input tiny \
  --output out --reduces 2 --split-size "$size" --wait 2>&1 | tail -2
"$root/warren" status dispatch --json > "$dir/job.json"
kill "${pids[@]}"; wait "${pids[@]}" 2>/dev/null || true
python3 - "$dir/job.json" <<'PY'
import json, sys
from datetime import datetime
job = json.load(open(sys.argv[1]))
t = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
secs = (t(job["finishedAt"]) - t(job["submittedAt"])).total_seconds()
maps = len(job["maps"])
map_secs = max(t(m["finishedAt"]) for m in job["maps"]) - t(job["submittedAt"])
print(f"{maps} map tasks + {len(job['reduces'])} reduce tasks in {secs:.2f} s: {maps/secs:.0f} tasks/s overall, "
      f"{maps/map_secs.total_seconds():.0f} map tasks/s in the map phase, "
      f"{1000*2*map_secs.total_seconds()/maps:.1f} ms per task per worker")
PY
