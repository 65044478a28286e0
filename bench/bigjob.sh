#!/usr/bin/env bash
# Big jobs (issue 11): a fleet of a coordinator and 2 workers (one slot each) runs
#  1. ADMISSION jobs of FILES one-line files each (after one unmeasured warm-up job): for each, the time from its spec
#     arriving on warren.jobs to its first tasks published and confirmed, as the coordinator logs it (planning, then
#     saving the job and publishing its tasks);
#  2. one job of TASKS one-line map tasks, submitted without waiting; while it runs (every SAMPLE seconds) and once it
#     has ended: the coordinator's heap after a full GC (jcmd GC.run, GC.heap_info), the status API's response times
#     (curl, three times each: /api/jobs, /api/jobs/<id>?tasks=200 as the status page asks, /api/jobs/<id>/timeline,
#     and /api/jobs/<id> as a plain client asks), and `warren status JOB` (time, lines; --all too once it has ended).
# Input files are written by a small Python generator (a bash loop takes minutes for 100,000 files); the storage is
# deleted at the end unless KEEP=1 (the logs stay). Each look prints the load average, since the machine may be shared.
# Usage: bench/bigjob.sh [TASKS=100000] [FILES=1000] [ADMISSION=5]   (SAMPLE=30 by default)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tasks=${1:-100000}
files=${2:-1000}
admissions=${3:-5}
sample=${SAMPLE:-30}
dir=${WARREN_BENCH_DIR:-/tmp/warren-bench}/bigjob-$$
mkdir -p "$dir/storage"
python3 - "$dir/storage" "$files" "$tasks" <<'PY'
import os, sys
root, files, tasks = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
width = len(str(max(files, tasks)))  # every file the same size, so that a split of that size is one file
for name, n in (("few", files), ("big", tasks)):
    d = os.path.join(root, name)
    os.makedirs(d)
    for i in range(1, n + 1):
        with open(os.path.join(d, f"{i:0{width}d}.txt"), "w") as f:
            f.write(f"tiny file {i:0{width}d}\n")
PY
size=$(stat -c %s "$dir/storage/big/$(ls "$dir/storage/big" | head -1)")
echo "generated $files + $tasks one-line files of $size bytes in $dir/storage"

# A copy of the distribution, so that sources edited meanwhile do not rebuild it under the running fleet.
"$root/warren" --version >/dev/null
mkdir -p "$dir/dist"
cp -r "$root/cli/target/warren-cli.jar" "$root/cli/target/lib" "$dir/dist/"
export WARREN_JAR="$dir/dist/warren-cli.jar"
export WARREN_AMQP_URI=${WARREN_AMQP_URI:-amqp://guest:guest@localhost:5672}
export WARREN_TOPOLOGY_PREFIX="bench-$$"
export WARREN_STORAGE="$dir/storage"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
api="http://127.0.0.1:$port/api"
pids=()
cleanup() {
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$dir/storage"
}
trap cleanup EXIT
WARREN_LOG_LEVEL=INFO "$root/warren" coordinator --http-port "$port" >"$dir/coordinator.log" 2>&1 & pids+=($!)
coordinator=${pids[0]}
WARREN_LOG_LEVEL=WARN "$root/warren" worker --slots 1 >"$dir/worker1.log" 2>&1 & pids+=($!)
WARREN_LOG_LEVEL=WARN "$root/warren" worker --slots 1 >"$dir/worker2.log" 2>&1 & pids+=($!)
until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; do sleep 0.2; done
export WARREN_LOG_LEVEL=WARN

echo "== 1. from a spec on warren.jobs to the first tasks published, $files files a job"
submit() { "$root/warren" submit --job-id "$1" --app wordcount --input "$2" --output "out-$1" --reduces 2 --split-size "$size" "${@:3}"; }
submit admission-warm-up few --wait >/dev/null
for i in $(seq 1 "$admissions"); do submit "admission-$i" few --wait >/dev/null; done
grep -o 'job=admission-[0-9]* admitted: .*' "$dir/coordinator.log" || echo "(no admission lines in $dir/coordinator.log)"

echo "== 2. a job of $tasks one-line map tasks"
heap() {
  jcmd "$coordinator" GC.run >/dev/null
  jcmd "$coordinator" GC.heap_info | awk '/total/ && /used/ {for (i = 1; i <= NF; i++) if ($i == "used") print "heap used after a full GC: " $(i+1); exit}'
}
timed() { # label url: three response times in ms, and the size of the last answer
  local times="" size
  for _ in 1 2 3; do
    read -r t size < <(curl -s -o /dev/null -w '%{time_total} %{size_download}\n' "$2")
    times="$times $(python3 -c "print(round($t * 1000))")"
  done
  printf '  %-34s%s ms  (%s bytes)\n' "$1" "$times" "$size"
}
status_cli() { # args: how long `warren status` takes and how many lines it prints
  local start end lines
  start=$(date +%s%N)
  lines=$("$root/warren" status "$@" | tee "$dir/status-$(echo "$*" | tr ' ' '_').txt" | wc -l)
  end=$(date +%s%N)
  printf '  %-34s %d ms, %d lines\n' "warren status $*" $(((end - start) / 1000000)) "$lines"
}
look() {
  echo "-- $1 (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  echo "  $(heap)"
  timed "GET /api/jobs" "$api/jobs"
  timed "GET /api/jobs/big?tasks=200" "$api/jobs/big?tasks=200"
  timed "GET /api/jobs/big/timeline" "$api/jobs/big/timeline"
  timed "GET /api/jobs/big" "$api/jobs/big"
  status_cli big
}
echo "  heap before it: $(heap)"
submit big big >/dev/null
start=$(date +%s)
until curl -sf "$api/jobs/big?tasks=0" >/dev/null; do sleep 0.5; done
next=$((start + sample))
while :; do
  s=$(curl -s "$api/jobs" | python3 -c 'import json,sys; j=[j for j in json.load(sys.stdin) if j["jobId"]=="big"][0]; print(j["state"], j["mapsDone"], j["maps"])')
  case "$s" in SUCCEEDED*|FAILED*|CANCELLED*) break ;; esac
  if [ "$(date +%s)" -ge "$next" ]; then look "while it runs, $(($(date +%s) - start)) s in: $s (state, maps done, maps)"; next=$(($(date +%s) + sample)); fi
  sleep 1
done
echo "  ended after $(($(date +%s) - start)) s: $s"
look "after it ended"
status_cli big --all
