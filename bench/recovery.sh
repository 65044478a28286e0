#!/usr/bin/env bash
# Coordinator recovery: a job of N one-line map tasks (default 40,000) on a coordinator and 2 workers (one slot each);
# when about half its maps are done the active coordinator is SIGKILLed. Two ways to recover, chosen by STANDBY:
#   STANDBY=1 (default): a second coordinator was started with the first and stands by, following the job's journal
#     (a hot standby: docs/job-state.md#taking-over); it takes over. Prints the time from the kill to its
#     "coordinator started" and to "resumed": the end of its first flush, when the job it read has its in-flight tasks
#     re-published and is taking events again; plus the read time the coordinator logs itself.
#   STANDBY=0: no standby; a new coordinator is launched on the same storage after the kill (a cold restart). Prints
#     the times from its launch (JVM start included) to "coordinator started" and to "resumed".
# Then, either way:
#   - the proof that no task completed before the kill ran again. The tasks completed before it are read from the job
#     record right after the kill (the journal as the dead coordinator left it); the workers log each task they start
#     (at DEBUG), and each of those tasks was started exactly once. From the record at the end: every map task has
#     exactly one succeeded run, and a task completed before the kill keeps the runs it had, plus at most reports of
#     its winning run (same attempt and worker) that the dead coordinator had saved but not yet acknowledged, which
#     the broker delivers again.
# Usage: [STANDBY=1|0] [SLOTS=1] [COORDINATOR_OPTS=...] bench/recovery.sh [TASKS]
#   COORDINATOR_OPTS  JVM options for the coordinators alone, instead of the launcher's
#   WARREN_DIST       another build's cli/target to measure (default this tree's, built if needed)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tasks=${1:-40000}
slots=${SLOTS:-1}
standby=${STANDBY:-1}
dir=${WARREN_BENCH_DIR:-/tmp/warren-bench}/recovery-$$
mkdir -p "$dir/storage/tiny"
(cd "$dir/storage/tiny" && for i in $(seq -w 1 "$tasks"); do echo "tiny file $i" > "$i.txt"; done)
export WARREN_AMQP_URI=${WARREN_AMQP_URI:-amqp://guest:guest@localhost:5672}
export WARREN_TOPOLOGY_PREFIX="bench-$$"
export WARREN_STORAGE="$dir/storage"
export WARREN_LOG_LEVEL=WARN

# A copy of the distribution, so that sources edited meanwhile do not rebuild it under the running fleet.
. "$root/bench/copy-dist.sh"
copy_dist "$dir" recovery-warren
warren=$root/warren

coordinator() { # log file
  if [ -n "${COORDINATOR_OPTS+set}" ]; then export WARREN_JAVA_OPTS="$COORDINATOR_OPTS"; fi
  WARREN_LOG_LEVEL=INFO exec "$warren" coordinator --http-port 0 >"$1" 2>&1
}
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true; }
trap cleanup EXIT
coordinator "$dir/coordinator-1.log" & coordinator=$!; pids+=($coordinator)
if [ "$standby" = 1 ]; then
  # the first one takes the lease
  until grep -q "coordinator started" "$dir/coordinator-1.log"; do sleep 0.2; done
  coordinator "$dir/coordinator-2.log" & pids+=($!)
fi
WARREN_LOG_LEVEL=DEBUG "$warren" worker --slots "$slots" >"$dir/worker1.log" 2>&1 & pids+=($!)
WARREN_LOG_LEVEL=DEBUG "$warren" worker --slots "$slots" >"$dir/worker2.log" 2>&1 & pids+=($!)
sleep 3   # let the JVMs start (this is set-up, not what is measured)
size=$(stat -c %s "$dir/storage/tiny/$(ls "$dir/storage/tiny" | head -1)")
"$warren" submit --job-id recovery --app wordcount --input tiny --output out --reduces 2 --split-size "$size" --wait \
  >"$dir/submit.log" 2>&1 & submit=$!; pids+=($submit)

# Each finished map leaves 2 intermediate files (2 reduces): kill once half the maps have left theirs.
until inter=$(find "$dir/storage" -type d -path '*/recovery/intermediate' 2>/dev/null | head -1) && [ -n "$inter" ]; do
  sleep 0.2
done
while [ "$(ls -U "$inter" | wc -l)" -lt "$tasks" ]; do sleep 0.2; done
kill -KILL "$coordinator"; wait "$coordinator" 2>/dev/null || true
killed=$(date +%s.%N)
"$warren" status recovery --json > "$dir/at-kill.json"

launched=$killed
if [ "$standby" != 1 ]; then
  launched=$(date +%s.%N)
  coordinator "$dir/coordinator-2.log" & pids+=($!)
