#!/usr/bin/env bash
# Local mode against a fleet of the same size, on the same input, alternating: `warren run --workers N` (one JVM,
# in-process broker) and a warm fleet of a coordinator and N `warren worker` processes on RabbitMQ, for the built-in
# word count, examples/wordcount-strings built into a jar, and the indexer. Prints each run's wall time and CPU time
# (user + sys: for local mode, of its JVM; for the fleet, of the coordinator and the workers over the job plus the
# submitting client), and fails when local mode's output differs from the fleet's (byte for byte, after sorting) or
# the two word counts differ from each other. CPU seconds are the figure to compare on a shared machine.
#
# Usage: WARREN_CORPUS=DIR bench/localmode.sh [JOB...]
#   JOB               wordcount userjar indexer (default: all three)
#   WARREN_CORPUS     directory of *.txt books the input is built from (required), as bench/datapath.sh takes it
#   FILES, SIZE_MB    the input: FILES files of SIZE_MB MiB (default 64 x 16 = 1 GiB); SEED (default 42)
#   REPEAT            rounds; each round runs every job once in local mode and once on the fleet (default 3)
#   WORKERS, REDUCES  workers on each side (default 2) and reduce tasks (default 4)
#   WARREN_JAVA_OPTS  JVM options of every Warren process (default: ./warren's per-role defaults, as a user gets them)
#   WARREN_AMQP_URI   the fleet's broker (default amqp://guest:guest@localhost:5672); its queues get their own prefix
#   WARREN_BENCH_DIR  data, outputs and logs (default /tmp/warren-bench); the input lives under its storage/
set -euo pipefail
shopt -s inherit_errexit
root=$(cd "$(dirname "$0")/.." && pwd)
die() { echo "localmode: $*" >&2; exit 2; }

jobs=${*:-wordcount userjar indexer}
for j in $jobs; do case $j in wordcount|userjar|indexer) ;; *) die "unknown job '$j' (wordcount userjar indexer)";; esac; done
files=${FILES:-64}
size_mb=${SIZE_MB:-16}
seed=${SEED:-42}
repeat=${REPEAT:-3}
workers=${WORKERS:-2}
reduces=${REDUCES:-4}
dir=${WARREN_BENCH_DIR:-/tmp/warren-bench}
storage="$dir/storage"
logs="$dir/logs"
[ -n "${WARREN_CORPUS:-}" ] && [ -d "$WARREN_CORPUS" ] || die "set WARREN_CORPUS to a directory of *.txt books"
[ -x /usr/bin/time ] || die "needs GNU time at /usr/bin/time"
mkdir -p "$storage/jobs" "$storage/out" "$logs"
java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java"
hz=$(getconf CLK_TCK)

