#!/usr/bin/env bash
# Small files: the same word count over FILES small files and over one file of the same bytes, with default settings
# (split size 64 MiB, 8 reduces), on one fleet of a coordinator and 2 workers. The text is generated (seeded, Zipf
# words) as one file, then cut at line ends into FILES files of log-uniform sizes, so both inputs hold exactly the
# same lines. Prints each job's map tasks and time (submission to success, from the job's record), the ratio, the
# coordinator's planning time for the small files (from its log), and checks that both outputs are identical.
#
# Usage: [SIZE_MB=100] [SLOTS=1] [KEEP=1] bench/small-files.sh [FILES]      (default: 40000)
#   SIZE_MB      bytes of text in each input (default 100)
#   SLOTS        slots per worker (default 1)
#   KEEP         keep the logs, job records and outputs (their directories are printed)
#   WARREN_DIST  another build's cli/target to measure (default this tree's, built if needed)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
files=${1:-40000}
size_mb=${SIZE_MB:-100}
slots=${SLOTS:-1}
dir=${WARREN_BENCH_DIR:-/tmp/warren-bench}/small-files-$$
data=${WARREN_BENCH_DIR:-/tmp/warren-bench}/small-files-$size_mb-$files   # the storage root; its inputs are kept for the next run
cp="$root/bench/target/warren-bench.jar:$root/bench/target/lib/*"
[ -f "$root/bench/target/warren-bench.jar" ] || (cd "$root" && ./mvnw -q -B -DskipTests package -pl bench -am)

if [ ! -f "$data/.generated" ]; then
  rm -rf "$data" && mkdir -p "$data/small"
  java -cp "$cp" io.warren.bench.TextGen "$data/one" "$size_mb" 1 42 >/dev/null
  python3 - "$data/one/part-0000.txt" "$data/small" "$files" <<'PY'
import math, os, random, sys
source, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
random.seed(7)
lines = open(source, "rb").read().splitlines(keepends=True)
# Log-uniform weights over three orders of magnitude, scaled so that the files take every line: most files are a
# few hundred bytes, some are tens of kilobytes.
weights = [math.exp(random.uniform(0, math.log(1000))) for _ in range(count)]
scale = len(lines) / sum(weights)
start = 0
for i, w in enumerate(weights):
    take = max(1, round(w * scale)) if i < count - 1 else len(lines) - start
    take = min(take, len(lines) - start - (count - 1 - i))  # leave a line for every file still to come
    sub = os.path.join(out, f"{i // 1000:03d}")            # 1,000 files a directory, as stores of many files are
    os.makedirs(sub, exist_ok=True)
    with open(os.path.join(sub, f"{i:06d}.txt"), "wb") as f:
        f.writelines(lines[start:start + take])
    start += take
assert start == len(lines), (start, len(lines))
PY
  touch "$data/.generated"
fi
echo "input: $(find "$data/small" -type f | wc -l) files and 1 file, $(du -sb "$data/one" | cut -f1) bytes each"

mkdir -p "$dir"
rm -rf "$data"/out-* "$data/.warren"
export WARREN_AMQP_URI=${WARREN_AMQP_URI:-amqp://guest:guest@localhost:5672}
export WARREN_TOPOLOGY_PREFIX="bench-$$"
export WARREN_STORAGE="$data"
export WARREN_LOG_LEVEL=WARN

. "$root/bench/copy-dist.sh"
copy_dist "$dir" small-files-warren
warren=$root/warren

pids=()
cleanup() {
  kill "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true
  [ -n "${KEEP:-}" ] && echo "kept: $dir, $data" || rm -rf "$dir" "$data"/out-* "$data/.warren"
}
trap cleanup EXIT
WARREN_LOG_LEVEL=INFO "$warren" coordinator --http-port 0 >"$dir/coordinator.log" 2>&1 & pids+=($!)
"$warren" worker --slots "$slots" >"$dir/worker1.log" 2>&1 & pids+=($!)
"$warren" worker --slots "$slots" >"$dir/worker2.log" 2>&1 & pids+=($!)
sleep 3   # let the JVMs start (set-up, not measured)

run() { # job id, input
  "$warren" submit --job-id "$1" --app wordcount --input "$2" --output "out-$1" --wait >"$dir/submit-$1.log" 2>&1 \
    || { cat "$dir/submit-$1.log"; exit 1; }
  "$warren" status "$1" --json > "$dir/job-$1.json"
}
seconds() { # job id
  python3 - "$dir/job-$1.json" <<'PY'
import json, sys
from datetime import datetime
job = json.load(open(sys.argv[1]))
t = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
maps_done = max(t(m["finishedAt"]) for m in job["maps"])
total = (t(job["finishedAt"]) - t(job["submittedAt"])).total_seconds()
print(f'{total:.2f} {len(job["maps"])} {(maps_done - t(job["submittedAt"])).total_seconds():.2f}'
      f' {(t(job["finishedAt"]) - maps_done).total_seconds():.2f}')
PY
}
run warm-up-one one                  # JIT and page cache for both jobs' code paths (planning 40,000 files among
run warm-up-small 'small/*/*.txt'    # them, on a coordinator that runs for long); not measured
rm -rf "$data"/out-warm-up-*
run one one
run small 'small/*/*.txt'
load=$(cut -d' ' -f1-3 /proc/loadavg)
read -r one_secs one_maps one_map_secs one_reduce_secs < <(seconds one)
read -r small_secs small_maps small_map_secs small_reduce_secs < <(seconds small)
cat "$data/out-one"/mr-out-* | sort > "$dir/one.sorted"
cat "$data/out-small"/mr-out-* | sort > "$dir/small.sorted"
if cmp -s "$dir/one.sorted" "$dir/small.sorted"; then same="identical"; else same="DIFFERENT"; fi
planning=$(grep -o 'job=small [^"]*admitted[^"]*' "$dir/coordinator.log" | head -1 || true)
echo "one file:    $one_maps map tasks, $one_secs s (map phase $one_map_secs s, then reduces $one_reduce_secs s)"
echo "small files: $small_maps map tasks, $small_secs s (map phase $small_map_secs s, then reduces $small_reduce_secs s)"
python3 -c "print(f'ratio small/one: {$small_secs / $one_secs:.2f}')"
echo "outputs: $same ($(wc -l < "$dir/one.sorted") words); load average $load"
[ -z "$planning" ] || echo "coordinator: $planning"
[ "$same" = identical ]
