#!/usr/bin/env bash
# A RabbitMQ node of one's own on this machine, beside the packaged one, for tests and benchmarks that freeze, kill,
# restart or cut the connections of a broker: never the shared one on 5672. Runs the node as the rabbitmq user, so it
# shares that user's Erlang cookie; needs root (as CI runs) or passwordless sudo.
#   private-rabbitmq.sh start NAME AMQP_PORT DIST_PORT DIR   starts node NAME@localhost, returns once it is up (~20 s)
#   private-rabbitmq.sh pid NAME                             the node's Erlang VM (to SIGSTOP or SIGKILL)
#   private-rabbitmq.sh ctl NAME ARGS...                     rabbitmqctl against the node
#   private-rabbitmq.sh stop NAME                            stops the node (a SIGKILLed one is left alone)
set -euo pipefail
PATH=/usr/sbin:/usr/lib/rabbitmq/bin:$PATH
as_rabbitmq() {
  local cmd
  printf -v cmd '%q ' "$@"
  if [ "$(id -u)" = 0 ]; then su -s /bin/bash rabbitmq -c "PATH=$PATH $cmd"
  elif sudo -n true 2>/dev/null; then sudo -n -u rabbitmq env PATH="$PATH" "$@"
  else echo "private-rabbitmq.sh: needs root or passwordless sudo to run RabbitMQ as the rabbitmq user" >&2; exit 2
  fi
}
command -v rabbitmq-server >/dev/null || { echo "private-rabbitmq.sh: rabbitmq-server is not installed" >&2; exit 2; }
case "${1:-}" in
  start)
    name=$2 port=$3 dist=$4 dir=$5
    mkdir -p "$dir"
    chown rabbitmq: "$dir" 2>/dev/null || sudo -n chown rabbitmq: "$dir"
    as_rabbitmq bash -c "printf 'listeners.tcp.default = 127.0.0.1:%d\nloopback_users = none\n' $port > '$dir/rabbitmq.conf'; : > '$dir/plugins'"
    as_rabbitmq env RABBITMQ_NODENAME="$name@localhost" RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" \
      RABBITMQ_DIST_PORT="$dist" RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" \
      RABBITMQ_ENABLED_PLUGINS_FILE="$dir/plugins" rabbitmq-server -detached
    for _ in $(seq 1 240); do  # -detached returns before the node is known: wait for it to answer, then to boot
      as_rabbitmq rabbitmqctl -q -n "$name@localhost" ping >/dev/null 2>&1 && break
      sleep 0.5
    done
    as_rabbitmq rabbitmqctl -q -n "$name@localhost" await_startup --timeout 120 ;;
  pid) as_rabbitmq rabbitmqctl -q -n "$2@localhost" eval 'list_to_integer(os:getpid()).' ;;
  ctl) name=$2; shift 2; as_rabbitmq rabbitmqctl -q -n "$name@localhost" "$@" ;;
  stop) as_rabbitmq rabbitmqctl -q -n "$2@localhost" stop 2>/dev/null || true ;;
  *) sed -n '2,9p' "$0" >&2; exit 2 ;;
esac