# --- builds: the bench tools, the distribution (a copy, so a rebuild meanwhile cannot change it), the user's jar ---
bench_jar="$root/bench/target/warren-bench.jar"
[ -f "$bench_jar" ] || (cd "$root" && ./mvnw -q -B -DskipTests install -pl bench -am)
"$root/warren" --version >/dev/null   # builds the distribution if needed
dist=$(mktemp -d "$dir/dist.XXXXXX")
cp -r "$root/cli/target/lib" "$dist/"
cp "$root/cli/target/warren-cli.jar" "$dist/localmode-warren.jar"
printf '#!/usr/bin/env bash\nWARREN_JAR="%s" exec "%s" "$@"\n' "$dist/localmode-warren.jar" "$root/warren" > "$dist/warren"
chmod +x "$dist/warren"
warren="$dist/warren"
# The example as a user's jar, compiled against this tree's warren-api with plain javac (no Maven repository needed)
classes="$dir/wordcount-strings-classes"
rm -rf "$classes"; mkdir -p "$classes"
javac -d "$classes" -cp "$root/api/target/classes" "$root"/examples/wordcount-strings/src/main/java/com/example/*.java
jar cf "$storage/jobs/wordcount-strings.jar" -C "$classes" .

data="corpus-${files}x${size_mb}m-s$seed"
if [ ! -d "$storage/$data" ]; then
  rm -rf "$storage/$data.partial"
  "$java_cmd" -cp "$bench_jar:$root/bench/target/lib/*" io.warren.bench.CorpusBuild "$WARREN_CORPUS" \
      "$storage/$data.partial" "$files" "$size_mb" "$seed"
  mv "$storage/$data.partial" "$storage/$data"
fi

job_args() { # job: the job's arguments, the same for run and submit
  case $1 in
    wordcount) echo "--app wordcount" ;;
    userjar) echo "--jar jobs/wordcount-strings.jar --app com.example.WordCount" ;;
    indexer) echo "--app indexer" ;;
  esac
}

# --- the fleet ---------------------------------------------------------------------------------------------------
export WARREN_AMQP_URI=${WARREN_AMQP_URI:-amqp://guest:guest@localhost:5672}
export WARREN_TOPOLOGY_PREFIX="localmode-$$"
export WARREN_STORAGE="$storage"
export WARREN_HTTP_PORT=${WARREN_HTTP_PORT:-0}
fleet=()
cleanup() {
  local p
  for p in "${fleet[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$dist"
  # This run's queues are empty now; remove them when the broker is local and rabbitmqctl may manage it (best effort)
  if command -v rabbitmqctl >/dev/null && [[ $WARREN_AMQP_URI =~ (@|//)(localhost|127\.0\.0\.1)(:|/|$) ]]; then
    timeout 20 rabbitmqctl -q list_queues name 2>/dev/null | grep "^$WARREN_TOPOLOGY_PREFIX\." \
      | while read -r q; do timeout 10 rabbitmqctl -q delete_queue "$q" </dev/null >/dev/null 2>&1 || true; done || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
rm -rf "$storage/.warren"
"$warren" coordinator >"$logs/lm-coordinator.log" 2>&1 & fleet=($!)
for i in $(seq 1 "$workers"); do "$warren" worker >"$logs/lm-worker-$i.log" 2>&1 & fleet+=($!); done
for _ in $(seq 1 600); do
  grep -q "coordinator started" "$logs/lm-coordinator.log" \
      && [ "$(cat "$logs"/lm-worker-*.log | grep -c 'started: slots')" -ge "$workers" ] && break
  sleep 0.2
done
[ "$(cat "$logs"/lm-worker-*.log | grep -c 'started: slots')" -ge "$workers" ] || die "the fleet did not start; see $logs/lm-*.log"

fleet_ticks() { # CPU ticks so far of the coordinator and the workers (./warren execs java, so these are the JVMs)
  local p t=0
  for p in "${fleet[@]}"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done
  echo "$t"
}

results="$dir/localmode-$$.txt"
: > "$results"
failures=0
timed() { # label out command...: runs it in storage/, prints "wall cpu" (cpu: user + sys of the command)
  local label=$1 out=$2
  shift 2
  rm -rf "${storage:?}/$out"
  (cd "$storage" && /usr/bin/time -f "%e %U %S" -o "$dir/time.txt" "$@" >"$logs/$label.out" 2>"$logs/$label.log") \
      || { echo "!! $label failed; see $logs/$label.log" | tee -a "$results" >&2; return 1; }
  awk '{printf "%s %.2f\n", $1, $2 + $3}' "$dir/time.txt"
}
local_run() { # job round
  # shellcheck disable=SC2046
  timed "local-$1-$2" "out/local-$1" "$warren" run $(job_args "$1") --input "$data/*.txt" --output "out/local-$1" \
      --workers "$workers" --reduces "$reduces"
}
fleet_run() { # job round
  local before after wall client
  before=$(fleet_ticks)
  # shellcheck disable=SC2046
  read -r wall client < <(timed "fleet-$1-$2" "out/fleet-$1" "$warren" submit $(job_args "$1") --input "$data" \
      --output "out/fleet-$1" --reduces "$reduces" --wait) || return 1
  after=$(fleet_ticks)
  awk -v w="$wall" -v c="$client" -v t=$((after - before)) -v hz="$hz" 'BEGIN {printf "%s %.2f\n", w, c + t / hz}'
}
sorted() { cat "$storage/$1"/mr-out-* | LC_ALL=C sort; }

echo "machine: $(nproc) cores, load $(cut -d ' ' -f 1-3 /proc/loadavg); source: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'); jobs: $jobs; workers: $workers; rounds: $repeat" | tee -a "$results"
# The fleet is warm, as a fleet in service is: each job once first (the first job on fresh JVMs). That run is printed (side
# "cold"), not counted in the medians: local mode against it shows what a fresh JVM's start and JIT cost.
for j in $jobs; do
  if r=$(fleet_run "$j" warm-up); then
    printf 'run %-10s %-6s round %d  wall %7.2f s  cpu %7.2f s  load %s\n' "$j" cold 0 $r \
        "$(cut -d ' ' -f 1 /proc/loadavg)" | tee -a "$results"
  fi
done
for round in $(seq 1 "$repeat"); do
  for j in $jobs; do
    # alternate which side goes first, so that a change of load favours neither
    if [ $((round % 2)) -eq 1 ]; then sides="local fleet"; else sides="fleet local"; fi
    for side in $sides; do
      if r=$("${side}_run" "$j" "$round"); then
        printf 'run %-10s %-6s round %d  wall %7.2f s  cpu %7.2f s  load %s\n' "$j" "$side" "$round" $r \
            "$(cut -d ' ' -f 1 /proc/loadavg)" | tee -a "$results"
      else
        failures=$((failures + 1))
      fi
    done
    if ! cmp -s <(sorted "out/local-$j") <(sorted "out/fleet-$j"); then
      echo "!! $j: local mode's output differs from the fleet's" | tee -a "$results"; failures=$((failures + 1))
    fi
  done
done
if [[ " $jobs " == *" wordcount "* && " $jobs " == *" userjar "* ]] \
    && ! cmp -s <(sorted out/local-wordcount) <(sorted out/local-userjar); then
  echo "!! the built-in word count and the user's jar disagree" | tee -a "$results"; failures=$((failures + 1))
fi

echo
echo "== medians (wall, cpu) and local / fleet"
awk '$1 == "run" { k = $2 " " $3; w[k] = w[k] " " $7; c[k] = c[k] " " $10; seen[$2] = 1 }
  function median(list,   a, n, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  END {
    for (job in seen) {
      lw = median(w[job " local"]); fw = median(w[job " fleet"]); lc = median(c[job " local"]); fc = median(c[job " fleet"])
      printf "%-10s local %6.2f s (cpu %6.2f)  fleet %6.2f s (cpu %6.2f)  local/fleet wall %.2f cpu %.2f\n", \
          job, lw, lc, fw, fc, (fw ? lw / fw : 0), (fc ? lc / fc : 0)
    }
  }' "$results"
echo "(load at the end: $(cut -d ' ' -f 1-3 /proc/loadavg); results: $results; logs: $logs)"
[ "$failures" -eq 0 ] || { echo "FAILED: $failures check(s)"; exit 1; }
echo "ok: every local-mode output is identical to the fleet's"
