#!/usr/bin/env bash
# The data path side by side, on one input of real text: a hand-written byte-level word count and a String-based one
# (THREADS threads each, default 2), Warren's wordcount on a fleet (coordinator + 2 workers on RabbitMQ) and in local mode, a user's
# String-API word count jar on the fleet, Spark local[2] (when bench/spark is built), then indexer and grep against
# plain-Java peers, and the split scaling of one 256 MiB file from 1 to 2 workers. Every Warren and Spark output is
# compared with its plain reference (byte for byte, after sorting); the script exits 1 on a mismatch or a failed run.
# Prints each run's median wall time and peak RSS, each fleet worker's peak RSS, and the ratios against their targets.
#
# Usage: WARREN_CORPUS=DIR bench/datapath.sh [PART...]
#   PART: wordcount userjar spark indexer grep scaling (default: all, in that order; or PARTS="...")
#   WARREN_CORPUS     directory of *.txt books (Project Gutenberg plain text) the input is built from (required)
#   FILES, SIZE_MB    the main input: FILES files of SIZE_MB MiB (default 64 x 16 = 1 GiB), built by CorpusBuild
#   SCALE_MB          the single file of the scaling part (default 256); SEED the corpus seed (default 42)
#                     An input is built once and kept as storage/corpus-FILESxSIZEm-sSEED: delete those directories
#                     after changing WARREN_CORPUS.
#   REPEAT            runs of each measured command; the median is reported (default 1)
#   WARM=1            run each fleet job once, unmeasured, before measuring it: a warm fleet (default 0: cold JVMs)
#   THREADS, WORKERS  plain threads and fleet workers (default 2 and 2); REDUCES reduce tasks (default 4)
#   GREP_PATTERN      the grep part's regular expression (default: morning, a word on about 0.5 % of the lines)
#   WARREN_AMQP_URI   the broker (default amqp://guest:guest@localhost:5672); each run uses its own topology prefix
#   WARREN_BENCH_DIR  data, outputs and logs (default /tmp/warren-bench); the input lives under its storage/
#   WARREN_JAVA_OPTS  JVM options of the Warren processes (default: ./warren's per-role defaults, which the RSS target is about)
#   WARREN_DIST       another build's cli/target to measure (for before-and-after figures; default this tree's)
#   PLAIN_JAVA_OPTS, SPARK_JAVA_OPTS  JVM options of the plain programs and of Spark (default none)
# Warren runs from a copy of the distribution taken at the start, so a rebuild during the run cannot change it. Each
# fleet starts with no job records (storage/.warren is cleared), so run one benchmark at a time per WARREN_BENCH_DIR.
set -euo pipefail
shopt -s inherit_errexit
root=$(cd "$(dirname "$0")/.." && pwd)
die() { echo "datapath: $*" >&2; exit 2; }

parts=${*:-${PARTS:-wordcount userjar spark indexer grep scaling}}
for p in $parts; do
  case $p in wordcount|userjar|spark|indexer|grep|scaling) ;; *) die "unknown part '$p' (wordcount userjar spark indexer grep scaling)";; esac
done
want() { [[ " $parts " == *" $1 "* ]]; }
files=${FILES:-64}
size_mb=${SIZE_MB:-16}
scale_mb=${SCALE_MB:-256}
seed=${SEED:-42}
repeat=${REPEAT:-1}
warm=${WARM:-0}
threads=${THREADS:-2}
workers=${WORKERS:-2}
reduces=${REDUCES:-4}
pattern=${GREP_PATTERN:-morning}
dir=${WARREN_BENCH_DIR:-/tmp/warren-bench}
storage="$dir/storage"
logs="$dir/logs"
[ -n "${WARREN_CORPUS:-}" ] || die "set WARREN_CORPUS to a directory of *.txt books (for example Project Gutenberg plain-text files)"
[ -d "$WARREN_CORPUS" ] || die "WARREN_CORPUS=$WARREN_CORPUS is not a directory"
compgen -G "$WARREN_CORPUS/*.txt" >/dev/null || die "WARREN_CORPUS=$WARREN_CORPUS holds no *.txt books"
[ -x /usr/bin/time ] || die "needs GNU time at /usr/bin/time (Debian: apt-get install time)"
mkdir -p "$storage" "$logs" "$storage/out" "$storage/jobs"
java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# --- builds -------------------------------------------------------------------------------------------------------
bench_jar="$root/bench/target/warren-bench.jar"
if [ ! -f "$bench_jar" ] || [ -n "$(find "$root/bench/pom.xml" "$root/bench/src/main" -newer "$bench_jar" -print -quit)" ]; then
  (cd "$root" && ./mvnw -q -B -DskipTests install -pl bench -am)
