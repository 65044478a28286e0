#!/usr/bin/env bash
# Object storage against local disk, side by side: the same 1 GiB word count in local mode (`warren run --workers 2`)
# with everything on a local directory, and with everything in a bucket of a real S3 server (s3proxy over a directory
# of the same disk, so the difference is the S3 path: HTTP, signing, ranged GETs, multipart uploads, listings). Then
# the small-objects case: SMALL objects against one object of the same bytes, both in the bucket. The two sides
# alternate within each round; every output is checked against the local run's, and the script exits 1 on a mismatch.
# Prints each run's wall time, CPU seconds and peak RSS with the load average before it, the CPU the S3 server used
# meanwhile (it runs on the same cores: its time is part of the S3 runs' wall time), the medians and the ratios.
#
# Usage: WARREN_CORPUS=DIR [FILES=64] [SIZE_MB=16] [REPEAT=3] [SMALL=10000] [PARTS="big small"] bench/s3.sh
#   WARREN_CORPUS     directory of *.txt books the input is built from (as bench/datapath.sh; required)
#   FILES, SIZE_MB    the input: FILES files of SIZE_MB MiB (default 64 x 16 = 1 GiB); SEED the corpus seed (42)
#   REPEAT            rounds (default 3); the median of each side is reported
#   SMALL             objects of the small-objects part (default 10000), cut at line ends from 100 MiB of the input
#   STORAGE_MODE      root (default): --storage s3://bucket, so intermediates, job state and output are in the
#                     bucket; paths: a local working directory with s3:// input and output only
#   WARM_SERVER       1 (default): one unmeasured job on the bucket first, so the S3 server (a fresh JVM) has
#                     compiled its request path, as a long-running endpoint has; 0: measure it cold
#   WARREN_BENCH_DIR  data and logs (default /tmp/warren-bench)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
die() { echo "s3: $*" >&2; exit 2; }
[ -n "${WARREN_CORPUS:-}" ] || die "set WARREN_CORPUS to a directory of *.txt books"
files=${FILES:-64}; size_mb=${SIZE_MB:-16}; seed=${SEED:-42}; repeat=${REPEAT:-3}; small=${SMALL:-10000}
parts=${PARTS:-big small}; mode=${STORAGE_MODE:-root}
base=${WARREN_BENCH_DIR:-/tmp/warren-bench}
dir=$base/s3-$$
mkdir -p "$dir"
cp="$root/bench/target/warren-bench.jar:$root/bench/target/lib/*"
[ -f "$root/bench/target/warren-bench.jar" ] || (cd "$root" && ./mvnw -q -B -DskipTests package -pl bench -am)
"$root/warren" --version >/dev/null   # builds the distribution if needed
. "$root/bench/copy-dist.sh"
copy_dist "$dir" s3-warren
warren=$root/warren

# The input, built once and kept (as bench/datapath.sh does).
input=$base/storage/corpus-${files}x${size_mb}m-s$seed
if [ ! -d "$input" ]; then
  java -cp "$cp" io.warren.bench.CorpusBuild "$WARREN_CORPUS" "$input.partial" "$files" "$size_mb" "$seed" >/dev/null
  mv "$input.partial" "$input"
fi

# s3proxy over a directory: a bucket is a directory, so the inputs are put in place by copying, not uploading.
jar=$(find ~/.m2/repository/org/gaul/s3proxy -name 's3proxy-*-jar-with-dependencies.jar' 2>/dev/null | head -1)
[ -n "$jar" ] || (cd "$root" && ./mvnw -q -B dependency:get -Dartifact=org.gaul:s3proxy:4.0.0:jar:jar-with-dependencies -Dtransitive=false)
jar=$(find ~/.m2/repository/org/gaul/s3proxy -name 's3proxy-*-jar-with-dependencies.jar' | head -1)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$dir/s3/bench" "$dir/local"
cat > "$dir/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench
s3proxy.credential=bench-secret
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$dir/s3
CONF
java -jar "$jar" --properties "$dir/s3proxy.conf" >"$dir/s3proxy.log" 2>&1 & s3pid=$!
trap 'kill $s3pid 2>/dev/null || true; wait $s3pid 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
export AWS_ENDPOINT_URL_S3=http://127.0.0.1:$port AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench-secret AWS_REGION=us-east-1
export WARREN_LOG_LEVEL=WARN

cp -r "$input" "$dir/s3/bench/corpus"
cp -r "$input" "$dir/local/corpus"
results=$dir/results.txt
: > "$results"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); source $(git -C "$root" rev-parse --short HEAD); mode $mode" | tee -a "$results"

