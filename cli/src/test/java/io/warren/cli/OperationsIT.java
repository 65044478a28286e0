package io.warren.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.warren.apps.probe.Probe;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.TaskRecord;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator sees of a running fleet (a coordinator and two worker JVMs on the real broker): the status API's
 * live workers and recent failures, Prometheus metrics from the coordinator and the workers, health endpoints, JSON
 * logs, and job priorities honoured by the task queue.
 */
class OperationsIT {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);
    private static final String PROBE = Probe.class.getName();
    @TempDir
    static Path storage;
    static Fleet fleet;
    static String jsonWorker;
    static String textWorker;

    @BeforeAll
    static void startFleet() throws Exception {
        TextGenerator.write(storage, "in", 8, 200, 11);
        fleet = new Fleet("ops", storage, "--task-timeout", "20s", "--max-attempts", "2");
        fleet.startCoordinator();
        jsonWorker = fleet.startWorkerJvm(List.of("-Dwarren.log.format=json"), "--http-port", "0");
        textWorker = fleet.startWorker("--http-port", "0");
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) fleet.close();
    }

    private static JsonNode api(String path) throws Exception {
        var response = fleet.get("coordinator-1", path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }

    /** The value of one sample in a Prometheus text exposition, or 0 when it is absent. */
    private static double sample(String exposition, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(exposition);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static JobSpec probe(String id, Map<String, String> params) {
        return JobSpec.of(id, PROBE, null, List.of("in/*.txt"), "out/" + id, 2, params);
    }

    @Test
    void theStatusApiShowsLiveWorkersWithTheirTasksAndRecentFailures() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> api("api/workers").size() == 2);

        CompletableFuture<JobUpdate> slow = fleet.submit(probe("ops-slow", Map.of("mapDelayMillis", "1500")));
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (JsonNode w : api("api/workers")) {
                for (JsonNode t : w.get("running")) if (t.get("jobId").asText().equals("ops-slow")) return true;
            }
            return false;
        });
        assertThat(slow.get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).state()).isEqualTo(JobState.SUCCEEDED);

        JobUpdate failed = fleet.run(probe("ops-fail", Map.of("failMapOf", "in/3.txt")), JOB_TIMEOUT);
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        JsonNode failures = api("api/failures");
        assertThat(failures).isNotEmpty();
        JsonNode first = failures.get(0);
        assertThat(first.get("jobId").asText()).isEqualTo("ops-fail");
        assertThat(first.get("kind").asText()).isEqualTo("failed");
        assertThat(first.get("reason").asText()).contains("probe failure requested for");
        assertThat(first.get("worker").asText()).isNotBlank();
        assertThat(api("api/jobs/ops-slow").get("priority")).isNull(); // a spec without one
    }

    @Test
    void coordinatorAndWorkersExposePrometheusMetricsAndHealth() throws Exception {
        JobUpdate done = fleet.run(probe("ops-metrics", Map.of()), JOB_TIMEOUT);
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        JobRecord record = fleet.record("ops-metrics");
        long inputBytes = record.counters().get("map.input.bytes");

        String coordinator = fleet.get("coordinator-1", "metrics").body();
        assertThat(sample(coordinator, "warren_jobs_finished_total{state=\"succeeded\"}")).isGreaterThanOrEqualTo(1);
        assertThat(sample(coordinator, "warren_task_duration_seconds_count{phase=\"map\"}")).isGreaterThanOrEqualTo(8);
        assertThat(sample(coordinator, "warren_task_attempts_total{phase=\"reduce\"}")).isGreaterThanOrEqualTo(2);
        assertThat(sample(coordinator, "warren_input_bytes_total")).isGreaterThanOrEqualTo(inputBytes);
        assertThat(sample(coordinator, "warren_records_total{stage=\"map_input\"}")).isGreaterThan(0);
        assertThat(sample(coordinator, "warren_workers_live")).isEqualTo(2);
        assertThat(sample(coordinator, "warren_worker_slots")).isEqualTo(2);
        assertThat(coordinator).contains("warren_tasks{phase=\"map\",state=\"running\"}", "warren_jobs{state=\"mapping\"}",
                "jvm_memory_used_bytes", "process_uptime_seconds");

        double workerMaps = 0;
        for (String worker : List.of(jsonWorker, textWorker)) {
            String metrics = fleet.get(worker, "metrics").body();
            workerMaps += sample(metrics, "warren_worker_tasks_total{outcome=\"succeeded\",phase=\"map\"}");
            assertThat(metrics).contains("warren_worker_slots 1.0", "jvm_memory_used_bytes");
            assertThat(fleet.get(worker, "health/live").statusCode()).isEqualTo(200);
            assertThat(fleet.get(worker, "health/ready").statusCode()).isEqualTo(200);
        }
        assertThat(workerMaps).as("every map of the job ran on one of the two").isGreaterThanOrEqualTo(8);
        assertThat(fleet.get("coordinator-1", "health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void aWorkerAskedForJsonLogsWritesOneJsonObjectPerLineWithTheTaskInItsMdc() throws Exception {
        assertThat(fleet.run(probe("ops-json", Map.of()), JOB_TIMEOUT).state()).isEqualTo(JobState.SUCCEEDED);
        List<JsonNode> lines = fleet.log(jsonWorker).lines().filter(l -> !l.isBlank()).map(l -> {
            try {
                return Json.MAPPER.readTree(l);
            } catch (Exception e) {
                throw new AssertionError("not a JSON line: " + l, e);
            }
        }).toList();
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l.has("level") && l.has("formattedMessage")).isTrue());
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.at("/mdc/job").asText()).isEqualTo("ops-json");
            assertThat(l.at("/mdc/task").asText()).matches("(map|reduce)-\\d+");
            assertThat(l.at("/mdc/worker").asText()).isNotBlank();
        });
    }

    @Test
    void aHigherPriorityJobOvertakesTheQueuedTasksOfAnEarlierOne() throws Exception {
        CompletableFuture<JobUpdate> low = fleet.submit(probe("ops-low", Map.of("mapDelayMillis", "700")));
        fleet.awaitRecord("ops-low", r -> r.mapsDone() >= 1, JOB_TIMEOUT);
        JobUpdate high = fleet.run(probe("ops-high", Map.of()).withPriority(9), JOB_TIMEOUT);
        assertThat(high.state()).isEqualTo(JobState.SUCCEEDED);
        JobRecord lowAtThatTime = fleet.record("ops-low");
        assertThat(low.get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).state()).isEqualTo(JobState.SUCCEEDED);

        Instant highDone = fleet.record("ops-high").finishedAt();
        Instant lowMapsDone = fleet.record("ops-low").maps().stream().map(TaskRecord::finishedAt).max(Instant::compareTo).orElseThrow();
        assertThat(lowAtThatTime.mapsDone()).as("low-priority maps still waiting when the high one ended").isLessThan(8);
        assertThat(highDone).isBefore(lowMapsDone);
        assertThat(api("api/jobs").findValuesAsText("jobId")).contains("ops-high", "ops-low");
    }
}
