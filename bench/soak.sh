#!/usr/bin/env bash
# Soak: an hour (SECONDS_TO_RUN, default 3600) of mixed jobs (word count, indexer, and a user's job jar: the lab's crash
# app with crashes off) on a fleet of 3 workers and 2 coordinators (one active, one standby), all on a private RabbitMQ
# node this script starts (never the shared broker), while it:
#   - SIGKILLs a random worker every 8-20 s (a new one replaces it at once),
#   - SIGKILLs a random coordinator every 45-120 s (the standby takes over; a new standby starts),
#   - closes a random Warren connection on the broker every 20-60 s (rabbitmqctl close_connection).
# Two clients submit jobs back to back (submit --wait), each on its own seeded input; every output is compared with a
# sequential computation (Python). Prints one line per job, and at the end: jobs run, succeeded, wrong outputs, failed,
# and the kills and closes survived. Exit status 1 if any job failed or any output was wrong.
# Usage: bench/soak.sh [SECONDS_TO_RUN=3600]
#   WARREN_SOAK_NODE, WARREN_SOAK_PORT, WARREN_SOAK_DIST: the private node's name and AMQP and distribution ports
#   (default warren-soak, 5691, 25691). Needs root or passwordless sudo (RabbitMQ runs as the rabbitmq user).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
duration=${1:-3600}
node=${WARREN_SOAK_NODE:-warren-soak}
port=${WARREN_SOAK_PORT:-5691}
dist=${WARREN_SOAK_DIST:-25691}
dir=${WARREN_BENCH_DIR:-$(mktemp -d)}/soak-$$
mkdir -p "$dir/storage/jobs" "$dir/logs"
"$root/bench/private-rabbitmq.sh" start "$node" "$port" "$dist" "$dir/rabbitmq"
export WARREN_AMQP_URI="amqp://guest:guest@127.0.0.1:$port"
export WARREN_TOPOLOGY_PREFIX="soak"
export WARREN_STORAGE="$dir/storage"
export WARREN_LOG_LEVEL=INFO
. "$root/bench/copy-dist.sh"
copy_dist "$dir" soak-warren
warren=$root/warren
. "$root/bench/fleet-lib.sh"

build_crash_jar "$dir/storage/jobs/crash.jar"

# Inputs and their references: two sets, one per client.
for c in 1 2; do
  gen_text "$dir/storage/in-$c" 24 400 $((100 + c))
  reference wordcount "$dir/storage" "in-$c/*.txt" > "$dir/wordcount-$c.expected"
  reference indexer "$dir/storage" "in-$c/*.txt" > "$dir/indexer-$c.expected"
  reference crash "$dir/storage" "in-$c/*.txt" > "$dir/userjar-$c.expected"
done

pids=()
cleanup() {
  touch "$dir/stop"
  kill "${pids[@]}" 2>/dev/null || true
  for f in "$dir"/coordinator-*.pid; do [ -f "$f" ] && kill -KILL "$(cat "$f")" 2>/dev/null; done
  kill_workers
  wait 2>/dev/null || true
  "$root/bench/private-rabbitmq.sh" stop "$node"
}
trap cleanup EXIT
rm -f "$dir/stop"
: > "$dir/events"

# Two coordinator slots, each restarted when its process dies.
coordinator_slot() { # slot
  local n=0
  while [ ! -f "$dir/stop" ]; do
    n=$((n + 1))
    "$warren" coordinator --http-port 0 >"$dir/logs/coordinator-$1-$n.log" 2>&1 & echo $! > "$dir/coordinator-$1.pid"
    wait "$(cat "$dir/coordinator-$1.pid")" 2>/dev/null || true
  done
}
coordinator_slot a & pids+=($!)
sleep 5
coordinator_slot b & pids+=($!)

