#!/usr/bin/env bash
# Sorting gensort-style 100-byte records by their 10-byte key: Warren (local mode, 2 workers, --total-order, the
# built-in sort app) against GNU sort --parallel=2 (LC_ALL=C, whole lines, which orders the keys too), a plain
# two-thread Java sort and Spark's sortByKey in local[2] (when bench/spark is built), on the same files; then the
# same with 30% of the records on three keys. Every output is checked valsort-style (order across mr-out-0..R-1,
# record count, a checksum equal to the input's). Prints each run's wall time, peak memory and the load average
# before it, then the ratios. With FLEET=1 the uniform records are also sorted by a fleet (a coordinator and 2 workers
# on the local RabbitMQ, default settings, `warren submit --wait`), each worker under /usr/bin/time for its peak RSS.
# Usage: [FLEET=1] bench/sort.sh [RECORDS=10737418 (1 GiB)] [FILES=16] [REDUCES=8]
# Data goes to WARREN_BENCH_DIR (default /tmp/warren-bench).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
records=${1:-10737418}
files=${2:-16}
reduces=${3:-8}
dir=${WARREN_BENCH_DIR:-/tmp/warren-bench}
cp="$root/bench/target/warren-bench.jar:$root/bench/target/lib/*"
[ -f "$root/bench/target/warren-bench.jar" ] || (cd "$root" && ./mvnw -q -B -DskipTests package -pl bench -am)
"$root/warren" --version >/dev/null   # builds the distribution if needed
. "$root/bench/spark-lib.sh"          # spark_jar, spark_opens: Spark's sortByKey runs too when bench/spark is built
mkdir -p "$dir"
results="$dir/sort-results-$$.txt"
: > "$results"

measure() { # name, command...
  local name=$1; shift
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f "%e %M" -o "$dir/time.txt" "$@" >/dev/null 2>"$dir/$name.log"
  read -r secs rss < "$dir/time.txt"
  printf '%-22s %8.2f s  %8d KB max RSS  load %s\n' "$name" "$secs" "$rss" "$load" | tee -a "$results"
}

check() { # name, input summary, files... : order, count and checksum
  local name=$1 want=$2; shift 2
  local got; got=$(java -cp "$cp" io.warren.bench.ValSort 10 "$@") || { echo "$name: OUTPUT NOT SORTED: $got"; exit 1; }
  [ "${got% ordered}" = "$want" ] || { echo "$name: OUTPUT DIFFERS: $got, input $want"; exit 1; }
  echo "$name: checked, $got"
}

variant() { # name, hot share
  local name=$1 hot=$2 data="$dir/gensort-$records-$1"
  [ -d "$data" ] || java -cp "$cp" io.warren.bench.GenSort "$data" "$records" "$files" 42 "$hot"
  local inputs=("$data"/part-*)
  local want; want=$(java -cp "$cp" io.warren.bench.ValSort --unordered 10 "${inputs[@]}")

  rm -rf "$dir/out-warren"
  measure "warren-$name" "$root/warren" run --workers 2 --app sort --param key-bytes=10 --total-order \
    --reduces "$reduces" --input "$data" --output "$dir/out-warren"
  local parts=(); for r in $(seq 0 $((reduces - 1))); do parts+=("$dir/out-warren/mr-out-$r"); done
  check "warren-$name" "$want" "${parts[@]}"
  local sizes; sizes=$(for p in "${parts[@]}"; do wc -l < "$p"; done | tr "\n" " ")
  echo "warren-$name: records per reduce: $sizes" | tee -a "$results"

  if [ "${FLEET:-0}" = 1 ] && [ "$name" = uniform ]; then fleet "$name" "$data" "$want"; fi

  measure "gnu-sort-$name" env LC_ALL=C sort --parallel=2 -S 3G -o "$dir/out-gnu" "${inputs[@]}"
  check "gnu-sort-$name" "$want" "$dir/out-gnu"

  measure "plain-java-$name" java -Xmx4g -cp "$cp" io.warren.bench.PlainSort 2 10 "$dir/out-plain" "${inputs[@]}"
  check "plain-java-$name" "$want" "$dir/out-plain"
  rm -f "$dir/out-gnu" "$dir/out-plain"

  if [ -f "$spark_jar" ]; then
    rm -rf "$dir/out-spark"
    # shellcheck disable=SC2086
    measure "spark-$name" java $spark_opens -cp "$spark_jar:$root/bench/spark/target/lib/*" \
      io.warren.bench.spark.SparkSort "local[2]" 10 "$reduces" "$data" "$dir/out-spark"
    check "spark-$name" "$want" "$dir"/out-spark/part-*
    rm -rf "$dir/out-spark"
  else
    echo "note: Spark skipped: bench/spark is not built (./mvnw -q -B -f bench/spark/pom.xml package)" | tee -a "$results"
  fi
}