fi
cp="$bench_jar:$root/bench/target/lib/*"
# WARREN_DIST names another build's cli/target (an earlier commit's, for before-and-after figures); default this tree's.
source_dist=${WARREN_DIST:-$root/cli/target}
[ -n "${WARREN_DIST:-}" ] || "$root/warren" --version >/dev/null   # builds the distribution if needed
[ -f "$source_dist/warren-cli.jar" ] || die "no warren-cli.jar in $source_dist"
dist=$(mktemp -d "$dir/dist.XXXXXX")
(
  exec 9>"$root/cli/target/.build.lock"   # the lock ./warren builds under: never copy a half-written distribution
  command -v flock >/dev/null && flock 9
  cp -r "$source_dist/lib" "$dist/"
  # Another name than warren-cli.jar, so that whoever stops "their" workers by that name on a shared machine
  # (pkill -f 'warren-cli.jar worker') does not stop this run's
  cp "$source_dist/warren-cli.jar" "$dist/datapath-warren.jar"
)
# The launcher's own JVM options per role (a worker's bounded heap, ...), as a user gets them, unless
# WARREN_JAVA_OPTS is set.
cat > "$dist/warren" <<EOF
#!/usr/bin/env bash
WARREN_JAR="$dist/datapath-warren.jar" exec "$root/warren" "\$@"
EOF
chmod +x "$dist/warren"
warren="$dist/warren"

user_jar="$root/examples/wordcount-strings/target/wordcount-strings.jar"
if want userjar; then
  if [ ! -f "$user_jar" ] || [ -n "$(find "$root/examples/wordcount-strings/pom.xml" "$root/examples/wordcount-strings/src" -newer "$user_jar" -print -quit)" ]; then
    (cd "$root/examples/wordcount-strings" && "$root/mvnw" -q -B package) \
      || { (cd "$root" && ./mvnw -q -B -DskipTests install -pl api -am) && (cd "$root/examples/wordcount-strings" && "$root/mvnw" -q -B package); }
  fi
  cp "$user_jar" "$storage/jobs/wordcount-strings.jar"
fi
. "$root/bench/spark-lib.sh"   # spark_jar, spark_opens