# Workers: random SIGKILLs every 4-12 s, replaced at once.
workers() {
  local -a wp=()
  local i n=0 next=$(( $(date +%s) + 8 + RANDOM % 13 ))
  while [ ! -f "$dir/stop" ]; do
    for i in 0 1 2; do
      if [ -z "${wp[$i]:-}" ] || ! alive "${wp[$i]}"; then
        [ -n "${wp[$i]:-}" ] && { wait "${wp[$i]}" 2>/dev/null || true; }
        n=$((n + 1)); "$warren" worker >"$dir/logs/worker-$n.log" 2>&1 & wp[$i]=$!; echo "$!" >> "$dir/worker.pids"
      fi
    done
    if [ "$(date +%s)" -ge "$next" ]; then
      kill -KILL "${wp[$((RANDOM % 3))]}" 2>/dev/null && echo "worker-kill $(date +%s)" >> "$dir/events"
      next=$(( $(date +%s) + 8 + RANDOM % 13 ))
    fi
    sleep 0.2
  done
  kill -KILL "${wp[@]}" 2>/dev/null; wait 2>/dev/null
}
workers & pids+=($!)

# Coordinator kills and forced connection closes.
havoc() {
  local next_coord=$(( $(date +%s) + 45 + RANDOM % 76 )) next_close=$(( $(date +%s) + 20 + RANDOM % 41 )) now slot conn
  while [ ! -f "$dir/stop" ]; do
    now=$(date +%s)
    if [ "$now" -ge "$next_coord" ]; then
      slot=$([ $((RANDOM % 2)) = 0 ] && echo a || echo b)
      kill -KILL "$(cat "$dir/coordinator-$slot.pid")" 2>/dev/null && echo "coordinator-kill $now $slot" >> "$dir/events"
      next_coord=$(( now + 45 + RANDOM % 76 ))
    fi
    if [ "$now" -ge "$next_close" ]; then
      conn=$("$root/bench/private-rabbitmq.sh" ctl "$node" list_connections pid client_properties 2>/dev/null \
        | grep -E 'warren-(worker|coordinator)' | shuf -n 1 | cut -f1 || true)
      if [ -n "$conn" ] && "$root/bench/private-rabbitmq.sh" ctl "$node" close_connection "$conn" "soak: forced close" >/dev/null 2>&1; then
        echo "connection-close $now" >> "$dir/events"
      fi
      next_close=$(( now + 20 + RANDOM % 41 ))
    fi
    sleep 1
  done
}
havoc & pids+=($!)

# Clients: jobs back to back until the time is up, each output checked.
client() { # client number
  local c=$1 n=0 app kind args start state out
  while [ "$(date +%s)" -lt "$end_at" ]; do
    n=$((n + 1))
    case $((n % 3)) in
      1) kind=wordcount; args=(--app wordcount) ;;
      2) kind=indexer; args=(--app indexer) ;;
      0) kind=userjar; args=(--jar jobs/crash.jar --app com.example.Crash --param crash=false) ;;
    esac
    id="c$c-$n-$kind"
    start=$(date +%s)
    if "$warren" submit --job-id "$id" "${args[@]}" --input "in-$c/*.txt" --output "out/$id" --reduces $((1 + RANDOM % 6)) \
        --wait --timeout 15m >"$dir/logs/submit-$id.log" 2>&1; then state=SUCCEEDED; else state="FAILED:$(tail -1 "$dir/logs/submit-$id.log")"; fi
    if [ "$state" = SUCCEEDED ]; then
      same_output "$dir/storage/out/$id" "$dir/$kind-$c.expected" && out=identical || out=WRONG
      rm -rf "$dir/storage/out/$id"
    else
      out=none
    fi
    echo "job $id: $state, output $out, $(( $(date +%s) - start )) s, load $(cut -d' ' -f1 /proc/loadavg)" | tee -a "$dir/jobs"
  done
}
: > "$dir/jobs"
end_at=$(( $(date +%s) + duration ))
client 1 & c1=$!
client 2 & c2=$!
wait $c1 $c2 || true
touch "$dir/stop"
jobs_run=$(wc -l < "$dir/jobs")
ok=$(grep -c 'SUCCEEDED, output identical' "$dir/jobs" || true)
wrong=$(grep -c 'output WRONG' "$dir/jobs" || true)
failed=$(grep -c ': FAILED' "$dir/jobs" || true)
echo "soak of ${duration} s: $jobs_run jobs, $ok succeeded with the sequential output, $wrong wrong outputs, $failed failed;" \
  "survived $(grep -c worker-kill "$dir/events" || true) worker kills, $(grep -c coordinator-kill "$dir/events" || true)" \
  "coordinator kills, $(grep -c connection-close "$dir/events" || true) forced connection closes; logs in $dir" | tee "$dir/summary"
[ "$wrong" = 0 ] && [ "$failed" = 0 ]
