#!/usr/bin/env bash
# The docker-compose.yml topology as plain local processes against the local RabbitMQ, for machines without a
# container engine (CI runs it after the tests): a dedicated broker user and vhost (as compose's .env sets up), one
# coordinator, workers with metrics and health endpoints, and `warren submit --wait` as the submit service. It then
# does what an operator would: scales the workers up and down (SIGTERM, as `docker compose up --scale` sends) while a
# job runs, checks the job's output against a local-mode run of the same job, reads the status API, Prometheus metrics
# and health endpoints, scales to zero workers and back during a job, and cancels a job.
#   deploy/compose-smoke.sh            # needs rabbitmqctl, curl, and the broker on 127.0.0.1:5672
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
warren="$root/warren"
work="$(mktemp -d)"
tag="smoke-$$"
declare -A pids=()

say() { echo "compose-smoke: $*"; }
fail() { echo "compose-smoke: FAILED: $*" >&2; for f in "$work"/*.log; do echo "--- $f" >&2; tail -n 30 "$f" >&2; done; exit 1; }

cleanup() {
  for name in "${!pids[@]}"; do kill -9 "${pids[$name]}" 2>/dev/null || true; wait "${pids[$name]}" 2>/dev/null || true; done
  rabbitmqctl -q delete_user "$tag" >/dev/null 2>&1 || true
  rabbitmqctl -q delete_vhost "$tag" >/dev/null 2>&1 || true
  if [ -n "${KEEP_WORK:-}" ]; then echo "compose-smoke: logs kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

# The broker account compose creates from .env: its own user and vhost, never guest; the password stays in a file.
umask 077
head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$work/password"
rabbitmqctl -q add_vhost "$tag" >/dev/null
rabbitmqctl -q add_user "$tag" "$(cat "$work/password")" >/dev/null
rabbitmqctl -q set_permissions -p "$tag" "$tag" '.*' '.*' '.*' >/dev/null
export WARREN_AMQP_URI="amqp://$tag@127.0.0.1:5672/$tag"
export WARREN_AMQP_PASSWORD_FILE="$work/password"
export WARREN_STORAGE="$work/data"
export WARREN_HTTP_BIND=127.0.0.1
mkdir -p "$WARREN_STORAGE/books"
cp examples/books/*.txt "$WARREN_STORAGE/books/"

start() { # name, then the warren arguments
  local name="$1"; shift
  "$warren" "$@" >"$work/$name.log" 2>&1 &
  pids[$name]=$!
}

await_log() { # name, text, seconds
  for _ in $(seq 1 $(( ${3:-60} * 10 ))); do
    grep -q -- "$2" "$work/$1.log" 2>/dev/null && return 0
    kill -0 "${pids[$1]}" 2>/dev/null || fail "$1 exited before logging '$2'"
    sleep 0.1
  done
  fail "$1 did not log '$2'"
}

# A job's state from the status API: the record's first "state" is the job's own (its tasks have states too).
job_state() { curl -fsS "$status/api/jobs/$1" | grep -o '"state":"[A-Z]*"' | head -1 | cut -d'"' -f4; }

port_of() { grep -o -m1 "$2 at http://127.0.0.1:[0-9]*" "$work/$1.log" | grep -o '[0-9]*$'; }

started=$(date +%s%N)
"$warren" --version >/dev/null # builds the distribution once, if it is stale

# services.coordinator (its status page on a free port instead of 8080, which this machine may use)
WARREN_HTTP_PORT=0 start coordinator coordinator
await_log coordinator "coordinator started"
status="http://127.0.0.1:$(port_of coordinator 'status page')"

# services.worker, scaled to 2; each gets its own metrics port, as each container has its own address
for i in 1 2; do WARREN_WORKER_HTTP_PORT=0 WARREN_SHUTDOWN_GRACE=50s start "worker-$i" worker; done
for i in 1 2; do await_log "worker-$i" "started: slots="; done
say "coordinator and 2 workers up"
for _ in $(seq 1 100); do
  [ "$(curl -fsS "$status/api/workers" | grep -o '"workerId"' | wc -l)" -ge 2 ] && break; sleep 0.1
done
[ "$(curl -fsS "$status/api/workers" | grep -o '"workerId"' | wc -l)" -ge 2 ] || fail "the status API does not list 2 live workers"

# services.submit: a job long enough to scale during it (about 30 map tasks of 600 ms or more each)
job=(--app io.warren.apps.probe.Probe --input 'books/*.txt' --reduces 3 --split-size 32k)
"$warren" submit "${job[@]}" --output out/fleet --job-id smoke-job --param mapDelayMillis=600 --wait \
  >"$work/submit.log" 2>&1 &
pids[submit]=$!
await_log coordinator "job=smoke-job accepted"

# Scale up: a third worker joins the running job.
WARREN_WORKER_HTTP_PORT=0 WARREN_SHUTDOWN_GRACE=50s start worker-3 worker
await_log worker-3 "started: slots="
# Scale down: SIGTERM worker 1 in the middle of the job; it finishes its task, reports it, and exits (143, the JVM's
# code for a SIGTERM its shutdown hooks handled).
grep -q '"state":"MAPPING"' <(curl -fsS "$status/api/jobs/smoke-job") || fail "smoke-job ended before scaling down"
kill -TERM "${pids[worker-1]}"
rc=0; wait "${pids[worker-1]}" || rc=$?
[ "$rc" = 143 ] || [ "$rc" = 0 ] || fail "worker-1 exited with $rc after SIGTERM"
unset 'pids[worker-1]'
grep -q "worker=.* stopped" "$work/worker-1.log" || fail "worker-1 did not stop gracefully"
say "worker-1: $(grep -o 'stopping: finishing [0-9]* running task(s)' "$work/worker-1.log")"
say "scaled 2 -> 3 -> 2 workers while smoke-job ran"

wait "${pids[submit]}" || fail "submit --wait exited with $?"
unset 'pids[submit]'
grep -q "SUCCEEDED" "$work/submit.log" || fail "smoke-job did not succeed"

# The same job in local mode must produce the same output.
(cd "$WARREN_STORAGE" && "$warren" run "${job[@]}" --output out/local >"$work/local.log" 2>&1) || fail "local run failed"
cmp <(sort "$WARREN_STORAGE"/out/fleet/mr-out-*) <(sort "$WARREN_STORAGE"/out/local/mr-out-*) \
  || fail "fleet output differs from the local-mode output"
say "output of smoke-job equals the local-mode run ($(cat "$WARREN_STORAGE"/out/fleet/mr-out-* | wc -l) words)"

# What the operator watches: the status API, Prometheus metrics, health endpoints.
[ "$(job_state smoke-job)" = SUCCEEDED ] || fail "status API: smoke-job is not SUCCEEDED"
metrics="$(curl -fsS "$status/metrics")"
grep -q '^warren_jobs_finished_total{state="succeeded"} 1.0$' <<<"$metrics" || fail "coordinator metrics: no succeeded job"
grep -q '^warren_workers_live 2.0$' <<<"$metrics" || fail "coordinator metrics: live workers are not 2"
curl -fsS "$status/health/ready" >/dev/null || fail "the coordinator is not ready"
for i in 2 3; do
  w="http://127.0.0.1:$(port_of "worker-$i" 'worker metrics and health')"
  curl -fsS "$w/health/ready" >/dev/null || fail "worker-$i is not ready"
  curl -fsS "$w/metrics" | grep -Eq '^warren_worker_tasks_total\{outcome="succeeded",phase="map"\} [1-9]' \
    || fail "worker-$i ran no map of smoke-job"
done
say "status API, metrics and health endpoints answer"

# Scale to zero and back, as KEDA does when the queue drains and fills: SIGTERM every worker in the middle of a job;
# the job waits with its tasks on the queue, and the first worker to come back finishes it.
"$warren" submit "${job[@]}" --output out/zero --job-id smoke-zero --param mapDelayMillis=300 >/dev/null
for _ in $(seq 1 200); do
  curl -fsS "$status/api/jobs/smoke-zero" | grep -q '"outcome":"SUCCEEDED"' && break; sleep 0.1
done
for i in 2 3; do kill -TERM "${pids[worker-$i]}"; done
for i in 2 3; do
  rc=0; wait "${pids[worker-$i]}" || rc=$?
  [ "$rc" = 143 ] || [ "$rc" = 0 ] || fail "worker-$i exited with $rc after SIGTERM"
  unset "pids[worker-$i]"
done
zero="$(curl -fsS "$status/api/jobs/smoke-zero")"
[ "$(job_state smoke-zero)" = MAPPING ] || fail "smoke-zero should wait for workers, but it is $(job_state smoke-zero)"
say "scaled to 0 workers with smoke-zero at $(grep -o '"outcome":"SUCCEEDED"' <<<"$zero" | wc -l) of 32 maps done"
WARREN_WORKER_HTTP_PORT=0 start worker-4 worker
await_log worker-4 "started: slots="
for _ in $(seq 1 600); do
  [ "$(job_state smoke-zero)" = SUCCEEDED ] && break; sleep 0.1
done
[ "$(job_state smoke-zero)" = SUCCEEDED ] || fail "smoke-zero did not finish after scaling back up"
cmp <(sort "$WARREN_STORAGE"/out/zero/mr-out-*) <(sort "$WARREN_STORAGE"/out/local/mr-out-*) \
  || fail "smoke-zero output differs from the local-mode output"
say "scaled back to 1 worker; smoke-zero succeeded with the same output"

# Cancel a running job.
"$warren" submit "${job[@]}" --output out/cancelled --job-id smoke-cancel --param mapDelayMillis=1000 >/dev/null
await_log coordinator "job=smoke-cancel accepted"
"$warren" cancel smoke-cancel >/dev/null
for _ in $(seq 1 100); do
  [ "$(job_state smoke-cancel)" = CANCELLED ] && break; sleep 0.1
done
[ "$(job_state smoke-cancel)" = CANCELLED ] || fail "smoke-cancel was not cancelled"
grep -q "$(cat "$work/password")" "$work"/*.log && fail "the broker password appears in a log"

elapsed=$(( ($(date +%s%N) - started) / 1000000 ))
say "OK in $((elapsed / 1000)).$(printf '%03d' $((elapsed % 1000))) s"
