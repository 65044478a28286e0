#!/usr/bin/env bash
# A job on a three-node RabbitMQ cluster with quorum queues, with no fault and with the node that hosts the queue
# leaders SIGKILLed a third of the way through its maps, side by side: REPEATS rounds (default 3), each running the
# no-fault job and then the killed one, so that both see the same machine. The job is a word count of the example books
# copied COPIES times (default 12 copies of 3 books, one map task each) with 4 reduces, on a coordinator and 2 workers
# (one slot each) that list all three nodes. Prints each run's time from submission to success (`warren submit
# --wait`), the medians and their ratio, and checks that every run's output is the same as the first no-fault run's.
# The cluster is made of extra nodes of the installed rabbitmq-server (wb4..wb6@localhost, AMQP 5684-5686), run as the
# rabbitmq user, and stopped at the end; the broker on 5672 is not touched.
# Usage: [REPEATS=3] [COPIES=12] bench/cluster-failover.sh      (as root, or a user who may sudo to rabbitmq)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
repeats=${REPEATS:-3}
copies=${COPIES:-12}
PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
dir=${WARREN_BENCH_DIR:-/tmp/warren-bench}/cluster-$$
mkdir -p "$dir/storage/books"
for i in $(seq -w 1 "$copies"); do
  for b in "$root"/examples/books/*.txt; do cp "$b" "$dir/storage/books/$i-$(basename "$b")"; done
done
export WARREN_AMQP_URI="amqp://guest:guest@localhost:5684,localhost:5685,localhost:5686"
export WARREN_QUEUE_TYPE=quorum
export WARREN_STORAGE="$dir/storage"
export WARREN_LOG_LEVEL=WARN
. "$root/bench/copy-dist.sh"
copy_dist "$dir" cluster-warren
warren=$root/warren

home=$(getent passwd rabbitmq | cut -d: -f6)
as_rabbitmq() {
  if [ "$(id -un)" = rabbitmq ]; then env HOME="$home" "$@"
  elif [ "$(id -u)" = 0 ]; then runuser -u rabbitmq -- env HOME="$home" PATH="$PATH" "$@"
  else sudo -n -u rabbitmq env HOME="$home" PATH="$PATH" "$@"; fi
}
node() { echo "wb$1@localhost"; }
ctl() { local n=$1; shift; as_rabbitmq rabbitmqctl -q -n "$(node "$n")" "$@"; }
nodes_dir=$(as_rabbitmq mktemp -d -t warren-bench-cluster-XXXXXX)
start_node() {
  as_rabbitmq env RABBITMQ_NODENAME="$(node "$1")" RABBITMQ_CONFIG_FILE="$nodes_dir/$1/rabbitmq.conf" \
    RABBITMQ_DIST_PORT=$((25680 + $1)) RABBITMQ_MNESIA_BASE="$nodes_dir/$1/mnesia" RABBITMQ_LOG_BASE="$nodes_dir/$1/log" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$nodes_dir/$1/plugins" rabbitmq-server -detached
}
await_node() { until ctl "$1" await_startup >/dev/null 2>&1; do sleep 1; done; }
pids=()
cleanup() {
  kill "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true
  for n in 4 5 6; do ctl "$n" stop >/dev/null 2>&1 || true; done
  as_rabbitmq rm -rf "$nodes_dir"
}
trap cleanup EXIT
for n in 4 5 6; do
  as_rabbitmq sh -c "mkdir -p $nodes_dir/$n && printf 'listeners.tcp.default = 127.0.0.1:%d\nloopback_users = none\n' $((5680 + n)) > $nodes_dir/$n/rabbitmq.conf && echo '[].' > $nodes_dir/$n/plugins"
  start_node "$n"
done
for n in 4 5 6; do await_node "$n"; done
for n in 5 6; do ctl "$n" stop_app; ctl "$n" join_cluster "$(node 4)"; ctl "$n" start_app; done
until [ "$(ctl 4 eval 'length(rabbit_nodes:all_running()).')" = 3 ]; do sleep 1; done
echo "cluster of 3 nodes up; $((copies * 3)) map tasks per job, $repeats rounds" >&2

WARREN_LOG_LEVEL=INFO "$warren" coordinator --http-port 0 >"$dir/coordinator.log" 2>&1 & pids+=($!)
WARREN_LOG_LEVEL=INFO "$warren" worker >"$dir/worker1.log" 2>&1 & pids+=($!)
WARREN_LOG_LEVEL=INFO "$warren" worker >"$dir/worker2.log" 2>&1 & pids+=($!)
until grep -q "started: slots" "$dir/worker2.log" 2>/dev/null && grep -q "coordinator started" "$dir/coordinator.log"; do sleep 0.5; done
leader_of_tasks() { # the node (4, 5 or 6) that hosts the leader of warren.tasks now
  ctl 4 list_queues name leader --no-table-headers | awk '$1 == "warren.tasks" { sub(/@.*/, "", $2); sub(/wb/, "", $2); print $2 }'
}
maps=$((copies * 3))

run() { # job id, kill (yes/no): prints the seconds from submission to success
  local id=$1 start end
  start=$(date +%s.%N)
  "$warren" submit --job-id "$id" --app wordcount --input 'books/*.txt' --output "out/$id" --reduces 4 --wait \
    >"$dir/$id.log" 2>&1 & local submit=$!
  if [ "$2" = yes ]; then
    local inter=""
    until inter=$(find "$dir/storage" -type d -path "*/$id/intermediate" 2>/dev/null | head -1) && [ -n "$inter" ]; do sleep 0.05; done
    while [ "$(ls -U "$inter" 2>/dev/null | wc -l)" -lt $((maps / 3 * 4)) ]; do sleep 0.05; done
    kill -KILL "$leader_pid"
  fi
  wait "$submit" || { echo "job $id did not succeed: see $dir/$id.log" >&2; exit 1; }
  end=$(date +%s.%N)
  cat "$dir/storage/out/$id"/mr-out-* | sort > "$dir/$id.out"
  cmp -s "$dir/$id.out" "$dir/none-1.out" || { echo "job $id's output differs from the first run's" >&2; exit 1; }
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f\n", b - a }'
}
none=() killed=()
for r in $(seq 1 "$repeats"); do
  none+=("$(run "none-$r" no)")
  leader=$(leader_of_tasks) && leader_pid=$(ctl "$leader" eval 'list_to_integer(os:getpid()).')
  killed+=("$(run "killed-$r" yes)")
  start_node "$leader"; await_node "$leader"   # back for the next round (not timed)
  until [ "$(ctl "$leader" eval 'length(rabbit_nodes:all_running()).')" = 3 ]; do sleep 1; done
done
load=$(cut -d' ' -f1-3 /proc/loadavg)
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
mn=$(median "${none[@]}") mk=$(median "${killed[@]}")
echo "word count, $maps maps, 4 reduces, 2 workers, quorum queues on 3 nodes (load average $load):"
echo "  no fault:                           ${none[*]} s (median $mn s)"
echo "  leader node SIGKILLed at 1/3 maps:  ${killed[*]} s (median $mk s)"
echo "  ratio killed / no fault: $(awk -v a="$mk" -v b="$mn" 'BEGIN { printf "%.2f", a / b }'); every run's output identical"
