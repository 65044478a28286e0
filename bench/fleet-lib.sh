# Sourced by bench/chaos.sh and bench/soak.sh: a fleet of warren processes on this machine, and the sequential
# references their jobs' outputs are checked against. Needs $root (the repository), $dir (scratch) and $warren.

alive() { # pid: running and not a zombie
  local s
  s=$(ps -o stat= -p "$1" 2>/dev/null) && [[ $s != Z* ]]
}

# Keeps SIZE workers, replacing a dead one at once as a supervisor would, and SIGKILLs them as a fleet that loses one
# of SIZE workers every PERIOD seconds (0: never) does: each worker, once it has finished its first task, lives an
# exponentially distributed time of mean SIZE x PERIOD. With the fleet whole that is one kill per period; on a busy
# machine, where a JVM takes seconds to start and to run its first task cold, killing newcomers before that would only
# starve the fleet (workers log at DEBUG here, to tell when their first task is done). With CHAOS_CLOCK=fixed, it is
# the issue's literal chaos instead: every PERIOD seconds one of the SIZE slots, drawn at random, is SIGKILLed, however
# young its worker (one that is still starting dies too). Runs until the file STOP exists, then kills its workers.
# Counts its kills in the file COUNT. Workers log to $dir/logs/.
chaos_fleet() { # size period stop count [worker args...]
  local size=$1 period=$2 stop=$3 count=$4 n=0 kills=0 i now
  shift 4
  local -a pids=() logs=() deadline=()
  local clock=${CHAOS_CLOCK:-first-task} period_ns next_kill
  period_ns=$(echo "$period * 1000000000 / 1" | bc); next_kill=$(( $(date +%s%N) + period_ns ))
  kill_slot() { # slot: SIGKILLs its worker and counts the kill
    kill -KILL "${pids[$1]}" 2>/dev/null && kills=$((kills + 1)) && echo "$kills" > "$count.new" && mv "$count.new" "$count"
  }
  echo 0 > "$count"
  while [ ! -f "$stop" ]; do
    now=$(date +%s%N)
    if [ "$clock" = fixed ] && [ "$period" != 0 ] && [ "$now" -ge "$next_kill" ]; then
      i=$((RANDOM % size))
      [ -n "${pids[$i]:-}" ] && kill_slot "$i"
      next_kill=$((next_kill + period_ns))
    fi
    for ((i = 0; i < size; i++)); do
      if [ -z "${pids[$i]:-}" ] || ! alive "${pids[$i]}"; then
        [ -n "${pids[$i]:-}" ] && { wait "${pids[$i]}" 2>/dev/null || true; }
        n=$((n + 1)); logs[$i]="$dir/logs/worker-$n.log"; deadline[$i]=0
        WARREN_LOG_LEVEL=DEBUG "$warren" worker "$@" >"${logs[$i]}" 2>&1 & pids[$i]=$!
        echo "$!" >> "$dir/worker.pids"
      elif [ "$period" != 0 ] && [ "$clock" != fixed ]; then
        if [ "${deadline[$i]}" = 0 ]; then
          grep -qE 'task=[^ ]+ attempt=[0-9]+ worker=[^ ]+ done' "${logs[$i]}" && deadline[$i]=$(awk -v r="$RANDOM" -v now="$now" -v mean="$(echo "$size * $period" | bc -l)"             'BEGIN { printf "%d", now + -log((r + 1) / 32769) * mean * 1e9 }')
        elif [ "$now" -ge "${deadline[$i]}" ]; then
          kill_slot "$i"
        fi
      fi
    done
    sleep 0.05
  done
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done
  wait 2>/dev/null
}

