#!/usr/bin/env bash
# End-to-end wordcount on generated Zipf text: plain Java with 1 and 2 threads against Warren with 1 and 2 workers
# (coordinator, workers and RabbitMQ on this machine). Prints each run's wall time and peak memory (/usr/bin/time),
# then the ratios. Usage: bench/wordcount.sh [SIZE_MB=1024] [FILES=16]
# Needs a RabbitMQ at WARREN_AMQP_URI (default localhost). Data goes to WARREN_BENCH_DIR (default /tmp/warren-bench).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
size_mb=${1:-1024}
files=${2:-16}
dir=${WARREN_BENCH_DIR:-/tmp/warren-bench}
storage="$dir/storage"
data="data-${size_mb}m"
cp="$root/bench/target/warren-bench.jar:$root/bench/target/lib/*"
[ -f "$root/bench/target/warren-bench.jar" ] || (cd "$root" && ./mvnw -q -B -DskipTests install -pl bench -am)
"$root/warren" --version >/dev/null   # builds the distribution if needed
mkdir -p "$storage"
[ -d "$storage/$data" ] || java -cp "$cp" io.warren.bench.TextGen "$storage/$data" "$size_mb" "$files"
export WARREN_AMQP_URI=${WARREN_AMQP_URI:-amqp://guest:guest@localhost:5672}
export WARREN_TOPOLOGY_PREFIX="bench-$$"
export WARREN_STORAGE="$storage"
export WARREN_JAVA_OPTS=${WARREN_JAVA_OPTS:-"-Xmx1g"}
results="$dir/results-$$.txt"
: > "$results"

measure() { # name, command...
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$dir/time.txt" "$@" >/dev/null 2>"$dir/$name.log"
  read -r secs rss < "$dir/time.txt"
  printf '%-16s %8.2f s  %8d KB max RSS\n' "$name" "$secs" "$rss" | tee -a "$results"
}

plain() { # threads
  rm -f "$dir/plain.out"
  measure "plain-$1-thread" java -Xmx2g -cp "$cp" io.warren.bench.PlainWordCount "$1" "$storage/$data" "$dir/plain.out"
}

warren() { # workers
  local n=$1 pids=()
  "$root/warren" coordinator >"$dir/coordinator.log" 2>&1 & pids+=($!)
  for _ in $(seq 1 "$n"); do "$root/warren" worker >>"$dir/workers.log" 2>&1 & pids+=($!); done
  until grep -q "coordinator started" "$dir/coordinator.log" && [ "$(grep -c 'started: slots' "$dir/workers.log")" -ge "$n" ]; do sleep 0.2; done
  rm -rf "$storage/out-$n"
  measure "warren-$n-worker" "$root/warren" submit --app wordcount --input "$data" --output "out-$n" --reduces 4 --wait
  kill "${pids[@]}"; wait "${pids[@]}" 2>/dev/null || true
  : > "$dir/workers.log"
}

plain 1
plain 2
warren 1
warren 2
sort "$dir/plain.out" > "$dir/plain.sorted"
cat "$storage/out-2"/mr-out-* | sort > "$dir/warren.sorted"
cmp -s "$dir/plain.sorted" "$dir/warren.sorted" && echo "outputs identical" || { echo "OUTPUTS DIFFER"; exit 1; }
awk '{t[$1]=$2} END {
  printf "warren-2 / plain-2 = %.2f (target <= 1.5)\n", t["warren-2-worker"]/t["plain-2-thread"];
  printf "warren-1 / warren-2 = %.2f (target >= 1.7)\n", t["warren-1-worker"]/t["warren-2-worker"];
  printf "plain-1 / plain-2  = %.2f\n", t["plain-1-thread"]/t["plain-2-thread"] }' "$results"
