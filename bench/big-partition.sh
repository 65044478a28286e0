#!/usr/bin/env bash
# Bounded memory: one reduce partition of SIZE_MB (default 2048) in a JVM with a 256 MiB heap. grep with pattern "."
# sends every line of one generated file to a single key of a single partition; local mode runs the coordinator and
# one worker in that same small JVM. Prints wall time and peak RSS, and checks the output line count.
# Usage: bench/big-partition.sh [SIZE_MB=2048]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
size_mb=${1:-2048}
dir=${WARREN_BENCH_DIR:-/tmp/warren-bench}/big-partition
cp="$root/bench/target/warren-bench.jar:$root/bench/target/lib/*"
[ -f "$root/bench/target/warren-bench.jar" ] || (cd "$root" && ./mvnw -q -B -DskipTests install -pl bench -am)
"$root/warren" --version >/dev/null
[ -f "$dir/in/part-0000.txt" ] || java -cp "$cp" io.warren.bench.TextGen "$dir/in" "$size_mb" 1
rm -rf "$dir/out"
cd "$dir"
WARREN_JAVA_OPTS="-Xmx256m" /usr/bin/time -f "%e s wall, %M KB max RSS (heap limit 256 MiB)" \
  "$root/warren" run --app grep --param 'pattern=.' --input in --output out --reduces 1 --workers 1 --sort-buffer 32m
echo "input lines:  $(wc -l < in/part-0000.txt)"
echo "output lines: $(wc -l < out/mr-out-0)   output bytes: $(stat -c %s out/mr-out-0)"