# The same sort on a fleet: a coordinator and 2 workers (one slot each, default JVM options), the storage root the
# data's directory; each worker runs under /usr/bin/time and is stopped with SIGTERM after the job, for its peak RSS.
fleet() { # name data want
  local name=$1 data=$2 want=$3 pids=() w
  local storage; storage=$(dirname "$data")
  rm -rf "$storage/out-fleet" "$dir/fleet-workers.log"
  WARREN_STORAGE="$storage" WARREN_TOPOLOGY_PREFIX="bench-sort-$$" "$root/warren" coordinator \
    >"$dir/fleet-coordinator.log" 2>&1 & pids+=($!)
  for w in 1 2; do
    WARREN_STORAGE="$storage" WARREN_TOPOLOGY_PREFIX="bench-sort-$$" /usr/bin/time -f "%M" -o "$dir/fleet-rss-$w.txt" \
      "$root/warren" worker >>"$dir/fleet-workers.log" 2>&1 & pids+=($!)
  done
  until grep -q "coordinator started" "$dir/fleet-coordinator.log" \
      && [ "$(grep -c 'started: slots' "$dir/fleet-workers.log")" -ge 2 ]; do sleep 0.2; done
  measure "fleet-$name" env WARREN_STORAGE="$storage" WARREN_TOPOLOGY_PREFIX="bench-sort-$$" "$root/warren" submit \
    --app sort --param key-bytes=10 --total-order --reduces "$reduces" --input "$(basename "$data")" --output out-fleet \
    --wait
  # The launcher execs its JVM, so each worker's JVM is its time's child: SIGTERM it, and time writes its peak RSS.
  for w in 1 2; do pkill -TERM -P "${pids[$w]}" 2>/dev/null || true; done
  kill "${pids[0]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
  local parts=(); for r in $(seq 0 $((reduces - 1))); do parts+=("$storage/out-fleet/mr-out-$r"); done
  check "fleet-$name" "$want" "${parts[@]}"
  for w in 1 2; do
    printf 'fleet worker %d peak RSS %8d KB (target 512 MiB = 524288 KB)\n' "$w" "$(tail -1 "$dir/fleet-rss-$w.txt")" \
      | tee -a "$results"
  done
  rm -rf "$storage/out-fleet"
}

variant uniform 0
variant skewed 0.3
awk '/ s / {t[$1]=$2} END {
  printf "warren / gnu sort (uniform) = %.2f (target <= 1.0)\n", t["warren-uniform"]/t["gnu-sort-uniform"];
  printf "warren / plain java (uniform) = %.2f\n", t["warren-uniform"]/t["plain-java-uniform"];
  if (t["spark-uniform"]) printf "spark sortByKey / warren (uniform) = %.2f (target >= 3)\n", t["spark-uniform"]/t["warren-uniform"];
  printf "warren skewed / uniform = %.2f (target <= 1.2)\n", t["warren-skewed"]/t["warren-uniform"] }' "$results"