# --- the broker and the fleet -----------------------------------------------------------------------------------------
export WARREN_AMQP_URI=${WARREN_AMQP_URI:-amqp://guest:guest@localhost:5672}
export WARREN_TOPOLOGY_PREFIX="datapath-$$"
export WARREN_STORAGE="$storage"
export WARREN_HTTP_PORT=${WARREN_HTTP_PORT:-0}   # a free port: another coordinator may hold 8080
results="$dir/results-$$.txt"
: > "$results"
failures=()
fail() { failures+=("$1"); echo "!! $1" | tee -a "$results"; }

fleet_pids=()    # the coordinator and the /usr/bin/time of each worker
fleet_label=""
fleet_start() { # label workers
  fleet_label=$1
  local n=$2 i
  rm -f "$logs/$fleet_label"-*
  rm -rf "$storage/.warren"   # no job records of earlier runs for the coordinator to resume
  "$warren" coordinator >"$logs/$fleet_label-coordinator.log" 2>&1 &
  fleet_pids=($!)
  for i in $(seq 1 "$n"); do
    /usr/bin/time -f "%M %x" -o "$logs/$fleet_label-worker-$i.rss" "$warren" worker >"$logs/$fleet_label-worker-$i.log" 2>&1 &
    fleet_pids+=($!)
  done
  local waited=0
  until grep -q "coordinator started" "$logs/$fleet_label-coordinator.log" \
      && [ "$(cat "$logs/$fleet_label"-worker-*.log | grep -c 'started: slots')" -ge "$n" ]; do
    for pid in "${fleet_pids[@]}"; do alive "$pid" || { fleet_stop; die "a fleet process ended at start; see $logs/$fleet_label-*.log"; }; done
    sleep 0.2
    waited=$((waited + 1))
    [ $waited -lt 600 ] || { fleet_stop; die "the fleet did not start within 2 minutes; see $logs/$fleet_label-*.log"; }
  done
}
fleet_stop() { # SIGTERM to each worker JVM (the child of its time), so that time reports its peak RSS; then the coordinator
  [ ${#fleet_pids[@]} -gt 0 ] || return 0
  local i=0 pid java_pid line rss status
  for pid in "${fleet_pids[@]:1}"; do
    java_pid=$(pgrep -P "$pid" || true)
    [ -n "$java_pid" ] && kill -TERM "$java_pid" 2>/dev/null || true
  done
  for pid in "${fleet_pids[@]:1}"; do wait "$pid" 2>/dev/null || true; done
  kill -TERM "${fleet_pids[0]}" 2>/dev/null || true
  wait "${fleet_pids[0]}" 2>/dev/null || true
  for pid in "${fleet_pids[@]:1}"; do
    i=$((i + 1))
    line=$(tail -n 1 "$logs/$fleet_label-worker-$i.rss" 2>/dev/null || true)
    read -r rss status <<<"$line"
    status="exit $status"   # 143 is a worker's normal end on SIGTERM
    [[ "$(head -n 1 "$logs/$fleet_label-worker-$i.rss" 2>/dev/null)" =~ terminated\ by\ signal\ ([0-9]+) ]] && status="killed by signal ${BASH_REMATCH[1]}"
    if [[ "$rss" =~ ^[0-9]+$ ]]; then
      printf 'rss %-22s %9d KB  (%d MiB; %s)\n' "$fleet_label-worker-$i" "$rss" $((rss / 1024)) "$status" | tee -a "$results"
    else
      fail "no peak RSS for $fleet_label-worker-$i (got '$line')"
    fi
  done
  fleet_pids=()
}
cleanup() {
  [ ${#fleet_pids[@]} -eq 0 ] || fleet_stop >/dev/null 2>&1 || true
  rm -rf "$dist"
  # This run's queues are empty now; remove them when the broker is local and rabbitmqctl may manage it (best effort)
  if command -v rabbitmqctl >/dev/null && [[ $WARREN_AMQP_URI =~ (@|//)(localhost|127\.0\.0\.1)(:|/|$) ]]; then
    timeout 20 rabbitmqctl -q list_queues name 2>/dev/null | grep "^$WARREN_TOPOLOGY_PREFIX\." \
      | while read -r q; do timeout 10 rabbitmqctl -q delete_queue "$q" </dev/null >/dev/null 2>&1 || true; done || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- measuring ------------------------------------------------------------------------------------------------------
timed() { # log-name command...: runs the command under /usr/bin/time (into $dir/time.txt); with a fleet up, ends it
           # if a fleet process dies meanwhile (say, killed from outside), so a job cannot wait forever for lost workers
  local name=$1 pid watchdog="" rc=0
  shift
  rm -f "$dir/lost.txt"
  /usr/bin/time -f "%e %M" -o "$dir/time.txt" "$@" >"$logs/$name.out" 2>"$logs/$name.log" &
  pid=$!
  if [ ${#fleet_pids[@]} -gt 0 ]; then
    watch_fleet "$pid" &
    watchdog=$!
  fi
  wait "$pid" || rc=$?
  [ -z "$watchdog" ] || { kill "$watchdog" 2>/dev/null; wait "$watchdog" 2>/dev/null || true; }
  if [ -s "$dir/lost.txt" ]; then
    fail "$name: $(cat "$dir/lost.txt"), so the run was stopped"
    return 1
  fi
  [ $rc -eq 0 ] || fail "$name failed ($(head -n 1 "$dir/time.txt")); see $logs/$name.log"
  return $rc
}

alive() { # pid: running, and not a zombie that has not been waited for yet
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) && [ -n "$state" ] && [ "$state" != Z ]
}

watch_fleet() { # pid of the time running the job
  local i
  while sleep 1; do
    for i in "${!fleet_pids[@]}"; do
      if ! alive "${fleet_pids[$i]}"; then
        if [ "$i" -eq 0 ]; then echo "the coordinator ended during the job" > "$dir/lost.txt"
        else echo "worker $i ended during the job (exit: $(head -n 1 "$logs/$fleet_label-worker-$i.rss" 2>/dev/null))" > "$dir/lost.txt"; fi
        pkill -TERM -P "$1" 2>/dev/null || true
        return
      fi
    done
  done
}

measure() { # name output-to-remove-before-each-run command...; prints the median wall time and the largest peak RSS
  local name=$1 out=$2 r secs rss max_rss=0 times=()
  shift 2
  for r in $(seq 1 "$repeat"); do
    rm -rf "$out"
    timed "$name" "$@" || return 1
    read -r secs rss < <(tail -n 1 "$dir/time.txt")
    times+=("$secs")
    [ "$rss" -gt "$max_rss" ] && max_rss=$rss
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}')
  printf 'run %-22s %8.2f s  %8d KB max RSS   runs: %s\n' "$name" "$median" "$max_rss" "${times[*]}" | tee -a "$results"
}

fleet_job() { # name reference-file output-dir submit-args...: a job on the running fleet, measured and checked
  local name=$1 ref=$2 out=$3
  shift 3
  local submit=("$warren" submit "$@" --output "$out" --reduces "$reduces" --wait)
  if [ "$warm" = 1 ]; then # once unmeasured first, so that the fleet's JVMs are warm
    rm -rf "${storage:?}/$out"
    timed "$name-warm-up" "${submit[@]}" || return 0
  fi
  if measure "$name" "$storage/$out" "${submit[@]}"; then same "$name" "$ref" "$storage/$out"/mr-out-*; fi
}

same() { # what reference-file output-files...: the outputs' lines, sorted, must equal the reference's, sorted
  local what=$1 ref=$2
  shift 2
  LC_ALL=C sort "$ref" > "$dir/ref.sorted"
  cat "$@" | LC_ALL=C sort > "$dir/got.sorted"
  if cmp -s "$dir/ref.sorted" "$dir/got.sorted"; then
    echo "ok  $what: identical to the reference ($(wc -l < "$dir/ref.sorted") lines)" | tee -a "$results"
  else
    fail "$what: OUTPUT DIFFERS from the reference; the first differences are in $logs/$what.diff"
    diff "$dir/ref.sorted" "$dir/got.sorted" | head -n 50 > "$logs/$what.diff" || true
  fi
}

corpus() { # files size_mb: builds the input once (deterministic), prints its directory name under storage/
  local name="corpus-$1x$2m-s$seed"
  if [ ! -d "$storage/$name" ]; then
    echo "building $name from $WARREN_CORPUS" >&2
    rm -rf "$storage/$name.partial"
    "$java_cmd" -cp "$cp" io.warren.bench.CorpusBuild "$WARREN_CORPUS" "$storage/$name.partial" "$1" "$2" "$seed" >&2 || return 1
    mv "$storage/$name.partial" "$storage/$name" || return 1
  fi
  echo "$name"
}

plain() { # name class args...
  local name=$1 class=$2
  shift 2
  # shellcheck disable=SC2086
  measure "$name" "$dir/$name.txt" "$java_cmd" ${PLAIN_JAVA_OPTS:-} -cp "$cp" "io.warren.bench.$class" "$@" "$dir/$name.txt"
}

# --- the parts ------------------------------------------------------------------------------------------------------
data=$(corpus "$files" "$size_mb")
echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, load $(cut -d ' ' -f 1-3 /proc/loadavg), $("$java_cmd" -version 2>&1 | head -n 1); WARREN_JAVA_OPTS='${WARREN_JAVA_OPTS:-}'" | tee -a "$results"
if git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
  echo "source: $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD 2>/dev/null || echo ' with uncommitted changes')" | tee -a "$results"
fi
echo "input: $storage/$data ($(( $(cat "$storage/$data"/* | wc -c) >> 20 )) MiB in $files files); parts: $parts; repeat: $repeat; warm: $warm" | tee -a "$results"

if want wordcount || want userjar || want spark; then
  plain byte-${threads}t PlainByteWordCount "$threads" "$storage/$data" || true
  ref="$dir/byte-${threads}t.txt"
fi
if want wordcount; then
  plain string-${threads}t PlainWordCount "$threads" "$storage/$data" && same string-${threads}t "$ref" "$dir/string-${threads}t.txt"
  fleet_start wordcount "$workers"
  fleet_job warren-fleet "$ref" out/fleet-wc --app wordcount --input "$data"
  fleet_stop
  measure warren-local "$storage/out/local-wc" env -C "$storage" "$warren" run --app wordcount --input "$data/*.txt" \
      --output out/local-wc --workers "$workers" --reduces "$reduces" && same warren-local "$ref" "$storage/out/local-wc"/mr-out-*
fi
if want userjar; then
  fleet_start userjar "$workers"
  fleet_job userjar-fleet "$ref" out/userjar-wc --jar jobs/wordcount-strings.jar --app com.example.WordCount --input "$data"
  fleet_stop
fi
if want spark; then
  if [ -f "$spark_jar" ]; then
    # shellcheck disable=SC2086
    measure spark-local${threads} "$dir/spark.txt" "$java_cmd" $spark_opens ${SPARK_JAVA_OPTS:-} \
        -cp "$spark_jar:$root/bench/spark/target/lib/*" io.warren.bench.spark.SparkWordCount "local[$threads]" \
        "$storage/$data" "$dir/spark.txt" && same spark-local${threads} "$ref" "$dir/spark.txt"
  else
    echo "note: Spark skipped: bench/spark is not built (./mvnw -q -B -f bench/spark/pom.xml package)" | tee -a "$results"
  fi
fi
if want indexer; then
  plain indexer-plain-${threads}t PlainIndexer --root "$storage" "$threads" "$storage/$data" || true
  fleet_start indexer "$workers"
  fleet_job indexer-fleet "$dir/indexer-plain-${threads}t.txt" out/fleet-idx --app indexer --input "$data"
  fleet_stop
fi
if want grep; then
  plain grep-plain-${threads}t PlainGrep --root "$storage" "$threads" "$pattern" "$storage/$data" || true
  fleet_start grep "$workers"
  fleet_job grep-fleet "$dir/grep-plain-${threads}t.txt" out/fleet-grep --app grep --param "pattern=$pattern" --input "$data"
  fleet_stop
fi
if want scaling; then
  one=$(corpus 1 "$scale_mb")
  plain byte-${threads}t-one-file PlainByteWordCount "$threads" "$storage/$one" || true
  for n in 1 2; do
    fleet_start scaling-${n}w "$n"
    fleet_job scaling-${n}w "$dir/byte-${threads}t-one-file.txt" "out/scale-$n" --app wordcount --input "$one"
    fleet_stop
  done
fi

# --- summary --------------------------------------------------------------------------------------------------------
echo
echo "== wall time (median of $repeat) and peak RSS"
grep -E '^(run|rss) ' "$results" || true
echo
echo "== ratios"
awk -v t="$threads" '
  $1 == "run" { s[$2] = $3 }
  $1 == "rss" && $3 > rss { rss = $3; who = $2 }
  function ratio(label, a, b, op, target,   r, ok) {
    if (!(a in s) || !(b in s) || s[b] == 0) return
    r = s[a] / s[b]
    ok = target == "" ? "" : ((op == "<=" ? r <= target : r >= target) ? "met" : "MISSED")
    printf "%-44s %6.2f   %s\n", label, r, target == "" ? "" : sprintf("target %s %s: %s", op, target, ok)
  }
  END {
    b = "byte-" t "t"
    ratio("warren-fleet / " b, "warren-fleet", b, "<=", 1.5)
    ratio("warren-local / " b, "warren-local", b, "<=", 1.5)
    ratio("userjar-fleet / " b, "userjar-fleet", b, "<=", 2.5)
    ratio("spark-local" t " / warren-fleet", "spark-local" t, "warren-fleet", ">=", 3)
    ratio("string-" t "t / " b " (the two plain programs)", "string-" t "t", b, "", "")
    ratio("indexer: warren-fleet / plain-" t "t", "indexer-fleet", "indexer-plain-" t "t", "", "")
    ratio("grep: warren-fleet / plain-" t "t", "grep-fleet", "grep-plain-" t "t", "", "")
    ratio("scaling: 1 worker / 2 workers (one file)", "scaling-1w", "scaling-2w", ">=", 1.7)
    if (rss > 0) printf "%-44s %6d MiB   target <= 512 MiB: %s (%s)\n", "worker peak RSS, largest", rss / 1024, rss <= 512 * 1024 ? "met" : "MISSED", who
  }' "$results"
echo "(load at the end: $(cut -d ' ' -f 1-3 /proc/loadavg); results: $results, logs: $logs)"
if [ ${#failures[@]} -gt 0 ]; then
  echo
  echo "FAILED:"
  printf '  %s\n' "${failures[@]}"
  exit 1
fi
