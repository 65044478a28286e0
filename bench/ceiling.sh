#!/usr/bin/env bash
# The coordinator's ceiling: one real coordinator over the real broker, driven by simulated workers that do no work
# (io.warren.bench.SimulatedFleet: they report started, then completed under a publisher confirm, then ack, at once),
# so that the coordinator and RabbitMQ are the only limits. Each job is TASKS map tasks (one input file of TASKS bytes
# cut with a split size of 1 byte; nothing reads it) and one reduce. Prints, per job, tasks per second from the job's
# record, and the CPU per task of the coordinator's JVM, of RabbitMQ (beam.smp; the whole node, so anything else
# using the broker meanwhile counts too) and of the simulated fleet, from /proc, with the broker's share of the
# coordinator's and the broker's CPU together.
#
# Usage: [CONNECTIONS=2] [WORKERS=8] [PREFETCH=8] [WARM=1] bench/ceiling.sh [TASKS...]     (default: 4000)
#   TASKS...     one job per size, in order, on the same coordinator and fleet: `bench/ceiling.sh 4000 40000`
#   CONNECTIONS  broker connections of the simulated fleet, WORKERS simulated workers (consumers) on each, each
#                with PREFETCH tasks in flight: 2 x 8 x 8 = 128 tasks in flight by default, far more than a
#                coordinator sends at once, so that workers never wait for each other
#   WARM=1       first runs the first size's job once, unmeasured, so that the JVMs have compiled their hot paths
#   WARREN_DIST  another build's cli/target to measure (default this tree's, built if needed)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -gt 0 ] || set -- 4000
dir=${WARREN_BENCH_DIR:-/tmp/warren-bench}/ceiling-$$
mkdir -p "$dir/storage"
cp="$root/bench/target/warren-bench.jar:$root/bench/target/lib/*"
[ -f "$root/bench/target/warren-bench.jar" ] || (cd "$root" && ./mvnw -q -B -DskipTests package -pl bench -am)
export WARREN_AMQP_URI=${WARREN_AMQP_URI:-amqp://guest:guest@localhost:5672}
export WARREN_TOPOLOGY_PREFIX="bench-$$"
export WARREN_STORAGE="$dir/storage"
export WARREN_LOG_LEVEL=WARN

. "$root/bench/copy-dist.sh"
copy_dist "$dir" ceiling-warren
warren=$root/warren

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
"$warren" coordinator --http-port 0 >"$dir/coordinator.log" 2>&1 & pids+=($!)
java -cp "$cp" io.warren.bench.SimulatedFleet "${CONNECTIONS:-2}" "${WORKERS:-8}" "${PREFETCH:-8}" \
  >"$dir/fleet.log" 2>&1 & pids+=($!)
sleep 3   # let the JVMs start (set-up, not measured)
rabbit=$(pgrep -x beam.smp | head -1 || true)
[ -n "$rabbit" ] || { echo "no beam.smp on this machine: the broker's CPU cannot be measured" >&2; exit 1; }

cpu() { # utime + stime in clock ticks of each PID, from /proc/PID/stat (the fields after the command's parenthesis)
  for pid; do sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}'; done | paste -sd' '
}
submit() { # job id, tasks
  [ -f "$dir/storage/in-$2" ] || truncate -s "$2" "$dir/storage/in-$2"
  "$warren" submit --job-id "$1" --app wordcount --input "in-$2" --output "out-$1" --reduces 1 --split-size 1 --wait
}
[ -z "${WARM:-}" ] || submit warm-up "$1" >/dev/null 2>&1
echo "simulated fleet: ${CONNECTIONS:-2} connections x ${WORKERS:-8} workers, prefetch ${PREFETCH:-8}"
for tasks in "$@"; do
  before=$(cpu "${pids[0]}" "$rabbit" "${pids[1]}")
  submit "ceiling-$tasks" "$tasks" >"$dir/submit-$tasks.log" 2>&1 || { cat "$dir/submit-$tasks.log"; exit 1; }
  after=$(cpu "${pids[0]}" "$rabbit" "${pids[1]}")
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  "$warren" status "ceiling-$tasks" --json > "$dir/job-$tasks.json"
  python3 - "$dir/job-$tasks.json" "$before" "$after" "$(getconf CLK_TCK)" "$load" <<'PY'
import json, sys
from datetime import datetime
job = json.load(open(sys.argv[1]))
before, after = [list(map(int, a.split())) for a in sys.argv[2:4]]
tick, load = int(sys.argv[4]), sys.argv[5]
t = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
secs = (t(job["finishedAt"]) - t(job["submittedAt"])).total_seconds()
maps = len(job["maps"])
map_secs = (max(t(m["finishedAt"]) for m in job["maps"]) - t(job["submittedAt"])).total_seconds()
tasks = maps + len(job["reduces"])
coordinator, rabbit, fleet = (1000 * (a - b) / tick / tasks for a, b in zip(after, before))
print(f"{maps} map tasks + {len(job['reduces'])} reduce in {secs:.2f} s: {tasks / secs:.0f} tasks/s overall, "
      f"{maps / map_secs:.0f} map tasks/s in the map phase (load average {load})")
print(f"  CPU per task: coordinator {coordinator:.3f} ms, RabbitMQ {rabbit:.3f} ms "
      f"(the broker's share of the two: {100 * rabbit / (coordinator + rabbit):.0f}%), simulated fleet {fleet:.3f} ms")
PY
done