# Seeded text: FILES files of LINES lines of ASCII words, drawn with a Zipf-like skew.
gen_text() { # directory files lines seed
  python3 - "$@" <<'PY'
import os, random, sys
d, files, lines, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(seed)
syl = ["ka", "ro", "mi", "ten", "sul", "ba", "ea", "no", "zu", "li", "qua", "o"]
vocab = ["".join(rng.choice(syl) for _ in range(rng.randint(1, 4))) for _ in range(3000)]
os.makedirs(d, exist_ok=True)
for f in range(files):
    with open(os.path.join(d, f"{f:03d}.txt"), "w") as out:
        for _ in range(lines):
            words = [vocab[min(int(rng.paretovariate(1.1)) - 1, len(vocab) - 1)] for _ in range(rng.randint(0, 12))]
            out.write(" ".join(w.capitalize() if rng.random() < 0.1 else w for w in words) + "\n")
PY
}

# The sequential reference of an app on the files under storage matching a glob, sorted "key value" lines.
reference() { # app storage glob
  python3 - "$@" <<'PY'
import collections, glob, os, re, sys
app, storage, pattern = sys.argv[1], sys.argv[2], sys.argv[3]
files = sorted(glob.glob(os.path.join(storage, pattern)))
if not files:
    sys.exit(f"no input matches {pattern}")
out = []
if app in ("wordcount", "probe"):
    counts = collections.Counter()
    for f in files:
        counts.update(re.findall(r"[A-Za-z]+", open(f, encoding="utf-8").read()))
    out = [f"{w} {n}" for w, n in counts.items()]
elif app == "indexer":
    docs = collections.defaultdict(set)
    for f in files:
        name = os.path.relpath(f, storage)
        for w in re.findall(r"[A-Za-z]+", open(f, encoding="utf-8").read()):
            docs[w].add(name)
    out = [f"{w} {len(d)} {','.join(sorted(d))}" for w, d in docs.items()]
elif app == "crash":  # the lab's nocrash: per key, the values sorted and joined by spaces
    vals = collections.defaultdict(list)
    for f in files:
        name = os.path.relpath(f, storage)
        vals["a"].append(name); vals["b"].append(str(len(name)))
        vals["c"].append(str(os.path.getsize(f))); vals["d"].append("xyzzy")
    out = [f"{k} {' '.join(sorted(v))}" for k, v in vals.items()]
else:
    sys.exit(f"no reference for {app}")
print("\n".join(sorted(out)))
PY
}

# Whether a job's output directory holds exactly the reference: _SUCCESS, and the mr-out files' lines.
same_output() { # output-dir reference-file
  [ -f "$1/_SUCCESS" ] || return 1
  cat "$1"/mr-out-* | LC_ALL=C sort | cmp -s - <(LC_ALL=C sort "$2")
}

# "L lost runs, at most M by one task": the runs of a finished job (its record under the storage root) that ended
# LOST or TIMED_OUT, the evidence that chaos reached running tasks and how close one task came to being condemned.
lost_runs() { # storage job-id
  python3 - "$1/.warren/jobs/$2/job.snapshot" <<'PY'
import json, sys
raw = open(sys.argv[1], "rb").read()
job = json.JSONDecoder().raw_decode(raw[raw.index(b"{"):].decode())[0]["job"]
per_task = [sum(r["outcome"] in ("LOST", "TIMED_OUT") for r in t["runs"]) for t in job["maps"] + job["reduces"]]
print(f"{sum(per_task)} lost runs, at most {max(per_task, default=0)} by one task")
PY
}

# The lab's crash app (examples/crash) as a job jar, compiled against this tree's warren-api (built with the
# distribution) with plain javac: what its own pom does, without a Maven repository to install warren-api into.
build_crash_jar() { # target jar
  local classes="$dir/crash-classes"
  rm -rf "$classes"; mkdir -p "$classes"
  javac -d "$classes" -cp "$root/api/target/classes" "$root"/examples/crash/src/main/java/com/example/*.java
  jar cf "$1" -C "$classes" .
}

# Kills every worker a script started (their pids are in $dir/worker.pids), so none outlives it; a pid is killed only
# while it still runs this run's copy of the distribution, never a process that reused it.
kill_workers() {
  [ -f "$dir/worker.pids" ] || return 0
  local p
  while read -r p; do
    tr "\\0" " " 2>/dev/null < "/proc/$p/cmdline" | grep -qF "$dir/dist/" && kill -KILL "$p" 2>/dev/null || true
  done < "$dir/worker.pids"
}
