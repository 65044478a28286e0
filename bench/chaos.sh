#!/usr/bin/env bash
# Poison detection under chaos (issue 15), on this machine's RabbitMQ:
#   1. JOBS (default 20) word-count jobs (the probe app: 48 files, a 250 ms pause per task, 4 reduces) on 3 workers, one
#      of them SIGKILLed at random every 0.7 s and replaced at once (--task-timeout 5s, as ChaosIT);
#   2. CRASH_RUNS (default 10) runs of the MIT 6.5840 lab 1 crash test: examples/crash (a third of map and reduce calls
#      exit the worker process, a third stall for up to 10 s) as a user's job jar, on the lab's input (CORPUS, the
#      pg-*.txt books; default examples/books) with 10 reduces, every setting at its default, three workers each
#      restarted in a loop (a second after it exits), as the lab's test-mr.sh does.
# Every output is compared with a sequential computation (Python). Prints one line per job and a summary.
# The kills are as the issue words them: every PERIOD seconds (default 0.7) a random one of the 3 workers, however
# young. On a busy machine, where a JVM takes seconds to start, CHAOS_CLOCK=first-task starts each worker's clock at
# its first finished task instead (as ChaosIT does; see bench/fleet-lib.sh), or the fleet only starves.
# Usage: [CHAOS_CLOCK=fixed|first-task] [PERIOD=0.7] bench/chaos.sh [JOBS=20] [CRASH_RUNS=10] [CORPUS=examples/books]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=${1:-20}
crash_runs=${2:-10}
corpus=$(cd "${3:-$root/examples/books}" && pwd)
dir=${WARREN_BENCH_DIR:-$(mktemp -d)}/chaos-$$
mkdir -p "$dir/storage/jobs" "$dir/logs"
export WARREN_AMQP_URI=${WARREN_AMQP_URI:-amqp://guest:guest@localhost:5672}
export WARREN_TOPOLOGY_PREFIX="bench-chaos-$$"
export WARREN_STORAGE="$dir/storage"
export WARREN_LOG_LEVEL=${WARREN_LOG_LEVEL:-INFO}
. "$root/bench/copy-dist.sh"
copy_dist "$dir" chaos-warren
warren=$root/warren
. "$root/bench/fleet-lib.sh"

# The crash app as a user's job jar.
build_crash_jar "$dir/storage/jobs/crash.jar"

pids=()
cleanup() { touch "$dir/stop"; kill "${pids[@]}" 2>/dev/null || true; kill_workers; wait 2>/dev/null || true; }
trap cleanup EXIT
results="$dir/results.txt"
: > "$results"

coordinator() { # log, args...
  local log=$1; shift
  "$warren" coordinator --http-port 0 "$@" >"$log" 2>&1 & pids+=($!)
  until grep -q "coordinator started" "$log"; do sleep 0.2; done
}

# 1. Fleet-wide SIGKILL chaos.
gen_text "$dir/storage/in" 48 200 15
reference probe "$dir/storage" 'in/*.txt' > "$dir/probe.expected"
coordinator "$dir/logs/coordinator-chaos.log" --task-timeout 5s
rm -f "$dir/stop"
echo 0 > "$dir/kills"
export CHAOS_CLOCK=${CHAOS_CLOCK:-fixed}
chaos_fleet 3 "${PERIOD:-0.7}" "$dir/stop" "$dir/kills" & pids+=($!)
for n in $(seq 1 "$jobs"); do
  start=$(date +%s.%N); k0=$(cat "$dir/kills")
  if "$warren" submit --job-id "chaos-$n" --app io.warren.apps.probe.Probe --input 'in/*.txt' --output "out/chaos-$n" \
      --reduces 4 --param mapDelayMillis=250 --param reduceDelayMillis=250 --wait --timeout 15m \
      >"$dir/logs/submit-chaos-$n.log" 2>&1; then state=SUCCEEDED; else state="FAILED($(tail -1 "$dir/logs/submit-chaos-$n.log"))"; fi
  same_output "$dir/storage/out/chaos-$n" "$dir/probe.expected" && out=identical || out=DIFFERENT
  printf 'chaos %2d: %s, output %s, %.0f s, %d kills, %s, load %s\n' "$n" "$state" "$out" \
    "$(echo "$(date +%s.%N) - $start" | bc)" $(( $(cat "$dir/kills") - k0 )) "$(lost_runs "$dir/storage" "chaos-$n")" \
    "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$results"
done
touch "$dir/stop"; wait "${pids[-1]}" 2>/dev/null || true
kill "${pids[0]}" 2>/dev/null || true; wait "${pids[0]}" 2>/dev/null || true
pids=()

# 2. The lab's crash test, default settings.
coordinator "$dir/logs/coordinator-crash.log"
mkdir -p "$dir/storage/books"
cp "$corpus"/pg-*.txt "$dir/storage/books/"
reference crash "$dir/storage" 'books/pg-*.txt' > "$dir/crash.expected"
rm -f "$dir/stop"
for w in 1 2 3; do
  ( while [ ! -f "$dir/stop" ]; do
      "$warren" worker >>"$dir/logs/crash-worker-$w.log" 2>&1 & echo "$!" >> "$dir/worker.pids"; wait "$!" || true; sleep 1
    done ) & pids+=($!)
done
for n in $(seq 1 "$crash_runs"); do
  start=$(date +%s.%N); exits0=$(cat "$dir"/logs/crash-worker-*.log 2>/dev/null | grep -c "started: slots=" || true)
  if "$warren" submit --job-id "crash-$n" --jar jobs/crash.jar --app com.example.Crash --input 'books/pg-*.txt' \
      --output "out/crash-$n" --reduces 10 --wait --timeout 15m >"$dir/logs/submit-crash-$n.log" 2>&1; then
    state=SUCCEEDED; else state="FAILED($(tail -1 "$dir/logs/submit-crash-$n.log"))"; fi
  same_output "$dir/storage/out/crash-$n" "$dir/crash.expected" && out=identical || out=DIFFERENT
  starts=$(( $(cat "$dir"/logs/crash-worker-*.log | grep -c "started: slots=") - exits0 ))
  printf 'crash %2d: %s, output %s, %.0f s, %d worker starts, %s, load %s\n' "$n" "$state" "$out" \
    "$(echo "$(date +%s.%N) - $start" | bc)" "$starts" "$(lost_runs "$dir/storage" "crash-$n")" \
    "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$results"
done
touch "$dir/stop"
echo "summary: chaos $(grep -c '^chaos.*SUCCEEDED, output identical' "$results")/$jobs succeeded with identical output;" \
  "crash $(grep -c '^crash.*SUCCEEDED, output identical' "$results")/$crash_runs; logs in $dir" | tee -a "$results"
