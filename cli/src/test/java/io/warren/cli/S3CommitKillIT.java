package io.warren.cli;

import io.warren.apps.probe.Probe;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.TaskRecord;
import io.warren.coordinator.domain.TaskRun;
import io.warren.coordinator.storage.ObjectJobStore;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.storage.s3.S3Location;
import io.warren.storage.s3.S3ObjectStore;
import io.warren.storage.s3.S3Settings;
import io.warren.storage.s3.S3TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The coordinator of a fleet on a bucket root killed in the job's commit: a {@link HaltingCoordinator} halts itself
 * (as a SIGKILL would) once a reduce's part is committed, or once {@code _SUCCESS} is written and the job's success is
 * not yet on record; a plain coordinator started afterwards reads the job from the bucket and finishes it. The output
 * is exact, each part and {@code _SUCCESS} exist once, and no upload is left pending.
 */
class S3CommitKillIT {
    private static final String BUCKET = "warren";
    private static final String ROOT = "s3://" + BUCKET + "/root";
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);
    @TempDir
    Path dir;
    private S3TestServer server;
    private S3Client s3;
    private Fleet fleet;

    @AfterEach
    void stop() {
        if (fleet != null) fleet.close();
        if (s3 != null) s3.close();
        if (server != null) server.close();
    }

    private List<String> keys(String prefix) {
        return s3.listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix(prefix)).contents().stream().map(S3Object::key)
                .sorted().toList();
    }

    private String object(String key) {
        return s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"REDUCE_COMMITTED", "SUCCESS_WRITTEN"})
    void aCoordinatorKilledInTheCommitOnABucketIsResumedToExactOutputAndOneSuccess(String boundary) throws Exception {
        server = S3TestServer.start();
        s3 = server.client(S3Settings.MIN_PART_BYTES);
        s3.createBucket(r -> r.bucket(BUCKET));
        Map<String, Path> generated = TextGenerator.write(dir.resolve("gen"), "in", 6, 300, 31);
        Map<String, Path> docs = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Path> doc : generated.entrySet()) {
            s3.putObject(r -> r.bucket(BUCKET).key("root/" + doc.getKey()), doc.getValue());
            docs.put(ROOT + "/" + doc.getKey(), doc.getValue());
        }
        ObjectJobStore records = new ObjectJobStore(new S3ObjectStore(s3, S3Location.parse(ROOT).resolve(".warren"),
                S3Settings.MIN_PART_BYTES));
        fleet = new Fleet(getClass().getSimpleName(), dir.resolve("local"), "--task-timeout", "10s")
                .withEnvironment(server.environment()).withStorageRoot(ROOT, records);
        String first = fleet.startCoordinatorMain(HaltingCoordinator.class, "--halt-at", boundary);
        fleet.awaitLog(first, "coordinator started");
        fleet.startWorkers(2);
        Map<String, String> params = Map.of("reduceDelayMillis", "300");
        CompletableFuture<JobUpdate> job = fleet.submit(JobSpec.of("s3-commit", Probe.class.getName(), null,
                List.of("in/*.txt"), "out", 3, params));

        Process coordinator = fleet.process(first);
        assertThat(coordinator.waitFor(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .as("the coordinator halted at %s", boundary).isTrue();
        assertThat(coordinator.exitValue()).isEqualTo(137);
        assertThat(fleet.log(first)).contains("reached " + boundary + ": halting");
        assertThat(job).as("no one was told the job ended").isNotDone();

        fleet.startCoordinator();
        JobUpdate end = job.get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(end.state()).as(fleet.record("s3-commit").error()).isEqualTo(JobState.SUCCEEDED);
        assertThat(keys("root/out/")).as("each part once, _SUCCESS once, nothing half-written")
                .containsExactly("root/out/_SUCCESS", "root/out/mr-out-0", "root/out/mr-out-1", "root/out/mr-out-2");
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < 3; r++) lines.addAll(SequentialReference.lines(object("root/out/mr-out-" + r)));
        lines.sort(null);
        assertThat(lines).isEqualTo(SequentialReference.run(new Probe(), params, docs));
        assertThat(object("root/out/_SUCCESS")).contains("\"jobId\":\"s3-commit\"").contains("mr-out-2");

        JobRecord record = fleet.record("s3-commit");
        for (TaskRecord t : record.reduces()) {
            assertThat(t.runs().stream().filter(r -> r.outcome() == TaskRun.Outcome.SUCCEEDED))
                    .as("reduce %d won once", t.number()).hasSize(1);
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> keys("root/.warren/jobs/s3-commit/").isEmpty());
        assertThat(s3.listMultipartUploads(r -> r.bucket(BUCKET)).uploads()).as("pending uploads").isEmpty();
    }
}
