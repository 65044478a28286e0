package io.warren.cli;

import io.warren.apps.WordCount;
import io.warren.broker.testing.AmqpTestBroker;
import io.warren.coordinator.domain.JobRecord;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.Streaming;
import io.warren.coordinator.storage.ObjectJobStore;
import io.warren.storage.s3.S3Location;
import io.warren.storage.s3.S3ObjectStore;
import io.warren.storage.s3.S3Settings;
import io.warren.storage.s3.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fleet whose storage root is a bucket ({@code --storage s3://warren/root} on s3proxy): a coordinator and two
 * workers, separate JVMs that share nothing but the broker and the bucket. Relative job paths resolve under the
 * bucket's prefix; intermediate files and shipped files live in the bucket and are gone when the job ends; job state
 * is in the bucket; nothing is on local disk but the workers' spill scratch, cleaned up.
 */
class S3StorageRootIT {
    private static final String BUCKET = "warren";
    private static final String ROOT = "s3://" + BUCKET + "/root";
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    @TempDir
    static Path dir;
    static S3TestServer server;
    static S3Client s3;
    static Fleet fleet;
    static Path scratch;
    static Map<String, Path> docs;
    static ObjectJobStore records;

    @BeforeAll
    static void start() throws Exception {
        server = S3TestServer.start();
        s3 = server.client(S3Settings.MIN_PART_BYTES);
        s3.createBucket(r -> r.bucket(BUCKET));
        Map<String, Path> generated = TextGenerator.write(dir.resolve("gen"), "in", 6, 3000, 2207);
        docs = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Path> doc : generated.entrySet()) {
            s3.putObject(r -> r.bucket(BUCKET).key("root/" + doc.getKey()), doc.getValue());
            docs.put(ROOT + "/" + doc.getKey(), doc.getValue()); // a bucket root's inputs are named by their URIs
        }
        scratch = dir.resolve("scratch");
        Files.createDirectories(dir.resolve("state"));
        records = new ObjectJobStore(new S3ObjectStore(s3, S3Location.parse(ROOT).resolve(".warren"), S3Settings.MIN_PART_BYTES));
        fleet = new Fleet("s3-root", dir.resolve("state"), "--task-timeout", "20s")
                .withEnvironment(server.environment()).withStorageRoot(ROOT, records);
        fleet.startCoordinator();
        // A small sort buffer makes every map spill and merge its scratch runs.
        fleet.startWorkers(2, "--local-dir", scratch.toString(), "--sort-buffer", "16k");
    }

    @AfterAll
    static void stop() {
        if (fleet != null) fleet.close();
        if (s3 != null) s3.close();
        if (server != null) server.close();
    }

    private static List<String> keys(String prefix) {
        return s3.listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix(prefix)).contents().stream().map(S3Object::key)
                .sorted().toList();
    }

    private static int pendingUploads() {
        return s3.listMultipartUploads(r -> r.bucket(BUCKET)).uploads().size();
    }

    private static String object(String key) {
        return s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asString(StandardCharsets.UTF_8);
    }

    private static List<String> outputLines(String prefix, int reduces) {
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < reduces; r++) lines.addAll(SequentialReference.lines(object(prefix + "mr-out-" + r)));
        lines.sort(null);
        return lines;
    }

    /** Regular files under the workers' scratch directory: none once no task runs. */
    private static List<Path> scratchFiles() throws Exception {
        if (!Files.exists(scratch)) return List.of();
        try (Stream<Path> files = Files.walk(scratch)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    /** The job's directory in the bucket's work area is emptied at its end, and no upload is left pending. */
    private static void assertCleanedUp(String jobId) throws Exception {
        assertCleanedUp("root", jobId, dir.resolve("state"));
    }

    private static void assertCleanedUp(String root, String jobId, Path localDir) throws Exception {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> keys(root + "/.warren/jobs/" + jobId + "/").isEmpty() && pendingUploads() == 0);
        assertThat(keys(root + "/.warren/jobs/" + jobId + "/")).as("intermediate and shipped files").isEmpty();
        assertThat(pendingUploads()).isZero();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> scratchFiles().isEmpty());
        try (Stream<Path> local = Files.walk(localDir)) {
            assertThat(local.filter(Files::isRegularFile)).as("nothing on local disk").isEmpty();
        }
        assertThat(keys(root + "/.warren/state/" + jobId + "/")).as("the job's record, folded into its snapshot")
                .singleElement().asString().startsWith(root + "/.warren/state/" + jobId + "/snapshot-");
    }

    @Test
    void aJavaJobWithRelativePathsRunsOnTheBucketAndLeavesNoIntermediates() throws Exception {
        JobSpec spec = JobSpec.of("root-wc", "wordcount", null, List.of("in/*.txt"), "out/wc", 3, Map.of());
        JobUpdate end = fleet.run(spec, JOB_TIMEOUT);
        assertThat(end.state()).as("job: %s", fleet.record(spec.jobId()).error()).isEqualTo(JobState.SUCCEEDED);

        assertThat(keys("root/out/wc/")).containsExactly("root/out/wc/_SUCCESS", "root/out/wc/mr-out-0",
                "root/out/wc/mr-out-1", "root/out/wc/mr-out-2");
        assertThat(outputLines("root/out/wc/", 3)).isEqualTo(SequentialReference.run(new WordCount(), Map.of(), docs));
        assertThat(object("root/out/wc/_SUCCESS")).contains("\"jobId\":\"root-wc\"");
        assertCleanedUp(spec.jobId());
    }

    @Test
    void aStreamingJobGetsItsShippedFilesFromTheBucket() throws Exception {
        // Without its combiner: the workers' tiny sort buffer would start a combiner process per 16 KiB spill.
        Streaming wordCount = StreamingJobs.pythonWordCount();
        JobSpec spec = JobSpec.of("root-stream", null, null, List.of("in/*.txt"), "out/stream", 2, Map.of())
                .withStreaming(new Streaming(wordCount.mapper(), wordCount.reducer(), null, wordCount.files()));
        JobUpdate end = fleet.run(spec, JOB_TIMEOUT);
        assertThat(end.state()).as("job: %s", fleet.record(spec.jobId()).error()).isEqualTo(JobState.SUCCEEDED);

        List<String> lines = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            for (String line : SequentialReference.lines(object("root/out/stream/mr-out-" + r))) lines.add(line.replace('\t', ' '));
        }
        lines.sort(null);
        assertThat(lines).isEqualTo(StreamingJobs.expectedWordCount(docs));
        assertCleanedUp(spec.jobId());
    }

    @Test
    void aPathLeavingTheBucketRootIsRefused() throws Exception {
        JobSpec spec = JobSpec.of("root-escape", "wordcount", null, List.of("../elsewhere/*.txt"), "out/escape", 1, Map.of());
        JobUpdate end = fleet.run(spec, JOB_TIMEOUT);
        assertThat(end.state()).isEqualTo(JobState.FAILED);
        assertThat(fleet.record(spec.jobId()).error()).contains("outside the storage root " + ROOT);
        assertThat(keys("root/out/escape/")).isEmpty();
    }

    /**
     * Two coordinators on the bucket, the active one SIGKILLed mid-job: the standby claims the next term in the bucket,
     * reads the job from the bucket and finishes it; output exact, nothing left pending.
     */
    @Test
    void aStandbyTakesOverAJobFromTheBucketWhenTheActiveCoordinatorIsKilled() throws Exception {
        // A root of its own: a fleet's terms are its storage root's, and the other fleet's coordinator holds one there.
        String root = "s3://" + BUCKET + "/takeover";
        for (Map.Entry<String, Path> doc : docs.entrySet()) {
            String key = "takeover/in/" + doc.getValue().getFileName();
            s3.putObject(r -> r.bucket(BUCKET).key(key), doc.getValue());
        }
        ObjectJobStore pairRecords = new ObjectJobStore(new S3ObjectStore(s3, S3Location.parse(root).resolve(".warren"),
                S3Settings.MIN_PART_BYTES));
        Files.createDirectories(dir.resolve("takeover"));
        try (Fleet pair = new Fleet("s3-takeover", dir.resolve("takeover"), "--task-timeout", "10s")
                .withEnvironment(server.environment()).withStorageRoot(root, pairRecords)) {
            pair.startCoordinator();
            String standby = pair.startStandbyCoordinator();
            pair.startWorkers(2);
            // Small splits make many maps, so the kill comes mid-job.
            JobSpec spec = JobSpec.of("root-takeover", "wordcount", null, List.of("in/*.txt"), "out", 2,
                    Map.of()).withSplitSize(4096L);
            var job = pair.submit(spec);
            JobRecord atKill = pair.awaitRecord(spec.jobId(), r -> r.mapsDone() >= 3, Duration.ofSeconds(60));
            pair.kill("coordinator-1");
            assertThat(atKill.mapsDone()).as("the kill came mid-job").isLessThan(atKill.maps().size());
            pair.awaitLog(standby, "coordinator started");

            JobUpdate end = job.get(3, java.util.concurrent.TimeUnit.MINUTES);
            assertThat(end.state()).as("job: %s", pairRecords.load(spec.jobId()).map(JobRecord::error))
                    .isEqualTo(JobState.SUCCEEDED);
            assertThat(keys("takeover/out/")).containsExactly("takeover/out/_SUCCESS", "takeover/out/mr-out-0",
                    "takeover/out/mr-out-1");
            assertThat(outputLines("takeover/out/", 2)).isEqualTo(SequentialReference.run(new WordCount(), Map.of(), docs));
            assertThat(keys("takeover/.warren/terms/")).as("both terms, claimed in the bucket")
                    .containsExactly("takeover/.warren/terms/1", "takeover/.warren/terms/2");
            assertCleanedUp("takeover", spec.jobId(), dir.resolve("takeover"));
        }
    }

    /**
     * A role whose bucket cannot be used stops at start, within seconds, naming the URI and S3's error, and never
     * prints the secret key.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} {1}")
    @org.junit.jupiter.params.provider.CsvSource({
            "worker,      missing bucket,       s3://no-such-bucket/x, ,                    NoSuchBucket",
            "coordinator, missing bucket,       s3://no-such-bucket,   ,                    NoSuchBucket",
            "worker,      wrong secret key,     s3://warren/root,      secret,              403",
            "coordinator, unreachable endpoint, s3://warren/root,      endpoint,            s3://warren/root"})
    void aRoleWhoseBucketCannotBeUsedFailsAtStartNamingTheUriAndTheError(String role, String what, String uri,
                                                                         String broken, String error) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(server.environment());
        if ("secret".equals(broken)) env.put("AWS_SECRET_ACCESS_KEY", "not-the-secret-key");
        if ("endpoint".equals(broken)) {
            try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
                env.put("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + closed.getLocalPort());
            }
        }
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), role, "--storage", uri);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("WARREN_AMQP_URI", AmqpTestBroker.uri().toString());
        long started = System.nanoTime();
        Process p = pb.start();
        try {
            assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("the role stops by itself").isTrue();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isEqualTo(2);
            assertThat(out).contains("storage root " + uri).contains(error)
                    .doesNotContain(S3TestServer.SECRET_KEY).doesNotContain("not-the-secret-key");
            assertThat(took).as("JVM start included").isLessThan(Duration.ofSeconds(30));
        } finally {
            p.destroyForcibly();
        }
    }
}
