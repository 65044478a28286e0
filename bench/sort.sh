#!/usr/bin/env bash
# Sorting gensort-style 100-byte records by their 10-byte key: Warren (local mode, 2 workers, --total-order, the
# built-in sort app) against GNU sort --parallel=2 (LC_ALL=C, whole lines, which orders the keys too), a plain
# two-thread Java sort and Spark's sortByKey in local[2] (when bench/spark is built), on the same files; then the
# same with 30% of the records on three keys. Every output is checked valsort-style (order across mr-out-0..R-1,
# record count, a checksum equal to the input's). Prints each run's wall time, peak memory and the load average
# before it, then the ratios.
# Usage: bench/sort.sh [RECORDS=10737418 (1 GiB)] [FILES=16] [REDUCES=8]
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

variant uniform 0
variant skewed 0.3
awk '/ s / {t[$1]=$2} END {
  printf "warren / gnu sort (uniform) = %.2f (target <= 1.0)\n", t["warren-uniform"]/t["gnu-sort-uniform"];
  printf "warren / plain java (uniform) = %.2f\n", t["warren-uniform"]/t["plain-java-uniform"];
  if (t["spark-uniform"]) printf "spark sortByKey / warren (uniform) = %.2f (target >= 3)\n", t["spark-uniform"]/t["warren-uniform"];
  printf "warren skewed / uniform = %.2f (target <= 1.2)\n", t["warren-skewed"]/t["warren-uniform"] }' "$results"
