#!/usr/bin/env bash
# A streaming job side by side with the shell pipeline it replaces: the Python word count of examples/streaming
# (map.py, reduce.py) over one input of real text, run as
#   cat input/* | python3 map.py | LC_ALL=C sort | python3 reduce.py      pinned to one core (taskset -c 0)
# and as a Warren streaming job on a coordinator and WORKERS workers (default 2) over RabbitMQ, alternating, ROUNDS
# times (default 2). Each round prints both wall times (GNU time), their ratio and the load average before it, and the
# CPU time each side used (user + system, children included: the pipeline's processes from GNU time, the fleet's JVMs
# and their Python processes from /proc/PID/stat), which holds on a busy machine where wall times do not: the CPU
# ratio says what two idle cores would give. The outputs are compared line for line after sorting, and the script
# exits 1 on a mismatch or a failed run.
#
# Usage: WARREN_CORPUS=DIR bench/streaming.sh
#   WARREN_CORPUS     directory of *.txt books (Project Gutenberg plain text) the input is built from (required)
#   FILES, SIZE_MB    the input: FILES files of SIZE_MB MiB (default 64 x 16 = 1 GiB), built by CorpusBuild (SEED, 42)
#   ROUNDS            pipeline-then-Warren rounds (default 2); WORKERS fleet workers (default 2); REDUCES (default 4)
#   COMBINER          1 (default): Warren runs reduce.py as the combiner too; 0: no combiner, like the pipeline
#   LOCAL             1: Warren runs as `warren run --workers WORKERS` (local mode: one JVM, no broker) instead of a fleet
#   PYTHON            the interpreter both sides run (default python3)
#   WARREN_AMQP_URI   the broker (default amqp://guest:guest@localhost:5672); the run uses its own topology prefix
#   WARREN_BENCH_DIR  data, outputs and logs (default /tmp/warren-bench-streaming)
set -euo pipefail
shopt -s inherit_errexit
root=$(cd "$(dirname "$0")/.." && pwd)
die() { echo "streaming: $*" >&2; exit 2; }

files=${FILES:-64}
size_mb=${SIZE_MB:-16}
seed=${SEED:-42}
rounds=${ROUNDS:-2}
workers=${WORKERS:-2}
reduces=${REDUCES:-4}
combiner=${COMBINER:-1}
local_mode=${LOCAL:-0}
python=${PYTHON:-python3}
dir=${WARREN_BENCH_DIR:-/tmp/warren-bench-streaming}
storage="$dir/storage"
logs="$dir/logs"
[ -n "${WARREN_CORPUS:-}" ] && [ -d "$WARREN_CORPUS" ] || die "set WARREN_CORPUS to a directory of *.txt books"
[ -x /usr/bin/time ] || die "needs GNU time at /usr/bin/time (Debian: apt-get install time)"
command -v taskset >/dev/null || die "needs taskset (util-linux)"
command -v "$python" >/dev/null || die "needs $python"
mkdir -p "$storage/out" "$logs" "$dir/tmp"
java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java"
examples="$root/examples/streaming/wordcount"

# --- builds: the bench jar (CorpusBuild) and a copy of the distribution ---------------------------------------------
bench_jar="$root/bench/target/warren-bench.jar"
if [ ! -f "$bench_jar" ] || [ -n "$(find "$root/bench/pom.xml" "$root/bench/src/main" -newer "$bench_jar" -print -quit)" ]; then
  (cd "$root" && ./mvnw -q -B -DskipTests package -pl bench -am)
fi
# shellcheck source=bench/copy-dist.sh
. "$root/bench/copy-dist.sh"
copy_dist "$dir" streaming-warren
warren="$root/warren"

input="corpus-${files}x${size_mb}m-s$seed"
if [ ! -d "$storage/$input" ]; then
  echo "building $input from $WARREN_CORPUS" >&2
  rm -rf "$storage/$input.partial"
  "$java_cmd" -cp "$bench_jar:$root/bench/target/lib/*" io.warren.bench.CorpusBuild "$WARREN_CORPUS" \
      "$storage/$input.partial" "$files" "$size_mb" "$seed" >&2
  mv "$storage/$input.partial" "$storage/$input"
fi