server_cpu() { # user+sys clock ticks of the S3 server's JVM so far
  awk '{print $14 + $15}' "/proc/$s3pid/stat"
}
measure() { # name, command...: wall s, user+sys s, peak RSS, and the S3 server's CPU meanwhile (it shares the cores)
  local name=$1; shift
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  local before; before=$(server_cpu)
  /usr/bin/time -f "%e %U %S %M" -o "$dir/time.txt" "$@" >"$dir/$name.log" 2>&1 || { tail -20 "$dir/$name.log"; die "$name failed"; }
  read -r wall user sys rss < "$dir/time.txt"
  local server; server=$(awk "BEGIN {print ($(server_cpu) - $before) / $(getconf CLK_TCK)}")
  printf '%-16s %7.2f s  CPU %6.2f s  %7d KB max RSS  load %s  S3 server CPU %6.2f s\n' "$name" "$wall" \
    "$(awk "BEGIN {print $user + $sys}")" "$rss" "$load" "$server" | tee -a "$results"
}
sorted_out() { cat "$@" | LC_ALL=C sort; }
local_run() { # job id, input
  rm -rf "$dir/local/out-$1" "$dir/local/.warren"
  measure "$1" env -C "$dir/local" "$warren" run --workers 2 --app wordcount --input "$2" --output "out-$1"
}
s3_run() { # job id, input key
  if [ "$mode" = root ]; then
    measure "$1" "$warren" run --workers 2 --storage s3://bench --app wordcount --input "$2" --output "out-$1"
  else
    measure "$1" env -C "$dir/local" "$warren" run --workers 2 --app wordcount --input "s3://bench/$2" \
        --output "s3://bench/out-$1"
  fi
  [ -f "$dir/s3/bench/out-$1/_SUCCESS" ] || die "$1: no _SUCCESS in the bucket"
}
out_of() { # job id: its output directory, local or in the bucket
  if [ -d "$dir/local/out-$1" ]; then echo "$dir/local/out-$1"; else echo "$dir/s3/bench/out-$1"; fi
}
check() { # job id, reference job id
  cmp -s <(sorted_out "$(out_of "$1")"/mr-out-*) <(sorted_out "$(out_of "$2")"/mr-out-*) \
    || die "$1: OUTPUT DIFFERS from $2"
  echo "  ok $1: identical to $2" | tee -a "$results"
}

if [[ " $parts " == *" big "* ]]; then
  if [ "${WARM_SERVER:-1}" = 1 ]; then
    # The S3 server was just started: its JVM compiles its request path during its first job (6 of its 9 CPU seconds
    # in a profile of the first 1 GiB run). A real endpoint is a long-running service, so one unmeasured job warms it.
    measure "warm-server" "$warren" run --workers 2 --storage s3://bench --app wordcount --input "corpus/*.txt" \
      --output out-warm-server
    rm -rf "$dir/s3/bench/out-warm-server" "$dir/s3/bench/.warren"
  fi
  for r in $(seq 1 "$repeat"); do
    if [ $((r % 2)) = 1 ]; then local_run "local-$r" "corpus/*.txt"; s3_run "s3-$r" "corpus/*.txt"
    else s3_run "s3-$r" "corpus/*.txt"; local_run "local-$r" "corpus/*.txt"; fi
    check "s3-$r" "local-1"
    rm -rf "$dir"/s3/bench/out-s3-* "$dir"/local/out-local-[2-9]*
  done
fi

if [[ " $parts " == *" small "* ]]; then
  # 100 MiB of the input cut at line ends into SMALL objects (1,000 per prefix), and the same bytes as one object.
  mkdir -p "$dir/s3/bench/one" "$dir/s3/bench/small"
  python3 - "$input" "$dir/s3/bench" "$small" <<'PY'
import glob, os, sys
source, bucket, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = b""
for name in sorted(glob.glob(os.path.join(source, "*.txt"))):
    data += open(name, "rb").read()
    if len(data) >= 100 << 20: break
data = data[:data.rindex(b"\n", 0, 100 << 20) + 1]
open(os.path.join(bucket, "one", "all.txt"), "wb").write(data)
lines = data.splitlines(keepends=True)
per, extra = divmod(len(lines), count)
start = 0
for i in range(count):
    take = per + (1 if i < extra else 0)
    sub = os.path.join(bucket, "small", f"{i // 1000:03d}")
    os.makedirs(sub, exist_ok=True)
    with open(os.path.join(sub, f"{i:06d}.txt"), "wb") as f:
        f.writelines(lines[start:start + take])
    start += take
PY
  for r in $(seq 1 "$repeat"); do
    s3_run "one-$r" "one/all.txt"
    s3_run "small-$r" "small/*/*.txt"
    check "small-$r" "one-$r"
    rm -rf "$dir"/s3/bench/out-one-[2-9]* "$dir"/s3/bench/out-small-*
  done
fi

python3 - "$results" <<'PY'
import re, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    m = re.match(r"(\S+?)-\d+\s+([\d.]+) s", line)
    if m: runs.setdefault(m.group(1), []).append(float(m.group(2)))
med = {k: statistics.median(v) for k, v in runs.items()}
for k, v in med.items(): print(f"median {k}: {v:.2f} s over {len(runs[k])} runs")
if "s3" in med and "local" in med: print(f"s3 / local: {med['s3'] / med['local']:.2f} (target at most 1.3)")
if "small" in med and "one" in med: print(f"small objects / one object: {med['small'] / med['one']:.2f}")
PY
