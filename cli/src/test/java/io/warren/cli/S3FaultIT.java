package io.warren.cli;

import io.warren.apps.WordCount;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.storage.s3.S3Settings;
import io.warren.storage.s3.S3TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fleet of real processes whose job reads its input from and writes its output to a real S3 server (s3proxy), with
 * faults: the worker running the reduce is SIGKILLed while its part is a pending multipart upload.
 */
class S3FaultIT {
    private static final String BUCKET = "warren";
    @TempDir
    Path storage;
    private S3TestServer server;
    private S3Client s3;
    private Fleet fleet;

    @BeforeEach
    void startS3() throws Exception {
        server = S3TestServer.start();
        s3 = server.client(S3Settings.MIN_PART_BYTES);
        s3.createBucket(r -> r.bucket(BUCKET));
    }

    @AfterEach
    void stop() {
        if (fleet != null) fleet.close();
        if (s3 != null) s3.close();
        if (server != null) server.close();
    }

    /**
     * Seeded lines of random words, nearly all distinct, so that word count's output is about as large as its input
     * and a reduce's part spans several multipart parts. Uploaded as {@code in/<n>.txt}; returns the documents by URI.
     */
    private Map<String, Path> writeInput(int files, int linesPerFile) throws Exception {
        Random random = new Random(2212);
        Map<String, Path> docs = new LinkedHashMap<>();
        Files.createDirectories(storage.resolve("gen"));
        for (int f = 0; f < files; f++) {
            Path file = storage.resolve("gen").resolve(f + ".txt");
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (int l = 0; l < linesPerFile; l++) {
                    for (int w = 0; w < 8; w++) {
                        if (w > 0) out.write(' ');
                        for (int c = 0; c < 9; c++) out.write('a' + random.nextInt(26));
                    }
                    out.write('\n');
                }
            }
            String key = "in/" + f + ".txt";
            s3.putObject(r -> r.bucket(BUCKET).key(key), file);
            docs.put("s3://" + BUCKET + "/" + key, file);
        }
        return docs;
    }

    private List<String> keys(String prefix) {
        return s3.listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix(prefix)).contents().stream().map(S3Object::key)
                .sorted().toList();
    }

    private int pendingUploads() {
        return s3.listMultipartUploads(r -> r.bucket(BUCKET)).uploads().size();
    }

    @Test
    void aReduceWorkerKilledMidUploadLeavesExactOutputAndNoPendingUpload() throws Exception {
        Map<String, Path> docs = writeInput(4, 40_000);
        Map<String, String> env = new HashMap<>(server.environment());
        env.put("WARREN_S3_PART_BYTES", Integer.toString(S3Settings.MIN_PART_BYTES));
        fleet = new Fleet(getClass().getSimpleName(), storage, "--task-timeout", "4s").withEnvironment(env);
        fleet.startCoordinator();
        String first = fleet.startWorker();

        CompletableFuture<JobUpdate> job = fleet.submit(JobSpec.of("s3-kill", "wordcount", null,
                List.of("s3://" + BUCKET + "/in/*.txt"), "s3://" + BUCKET + "/out", 1, Map.of()));
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20)).until(() -> pendingUploads() > 0);
        fleet.kill(first);
        assertThat(keys("out/")).as("nothing is visible while the part is an upload").isEmpty();
        fleet.startWorker();

        JobUpdate end = job.get(5, TimeUnit.MINUTES);
        assertThat(end.state()).as("job: %s", fleet.record("s3-kill").error()).isEqualTo(JobState.SUCCEEDED);
        assertThat(keys("out/")).containsExactly("out/_SUCCESS", "out/mr-out-0");
        List<String> lines = new ArrayList<>(SequentialReference.lines(
                s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("out/mr-out-0")).asString(StandardCharsets.UTF_8)));
        lines.sort(null);
        assertThat(lines).isEqualTo(SequentialReference.run(new WordCount(), Map.of(), docs));
        // The killed attempt's upload is aborted by the job commit; a duplicate attempt that began its upload after
        // the commit (the killed worker's task redelivered and also timed out) aborts its own when it ends.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> pendingUploads() == 0);
        assertThat(keys("out/")).containsExactly("out/_SUCCESS", "out/mr-out-0");
    }

    @Test
    void aFrozenReduceAttemptResumingAfterTheWinnerNeverChangesTheOutput() throws Exception {
        Map<String, Path> docs = writeInput(4, 40_000);
        Map<String, String> env = new HashMap<>(server.environment());
        env.put("WARREN_S3_PART_BYTES", Integer.toString(S3Settings.MIN_PART_BYTES));
        fleet = new Fleet(getClass().getSimpleName(), storage, "--task-timeout", "4s", "--no-backup-tasks")
                .withEnvironment(env);
        fleet.startCoordinator();
        String frozen = fleet.startWorker();

        CompletableFuture<JobUpdate> job = fleet.submit(JobSpec.of("s3-dup", "wordcount", null,
                List.of("s3://" + BUCKET + "/in/*.txt"), "s3://" + BUCKET + "/out", 1, Map.of()));
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20)).until(() -> pendingUploads() > 0);
        fleet.signal(frozen, "STOP");
        fleet.startWorker();

        JobUpdate end = job.get(5, TimeUnit.MINUTES);
        assertThat(end.state()).as("job: %s", fleet.record("s3-dup").error()).isEqualTo(JobState.SUCCEEDED);
        List<String> outputKeys = keys("out/");
        String part = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("out/mr-out-0")).asString(StandardCharsets.UTF_8);
        String manifest = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("out/_SUCCESS")).asString(StandardCharsets.UTF_8);

        fleet.signal(frozen, "CONT"); // the first attempt resumes mid-upload, after the winner and the job commit
        await().atMost(Duration.ofSeconds(60)).until(() -> fleet.log(frozen).contains("job=s3-dup")
                && (fleet.log(frozen).contains("abandoned") || fleet.log(frozen).contains("failed:")
                || fleet.log(frozen).contains("dropping")));

        assertThat(keys("out/")).isEqualTo(outputKeys).containsExactly("out/_SUCCESS", "out/mr-out-0");
        assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("out/mr-out-0")).asString(StandardCharsets.UTF_8))
                .isEqualTo(part);
        assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("out/_SUCCESS")).asString(StandardCharsets.UTF_8))
                .isEqualTo(manifest);
        List<String> lines = new ArrayList<>(SequentialReference.lines(part));
        lines.sort(null);
        assertThat(lines).isEqualTo(SequentialReference.run(new WordCount(), Map.of(), docs));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> pendingUploads() == 0);
    }
}
