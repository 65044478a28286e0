#!/usr/bin/env bash
# Network partitions at random (issue 24): for MINUTES (default 2), a stream of mixed jobs (a word count with slow
# tasks, the indexer, a streaming word count in Python, a two-step pipeline), two at a time, on two coordinators and
# three workers, each on a host of its own (a network namespace), under random cuts, one-way cuts, heals and SIGKILLs
# of coordinators and workers, one fault at a time, each partition lasting 15-35 s. With CLUSTER=true (the default) the
# broker is three RabbitMQ nodes on three more hosts, with quorum queues, and the faults also cut off, split off and
# SIGKILL broker nodes; with CLUSTER=false it is this machine's broker on 5672, reached through a forwarder (never
# reconfigured). Every job's output is compared with a sequential run and watched for a second commit, and every
# record is checked after the heal. Prints a line per job and per fault, then: jobs run, faults applied by kind, wrong
# outputs, failed jobs, lost jobs (all must be 0; the script exits non-zero otherwise).
# The run is cli's PartitionsBench (test code: the test bed of cli/src/test/java/io/warren/cli/net), run by Maven.
# Needs root, iproute2, iptables, socat, python3 and rabbitmq-server (see docs/testing.md).
# Usage: [CLUSTER=true|false] [SEED=N] bench/partitions.sh [MINUTES]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
minutes=${1:-2}
[ "$(id -u)" = 0 ] || { echo "partitions.sh: needs root (network namespaces, iptables, RabbitMQ nodes)" >&2; exit 2; }
for tool in ip iptables socat python3; do
  PATH="$PATH:/usr/sbin:/sbin" command -v "$tool" >/dev/null \
    || { echo "partitions.sh: $tool is missing (Debian: apt-get install iproute2 iptables socat python3)" >&2; exit 2; }
done
dir=${WARREN_BENCH_DIR:-$(mktemp -d)}/partitions-$$
mkdir -p "$dir"
report="$dir/report.txt"
cd "$root"
# The modules cli depends on, from this tree (offline when the local repository has everything).
./mvnw -q ${MAVEN_OFFLINE:+-o} install -DskipTests -pl cli -am >"$dir/build.log" 2>&1 \
  || { tail -30 "$dir/build.log" >&2; exit 1; }
props=(-Dwarren.partitions.minutes="$minutes" -Dwarren.partitions.cluster="${CLUSTER:-true}"
       -Dwarren.partitions.report="$report" -Dwarren.fleet.log=INFO)
[ -z "${SEED:-}" ] || props+=(-Dwarren.partitions.seed="$SEED")
status=0
./mvnw ${MAVEN_OFFLINE:+-o} verify -pl cli -Dit.test=PartitionsBench -Dtest=skip -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfailsafe.timeout=0 "${props[@]}" >"$dir/maven.log" 2>&1 || status=$?
grep -E '^[0-9:]{8} ' "$dir/maven.log" || true
if [ -f "$report" ]; then cat "$report"; else tail -40 "$dir/maven.log"; fi
echo "logs: $dir/maven.log and cli/target/fleet-logs/test-partitions-*"
exit "$status"
