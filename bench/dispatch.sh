#!/usr/bin/env bash
# Dispatch throughput: jobs of N one-line map tasks on one fleet of a coordinator and 2 workers; prints, per job, tasks
# per second from the job record (submission to success, the reduce phase included), and the CPU each process (and
# its busiest threads) used over that job, per task, from /proc.
#
# Usage: [WARM=1] [SLOTS=1] [COORDINATOR_OPTS=...] bench/dispatch.sh [TASKS...]     (default: 2000)
#   TASKS...          one job per size, in order, on the same fleet: `bench/dispatch.sh 4000 40000`
#   WARM=1            first runs the first size's job once, unmeasured, so the JVMs have compiled their hot paths
#                     (a long-running fleet's state); without it the first job is measured cold
#   SLOTS             slots per worker (default 1)
#   COORDINATOR_OPTS  JVM options for the coordinator alone, instead of the launcher's (to compare, e.g. compilers)
#   WARREN_DIST       another build's cli/target to measure (default this tree's, built if needed)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -gt 0 ] || set -- 2000
slots=${SLOTS:-1}
dir=${WARREN_BENCH_DIR:-/tmp/warren-bench}/dispatch-$$
mkdir -p "$dir/storage"
for tasks in "$@"; do
  mkdir -p "$dir/storage/tiny-$tasks"
  (cd "$dir/storage/tiny-$tasks" && for i in $(seq -w 1 "$tasks"); do echo "tiny file $i" > "$i.txt"; done)
done
export WARREN_AMQP_URI=${WARREN_AMQP_URI:-amqp://guest:guest@localhost:5672}
export WARREN_TOPOLOGY_PREFIX="bench-$$"
export WARREN_STORAGE="$dir/storage"
export WARREN_LOG_LEVEL=WARN

# A copy of the distribution, so that sources edited meanwhile do not rebuild it under the running fleet.
. "$root/bench/copy-dist.sh"
copy_dist "$dir" dispatch-warren
warren=$root/warren

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true; }
trap cleanup EXIT
if [ -n "${COORDINATOR_OPTS+set}" ]; then
  WARREN_JAVA_OPTS="$COORDINATOR_OPTS" "$warren" coordinator --http-port 0 >"$dir/coordinator.log" 2>&1 & pids+=($!)
else
  "$warren" coordinator --http-port 0 >"$dir/coordinator.log" 2>&1 & pids+=($!)
fi
"$warren" worker --slots "$slots" >"$dir/worker1.log" 2>&1 & pids+=($!)
"$warren" worker --slots "$slots" >"$dir/worker2.log" 2>&1 & pids+=($!)
sleep 3   # let the JVMs start (this is set-up, not what is measured)
procs=(coordinator="${pids[0]}" worker1="${pids[1]}" worker2="${pids[2]}")
rabbit=$(pgrep -x beam.smp | head -1 || true)
[ -z "$rabbit" ] || procs+=(rabbitmq="$rabbit")

submit() { # job id, input size
  local size
  size=$(stat -c %s "$dir/storage/tiny-$2/$(ls "$dir/storage/tiny-$2" | head -1)")
  "$warren" submit --job-id "$1" --app wordcount --input "tiny-$2" --output "out-$1" --reduces 2 --split-size "$size" --wait
}
[ -z "${WARM:-}" ] || submit warm-up "$1" >/dev/null 2>&1
echo "coordinator JVM options: ${COORDINATOR_OPTS-the launcher defaults}; slots per worker: $slots"
n=0
for tasks in "$@"; do
  n=$((n + 1)) # a job id of its own for each job, so a size may be given twice
  python3 "$root/bench/cpu-snapshot.py" "${procs[@]}" > "$dir/cpu-before-$n.json"
  submit "dispatch-$n-$tasks" "$tasks" >"$dir/submit-$n.log" 2>&1
  python3 "$root/bench/cpu-snapshot.py" "${procs[@]}" > "$dir/cpu-after-$n.json"
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  "$warren" status "dispatch-$n-$tasks" --json > "$dir/job-$n.json"
  python3 - "$dir/job-$n.json" "$load" <<'PY'
import json, sys
from datetime import datetime
job = json.load(open(sys.argv[1]))
t = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
secs = (t(job["finishedAt"]) - t(job["submittedAt"])).total_seconds()
maps = len(job["maps"])
map_secs = max(t(m["finishedAt"]) for m in job["maps"]) - t(job["submittedAt"])
print(f"{maps} map tasks + {len(job['reduces'])} reduce tasks in {secs:.2f} s: {maps/secs:.0f} tasks/s overall, "
      f"{maps/map_secs.total_seconds():.0f} map tasks/s in the map phase (load average {sys.argv[2]})")
PY
  python3 "$root/bench/cpu-snapshot.py" --diff "$dir/cpu-before-$n.json" "$dir/cpu-after-$n.json" "$tasks"
done