fi
wait "$submit" || { echo "the job did not succeed: see $dir/submit.log" >&2; exit 1; }
load=$(cut -d' ' -f1-3 /proc/loadavg)
"$warren" status recovery --json > "$dir/at-end.json"
python3 - "$dir" "$killed" "$launched" "$load" "$tasks" "${COORDINATOR_OPTS-the launcher defaults}" "$standby" <<'PY'
import json, re, sys
from datetime import datetime, timezone
d, killed, launched, load, tasks = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4], int(sys.argv[5])
log = open(f"{d}/coordinator-2.log").read()
day = datetime.fromtimestamp(launched).astimezone()

def at(text):  # a log line's HH:mm:ss.SSS (local time) as epoch seconds
    m = re.search(r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) .*" + re.escape(text), log, re.M)
    if not m:
        sys.exit(f"no '{text}' in {d}/coordinator-2.log")
    h, mi, s, ms = map(int, m.groups())
    return day.replace(hour=h, minute=mi, second=s, microsecond=ms * 1000).timestamp()

read_ms = re.search(r"read from storage in (\d+) ms", log).group(1)
parts = re.search(r"after the coordinator's start \((.*)\)", log)
parts = f"; in the coordinator: {parts.group(1)}" if parts else ""
if sys.argv[7] == "1":
    print(f"{tasks} map tasks, active coordinator SIGKILLed mid-job, a hot standby takes over (load average {load}; "
          f"coordinator JVM options: {sys.argv[6]}):")
    print(f"  standby: 'coordinator started' {at('coordinator started') - killed:.2f} s after the kill, "
          f"'resumed' (first flush: unconfirmed tasks published again) {at('resumed ') - killed:.2f} s after the kill; "
          f"it read the job's state in {read_ms} ms, going on from what it had followed")
    print(f"  of which: the lease {at('is now the active coordinator') - killed:.2f} s after the kill{parts}")
else:
    print(f"{tasks} map tasks, coordinator SIGKILLed mid-job and restarted (load average {load}; "
          f"coordinator JVM options: {sys.argv[6]}):")
    print(f"  restarted coordinator: 'coordinator started' {at('coordinator started') - launched:.2f} s after its "
          f"launch ({launched - killed:.2f} s after the kill), 'resumed' (first flush: unconfirmed tasks published "
          f"again) {at('resumed ') - launched:.2f} s after it; it read the job's state in {read_ms} ms{parts}")

t = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
before = json.load(open(f"{d}/at-kill.json"))
after = json.load(open(f"{d}/at-end.json"))
assert after["state"] == "SUCCEEDED", after["state"]
done_before = {m["number"]: m for m in before["maps"] if m["state"] == "SUCCEEDED"}
wins = [sum(r["outcome"] == "SUCCEEDED" for r in m["runs"]) for m in after["maps"]]
starts = {}
for w in ("worker1", "worker2"):
    for m in re.finditer(r"job=recovery task=map-(\d+) attempt=\d+ worker=\S+ started", open(f"{d}/{w}.log").read()):
        starts[int(m.group(1))] = starts.get(int(m.group(1)), 0) + 1
started_again = [n for n in done_before if starts.get(n, 0) != 1]
rerun, echoes = [], 0
for n, m in done_before.items():
    runs = after["maps"][n]["runs"]
    won = next(r for r in m["runs"] if r["outcome"] == "SUCCEEDED")
    added = runs[len(m["runs"]):]
    if runs[:len(m["runs"])] != m["runs"] or any(
            (r["attempt"], r["worker"], r["outcome"]) != (won["attempt"], won["worker"], "DUPLICATE") for r in added):
        rerun.append(n)
    elif added:
        echoes += 1
print(f"  {len(done_before)} of {len(before['maps'])} map tasks had succeeded before the kill; the workers started "
      f"{len(done_before) - len(started_again)} of them exactly once; at the end {sum(w == 1 for w in wins)} of "
      f"{len(wins)} map tasks have exactly one succeeded run, {len(rerun)} task(s) completed before the kill have a "
      f"new run, and {echoes} have reports of their winning run delivered again (saved, not yet acknowledged)")
twice = sum(1 for n in range(len(after["maps"])) if starts.get(n, 0) > 1)
dups = sum(r["outcome"] == "DUPLICATE" for m in after["maps"] for r in m["runs"])
print(f"  over the whole job the workers started {twice} map task(s) more than once, and the record has {dups} "
      f"DUPLICATE run(s) (a task whose publish the dead coordinator had not yet recorded as confirmed is published "
      f"again)")
if rerun or started_again or any(w != 1 for w in wins):
    sys.exit(f"a completed task ran again, or a task has not exactly one winning run: {(rerun + started_again)[:10]}")
PY