export WARREN_AMQP_URI=${WARREN_AMQP_URI:-amqp://guest:guest@localhost:5672}
export WARREN_TOPOLOGY_PREFIX="streaming-$$"
export WARREN_STORAGE="$storage"
export WARREN_HTTP_PORT=0
results="$dir/results-$$.txt"
: > "$results"
failed=0
say() { echo "$*" | tee -a "$results"; }

pids=()
stop_fleet() {
  local pid
  for pid in "${pids[@]:1}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]:1}"; do wait "$pid" 2>/dev/null || true; done
  [ ${#pids[@]} -eq 0 ] || { kill -TERM "${pids[0]}" 2>/dev/null || true; wait "${pids[0]}" 2>/dev/null || true; }
  pids=()
}
trap stop_fleet EXIT
trap 'exit 130' INT TERM

start_fleet() {
  rm -rf "$storage/.warren"
  "$warren" coordinator >"$logs/coordinator.log" 2>&1 &
  pids=($!)
  local i waited=0
  for i in $(seq 1 "$workers"); do
    "$warren" worker >"$logs/worker-$i.log" 2>&1 &
    pids+=($!)
  done
  until grep -q "coordinator started" "$logs/coordinator.log" && [ "$(cat "$logs"/worker-*.log | grep -c 'started: slots')" -ge "$workers" ]; do
    sleep 0.2
    waited=$((waited + 1))
    [ $waited -lt 600 ] || die "the fleet did not start within 2 minutes; see $logs"
  done
}

cpu() { # pids...: the CPU seconds (user + system, waited-for children included) these processes have used so far
  local pid total=0
  for pid in "$@"; do
    total=$(awk -v t="$total" -v hz="$(getconf CLK_TCK)" '{print t + ($14 + $15 + $16 + $17) / hz}' "/proc/$pid/stat")
  done
  echo "$total"
}

same() { # name reference output-files...
  local name=$1 ref=$2
  shift 2
  cat "$@" | LC_ALL=C sort > "$dir/got.sorted"
  if cmp -s "$ref" "$dir/got.sorted"; then
    say "ok  $name: identical to the pipeline's output ($(wc -l < "$ref") lines)"
  else
    say "!! $name: OUTPUT DIFFERS from the pipeline's"
    failed=1
  fi
}

say "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $("$python" --version 2>&1), $("$java_cmd" -version 2>&1 | head -n 1)"
git -C "$root" rev-parse --git-dir >/dev/null 2>&1 && say "source: $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD 2>/dev/null || echo ' with uncommitted changes')"
say "input: $input ($(( $(cat "$storage/$input"/* | wc -c) >> 20 )) MiB in $files files); workers: $workers; reduces: $reduces; combiner: $combiner; local mode: $local_mode"

[ "$local_mode" = 1 ] || start_fleet
streaming=(--mapper "$python map.py" --reducer "$python reduce.py" --file "$examples/map.py" --file "$examples/reduce.py")
[ "$combiner" = 1 ] && streaming+=(--combiner "$python reduce.py")
for round in $(seq 1 "$rounds"); do
  say "round $round: load average before the pipeline $(cut -d ' ' -f 1-3 /proc/loadavg)"
  /usr/bin/time -f "%e %M %U %S" -o "$dir/time.txt" taskset -c 0 sh -c \
      "cat '$storage/$input'/* | $python '$examples/map.py' 2>/dev/null | LC_ALL=C sort -T '$dir/tmp' | $python '$examples/reduce.py' 2>/dev/null > '$dir/pipeline.txt'" \
      || { say "!! the pipeline failed"; exit 1; }
  read -r pipe_secs pipe_rss pipe_user pipe_sys < "$dir/time.txt"
  pipe_cpu=$(awk -v u="$pipe_user" -v s="$pipe_sys" 'BEGIN {print u + s}')
  LC_ALL=C sort "$dir/pipeline.txt" > "$dir/pipeline.sorted"
  say "run pipeline (one core)      $pipe_secs s wall, $pipe_cpu s CPU"
  say "round $round: load average before Warren $(cut -d ' ' -f 1-3 /proc/loadavg)"
  rm -rf "$storage/out/streaming"
  if [ "$local_mode" = 1 ]; then
    # One JVM (coordinator and workers) in the storage directory, which local mode takes paths from; GNU time counts
    # its Python children, which it waits for.
    (cd "$storage" && /usr/bin/time -f "%e %M %U %S" -o "$dir/time.txt" "$warren" run "${streaming[@]}" --input "$input" \
        --output out/streaming --reduces "$reduces" --workers "$workers" >"$logs/run-$round.log" 2>&1) \
        || { say "!! the Warren job failed: $(tail -n 1 "$logs/run-$round.log")"; exit 1; }
    read -r warren_secs warren_rss warren_user warren_sys < "$dir/time.txt"
    warren_cpu=$(awk -v u="$warren_user" -v s="$warren_sys" 'BEGIN {print u + s}')
    say "run warren run --workers $workers (local mode) $warren_secs s wall, $warren_cpu s CPU (the JVM and its processes)"
  else
    cpu_before=$(cpu "${pids[@]}")
    /usr/bin/time -f "%e %M" -o "$dir/time.txt" "$warren" submit "${streaming[@]}" --input "$input" \
        --output out/streaming --reduces "$reduces" --wait >"$logs/submit-$round.log" 2>&1 \
        || { say "!! the Warren job failed: $(tail -n 1 "$logs/submit-$round.log")"; exit 1; }
    read -r warren_secs warren_rss < "$dir/time.txt"
    warren_cpu=$(awk -v a="$cpu_before" -v b="$(cpu "${pids[@]}")" 'BEGIN {print b - a}')
    say "run warren ($workers workers)        $warren_secs s wall, $warren_cpu s CPU (coordinator, workers and their processes)"
  fi
  same "warren round $round" "$dir/pipeline.sorted" "$storage/out/streaming"/mr-out-*
  say "round $round: warren is $(awk -v p="$pipe_secs" -v w="$warren_secs" 'BEGIN {printf "%.2f", p / w}')x faster than the pipeline (target 1.7x); load average after $(cut -d ' ' -f 1-3 /proc/loadavg)"
  say "round $round: CPU: warren used $(awk -v p="$pipe_cpu" -v w="$warren_cpu" 'BEGIN {printf "%.2f", w / p}')x the pipeline's; on $workers idle cores that is $(awk -v p="$pipe_cpu" -v w="$warren_cpu" -v n="$workers" 'BEGIN {printf "%.2f", p / (w / n)}')x faster at best"
done
echo "results: $results"
exit $failed
