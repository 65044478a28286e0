package io.warren.coordinator.http;

import io.warren.coordinator.Observability;
import io.warren.coordinator.domain.JobChange;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.JobReader;
import io.warren.coordinator.domain.JobStore;
import io.warren.coordinator.pipeline.PipelineReader;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class StatusServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final JobRecord job = new JobRecord("job-7", JobSpec.of("job-7", "wordcount", null, List.of("in"), "out", 1, Map.of()),
            JobState.FAILED, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:01Z"),
            "app 'x' is unknown", null, List.of(), List.of(), List.of());
    private final JobStore store = new JobStore() {
        public void save(JobChange change, Supplier<JobRecord> whole) {
        }

        public Optional<JobRecord> load(String id) {
            return id.equals("job-7") ? Optional.of(job) : Optional.empty();
        }

        public List<JobRecord> loadAll() {
            return List.of(job);
        }

        public void delete(String id) {
        }
    };
    private StatusServer server;

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    /** A status page of these jobs alone, on an active coordinator. */
    private static StatusServer statusServer(JobReader jobs, String token) {
        return new StatusServer(LOOPBACK, jobs, PipelineReader.NONE, token, new Observability(Clock.systemUTC()),
                () -> true);
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path));
        if (token != null) r.header("Authorization", "Bearer " + token);
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageAndTheJsonApiServeTheJobRecords() throws Exception {
        server = statusServer(store, null);
        server.start();
        assertThat(get("/", null).body()).contains("<title>Warren status</title>");
        var jobs = Json.MAPPER.readTree(get("/api/jobs", null).body());
        assertThat(jobs.get(0).get("jobId").asText()).isEqualTo("job-7");
        assertThat(jobs.get(0).get("error").asText()).isEqualTo("app 'x' is unknown");
        assertThat(Json.MAPPER.readTree(get("/api/jobs/job-7", null).body()).get("state").asText()).isEqualTo("FAILED");
        assertThat(get("/api/jobs/nope", null).statusCode()).isEqualTo(404);
        assertThat(get("/api/jobs/..%2F..%2Fetc", null).statusCode()).isEqualTo(404);
        assertThat(get("/healthz", null).body()).isEqualTo("ok");
    }

    @Test
    void everyScriptThePageLoadsIsServedBesideIt() throws Exception {
        server = statusServer(store, null);
        server.start();
        List<String> scripts = Pattern.compile("<script src=\"([^\"]+)\"").matcher(get("/", null).body()).results()
                .map(m -> m.group(1)).toList();
        assertThat(scripts).hasSizeGreaterThan(1).last().isEqualTo("/status.js");
        for (String script : scripts) {
            HttpResponse<String> served = get(script, null);
            assertThat(served.statusCode()).as(script).isEqualTo(200);
            assertThat(served.headers().firstValue("Content-Type")).as(script).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/javascript"));
            assertThat(served.body()).as(script).startsWith("//").contains("\"use strict\";");
        }
    }

    @Test
    void withATokenTheApiRefusesRequestsWithoutIt() throws Exception {
        server = statusServer(store, "s3cret-token\n");
        server.start();
        assertThat(get("/api/jobs", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/jobs", "wrong").statusCode()).isEqualTo(401);
        assertThat(get("/api/jobs", "s3cret-token").statusCode()).isEqualTo(200);
        assertThat(get("/api/jobs", "s3cret-token").body()).doesNotContain("s3cret-token");
    }

    @Test
    void workersFailuresMetricsAndHealthAreServed() throws Exception {
        var observability = new Observability(Clock.systemUTC());
        var active = new java.util.concurrent.atomic.AtomicBoolean(false);
        server = new StatusServer(LOOPBACK, store, PipelineReader.NONE, null, observability, active::get);
        server.start();
        Instant now = Instant.now();
        observability.workers().record(new io.warren.protocol.WorkerBeacon("w-1", "host-a", 2,
                List.of(new io.warren.protocol.WorkerBeacon.RunningTask("job-7", io.warren.protocol.Phase.MAP, 4, 2, now)),
                10, 1, now, now, 2_000, false));
        var failure = new io.warren.coordinator.domain.SchedulerListener.AttemptFailure("job-7",
                io.warren.protocol.Phase.REDUCE, 1, 3, "w-9", "timed-out", "no heartbeat for 30s", now);
        observability.listener().attemptFailed(failure);
        observability.listener().taskSucceeded(io.warren.protocol.Phase.MAP, java.time.Duration.ofMillis(1500),
                Map.of("map.input.bytes", 1234L, "map.input.records", 7L));

        var workers = Json.MAPPER.readTree(get("/api/workers", null).body());
        assertThat(workers).hasSize(1);
        assertThat(workers.get(0).get("workerId").asText()).isEqualTo("w-1");
        assertThat(workers.get(0).get("running").get(0).get("taskId").asText()).isEqualTo("map-4");
        var failures = Json.MAPPER.readTree(get("/api/failures", null).body());
        assertThat(failures.get(0).get("taskId").asText()).isEqualTo("reduce-1");
        assertThat(failures.get(0).get("reason").asText()).isEqualTo("no heartbeat for 30s");

        String metrics = get("/metrics", null).body();
        assertThat(metrics).contains("warren_workers_live 1.0", "warren_worker_slots_busy 1.0",
                "warren_task_failures_total{kind=\"timed-out\",phase=\"reduce\"} 1.0",
                "warren_input_bytes_total 1234.0", "warren_records_total{stage=\"map_input\"} 7.0",
                "warren_task_duration_seconds_count{phase=\"map\"} 1", "jvm_memory_used_bytes");
        assertThat(get("/health/live", null).statusCode()).isEqualTo(200);
        assertThat(get("/health/ready", null).statusCode()).isEqualTo(503);
        active.set(true);
        assertThat(get("/health/ready", null).statusCode()).isEqualTo(200);
    }

    @Test
    void withATokenMetricsNeedItToo() throws Exception {
        server = new StatusServer(LOOPBACK, store, PipelineReader.NONE, "t0ken",
                new Observability(Clock.systemUTC()), () -> true);
        server.start();
        assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
        assertThat(get("/metrics", "t0ken").statusCode()).isEqualTo(200);
        assertThat(get("/health/ready", null).statusCode()).isEqualTo(200);
    }

    @Test
    void anEndedJobsRecordIsReadOnceHoweverOftenThePageAsks() throws Exception {
        java.util.concurrent.atomic.AtomicInteger loads = new java.util.concurrent.atomic.AtomicInteger();
        JobRecord running = new JobRecord("job-8", job.spec().withJobId("job-8"), JobState.MAPPING,
                Instant.parse("2026-01-02T00:00:00Z"), null, null, null, List.of(), List.of(), List.of());
        JobStore counting = new JobStore() {
            public void save(JobChange change, Supplier<JobRecord> whole) {
            }

            public Optional<JobRecord> load(String id) {
                loads.incrementAndGet();
                return Optional.of(id.equals("job-7") ? job : running);
            }

            public List<JobRecord> loadAll() {
                return List.of(job, running);
            }

            public List<String> ids() {
                return List.of("job-7", "job-8");
            }

            public void delete(String id) {
            }
        };
        server = statusServer(counting, null);
        server.start();
        for (int i = 0; i < 3; i++) {
            var jobs = Json.MAPPER.readTree(get("/api/jobs", null).body());
            assertThat(jobs.findValuesAsText("jobId")).containsExactly("job-8", "job-7");
        }
        assertThat(loads).hasValue(1 + 3); // job-7 once, the running job-8 on every request
    }

    private static io.warren.coordinator.domain.TaskRecord map(int n, io.warren.coordinator.domain.TaskState state,
                                                                Instant finished) {
        return new io.warren.coordinator.domain.TaskRecord(io.warren.protocol.Phase.MAP, n, state, 1, List.of(), 0,
                Instant.parse("2026-01-01T00:00:00Z"), finished, null, null, null, List.of(), List.of(), Map.of());
    }

    @Test
    void aJobWithManyTasksCanBeAskedForTheTasksThatNeedLookingAtFirst() throws Exception {
        var S = io.warren.coordinator.domain.TaskState.SUCCEEDED;
        JobRecord big = new JobRecord("job-7", job.spec(), JobState.MAPPING, job.submittedAt(), null, null, null,
                List.of(List.of(io.warren.protocol.InputSplit.wholeFile("in/a", 1))),
                List.of(map(0, S, Instant.parse("2026-01-01T00:00:01Z")), map(1, io.warren.coordinator.domain.TaskState.RUNNING, null),
                        map(2, S, Instant.parse("2026-01-01T00:00:03Z")), map(3, io.warren.coordinator.domain.TaskState.PENDING, null),
                        map(4, S, Instant.parse("2026-01-01T00:00:02Z"))), List.of());

        JobRecord three = io.warren.coordinator.status.TaskSelection.toLookAt(3).apply(big);
        assertThat(three.maps()).extracting(io.warren.coordinator.domain.TaskRecord::number).containsExactly(1, 2, 3);
        assertThat(three.mapInputs()).isEmpty();
        assertThat(io.warren.coordinator.status.TaskSelection.toLookAt(10).apply(big).maps()).hasSize(5);

        JobStore one = new JobStore() {
            public void save(JobChange change, Supplier<JobRecord> whole) {
            }

            public Optional<JobRecord> load(String id) {
                return Optional.of(big);
            }

            public List<JobRecord> loadAll() {
                return List.of(big);
            }

            public void delete(String id) {
            }
        };
        server = statusServer(one, null);
        server.start();
        var trimmed = Json.MAPPER.readTree(get("/api/jobs/job-7?tasks=2", null).body());
        assertThat(trimmed.get("maps")).hasSize(2);
        assertThat(trimmed.get("mapCount").asInt()).isEqualTo(5);
        assertThat(Json.MAPPER.readTree(get("/api/jobs/job-7", null).body()).get("maps")).hasSize(5);
        assertThat(Json.MAPPER.readTree(get("/api/jobs?limit=0", null).body())).isEmpty();
        assertThat(Json.MAPPER.readTree(get("/api/jobs?limit=5", null).body())).hasSize(1);
    }

    @Test
    void aJobsTimelineRefusalAndThePagesScriptAndStyleAreServed() throws Exception {
        Instant t0 = job.submittedAt();
        var map = new io.warren.coordinator.domain.TaskRecord(io.warren.protocol.Phase.MAP, 0,
                io.warren.coordinator.domain.TaskState.SUCCEEDED, 2, List.of(), 0, t0, t0.plusSeconds(3), "w-2", null,
                null, List.of("w-1"), List.of(
                new io.warren.coordinator.domain.TaskRun(1, "w-1", t0, t0, t0.plusSeconds(1),
                        io.warren.coordinator.domain.TaskRun.Outcome.FAILED, "boom"),
                new io.warren.coordinator.domain.TaskRun(2, "w-2", t0.plusSeconds(1), t0.plusSeconds(1), t0.plusSeconds(3),
                        io.warren.coordinator.domain.TaskRun.Outcome.SUCCEEDED, null)),
                Map.of("map.input.bytes", 2000L));
        JobRecord ran = new JobRecord("job-9", job.spec().withJobId("job-9"), JobState.MAPPING, t0, null, null, null,
                List.of(), List.of(map), List.of());
        server = new StatusServer(LOOPBACK, storeOf(job, ran), PipelineReader.NONE, null,
                new Observability(Clock.fixed(t0.plusSeconds(4), ZoneOffset.UTC)), () -> true);
        server.start();

        var timeline = Json.MAPPER.readTree(get("/api/jobs/job-9/timeline", null).body());
        assertThat(timeline.get("elapsed").asLong()).isEqualTo(4000);
        assertThat(timeline.get("lanes").findValuesAsText("worker")).containsExactly("w-1", "w-2");
        assertThat(timeline.get("bars").findValuesAsText("outcome")).containsExactly("failed", "succeeded");
        assertThat(timeline.get("bars").get(0).get("error").asText()).isEqualTo("boom");
        assertThat(timeline.get("throughput").get("input").toString()).isEqualTo("[0,1000,1000,0]");
        assertThat(get("/api/jobs/job-9/timeline?bars=1", null).statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(get("/api/jobs/job-9/timeline?bars=1", null).body()).get("bars")).hasSize(1);
        assertThat(get("/api/jobs/nope/timeline", null).statusCode()).isEqualTo(404);

        var jobs = Json.MAPPER.readTree(get("/api/jobs", null).body());
        assertThat(jobs.findValuesAsText("jobId")).containsExactly("job-9", "job-7");
        assertThat(jobs.findValues("refused")).extracting(com.fasterxml.jackson.databind.JsonNode::asBoolean)
                .containsExactly(false, true);
        assertThat(Json.MAPPER.readTree(get("/api/jobs/job-7", null).body()).get("refused").asBoolean()).isTrue();

        HttpResponse<String> script = get("/status-charts.js", null);
        assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(script.body()).contains("function drawTimeline");
        assertThat(get("/status.css", null).body()).contains(".bar.failed");
        assertThat(get("/", null).body()).contains("/status.js", "/status.css").doesNotContain("http://", "https://");
        assertThat(get("/other.js", null).statusCode()).isEqualTo(404);
    }

    private static JobStore storeOf(JobRecord... jobs) {
        return new JobStore() {
            public void save(JobChange change, Supplier<JobRecord> whole) {
            }

            public Optional<JobRecord> load(String id) {
                return java.util.Arrays.stream(jobs).filter(j -> j.jobId().equals(id)).findFirst();
            }

            public List<JobRecord> loadAll() {
                return List.of(jobs);
            }

            public void delete(String id) {
            }
        };
    }

    @Test
    void aBigJobIsShownAsItsCountsAndTheTasksToLookAtWithPagesForTheRest() throws Exception {
        var S = io.warren.coordinator.domain.TaskState.SUCCEEDED;
        var P = io.warren.coordinator.domain.TaskState.PENDING;
        int n = StatusServer.DEFAULT_TASKS * 3;
        List<io.warren.coordinator.domain.TaskRecord> maps = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean done = i % 3 != 0;
            maps.add(map(i, done ? S : P, done ? Instant.parse("2026-01-01T00:00:00Z").plusMillis(i) : null));
        }
        JobRecord big = new JobRecord("big", job.spec(), JobState.MAPPING, job.submittedAt(), null, null, null,
                List.of(), maps, List.of());
        server = statusServer(storeOf(big), null);
        server.start();

        var shown = Json.MAPPER.readTree(get("/api/jobs/big", null).body());
        assertThat(shown.get("maps")).hasSize(StatusServer.DEFAULT_TASKS);
        assertThat(shown.get("mapCount").asInt()).isEqualTo(n);
        assertThat(shown.get("taskCounts").get("map").get("pending").asInt()).isEqualTo(n / 3);
        assertThat(shown.get("taskCounts").get("map").get("succeeded").asInt()).isEqualTo(n - n / 3);
        assertThat(shown.get("maps").findValuesAsText("state")).containsOnly("PENDING"); // the waiting ones first
        assertThat(Json.MAPPER.readTree(get("/api/jobs/big?tasks=all", null).body()).get("maps")).hasSize(n);

        var page = Json.MAPPER.readTree(get("/api/jobs/big?phase=map&state=succeeded&offset=10&tasks=5", null).body());
        List<Integer> expected = maps.stream().filter(t -> t.state() == S).skip(10).limit(5)
                .map(io.warren.coordinator.domain.TaskRecord::number).toList();
        assertThat(page.get("maps").findValues("number")).extracting(com.fasterxml.jackson.databind.JsonNode::asInt)
                .isEqualTo(expected);
        assertThat(Json.MAPPER.readTree(get("/api/jobs/big?phase=reduce", null).body()).get("maps")).isEmpty();

        HttpResponse<String> bad = get("/api/jobs/big?state=finished", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("state takes").contains("finished");
        assertThat(get("/api/jobs/big?tasks=many", null).statusCode()).isEqualTo(400);
    }

    @Test
    void itListensOnlyWhereItIsTold() {
        server = statusServer(store, null);
        assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
    }
}
