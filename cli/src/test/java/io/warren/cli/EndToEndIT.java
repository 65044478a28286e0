package io.warren.cli;

import io.warren.apps.Indexer;
import io.warren.apps.WordCount;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.TaskRecord;
import io.warren.coordinator.domain.TaskRun;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Warren as it runs in production: a coordinator and three workers, each a separate JVM, talking only through a real
 * RabbitMQ and a shared directory. Outputs are compared with a sequential computation of the same job.
 */
class EndToEndIT {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);
    @TempDir
    static Path storage;
    static Fleet fleet;
    static Map<String, Path> docs;

    @BeforeAll
    static void startFleet() throws Exception {
        docs = TextGenerator.write(storage, "in", 8, 400, 42);
        fleet = new Fleet("e2e", storage, "--task-timeout", "20s");
        fleet.startCoordinator().startWorkers(3);
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) fleet.close();
    }

    private static JobSpec job(String id, String app, String output, int reduces, Map<String, String> params) {
        return JobSpec.of(id, app, null, List.of("in/*.txt"), output, reduces, params);
    }

    private static JobRecord runToSuccess(JobSpec spec) throws Exception {
        JobUpdate end = fleet.run(spec, JOB_TIMEOUT);
        JobRecord record = fleet.record(spec.jobId());
        assertThat(end.state()).as("job %s ended %s: %s", spec.jobId(), end.state(), record.error())
                .isEqualTo(JobState.SUCCEEDED);
        Path out = storage.resolve(spec.output());
        assertThat(out.resolve("_SUCCESS")).exists();
        assertThat(fleet.layout().intermediateDir(spec.jobId())).doesNotExist();
        return record;
    }

    private static void assertEveryMapRanExactlyOnce(JobRecord record) {
        assertThat(record.maps()).hasSize(docs.size()).allSatisfy(t -> {
            assertThat(t.attempt()).isEqualTo(1);
            assertThat(t.runs()).singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(TaskRun.Outcome.SUCCEEDED));
        });
    }

    @Test
    void wordcountMatchesTheSequentialComputationAndRunsEveryMapOnce() throws Exception {
        JobRecord record = runToSuccess(job("wc", "wordcount", "out/wc", 5, Map.of()));
        assertThat(SequentialReference.output(storage.resolve("out/wc")))
                .isEqualTo(SequentialReference.run(new WordCount(), Map.of(), docs));
        assertEveryMapRanExactlyOnce(record);
        assertThat(record.reduces()).hasSize(5).allSatisfy(t -> assertThat(t.attempt()).isEqualTo(1));
        assertThat(record.counters()).containsAllEntriesOf(SequentialReference.expectedCounters(new WordCount(), Map.of(), docs));
        long outputBytes = 0;
        for (int r = 0; r < 5; r++) outputBytes += Files.size(storage.resolve("out/wc/mr-out-" + r));
        assertThat(record.counters()).containsEntry("bytes.written", outputBytes);
    }

    @Test
    void indexerMatchesTheSequentialComputation() throws Exception {
        JobRecord record = runToSuccess(job("idx", "indexer", "out/idx", 3, Map.of()));
        assertThat(SequentialReference.output(storage.resolve("out/idx")))
                .isEqualTo(SequentialReference.run(new Indexer(), Map.of(), docs));
        assertEveryMapRanExactlyOnce(record);
    }

    @Test
    void mapAndReduceTasksRunInParallelOnSeveralWorkers() throws Exception {
        JobRecord record = runToSuccess(job("par", "io.warren.apps.probe.Probe", "out/par", 4,
                Map.of("mapDelayMillis", "700", "reduceDelayMillis", "700")));
        assertRanInParallel(record.maps());
        assertRanInParallel(record.reduces());
    }

    /** Some two tasks ran on different workers at overlapping times. */
    private static void assertRanInParallel(List<TaskRecord> tasks) {
        List<TaskRun> runs = tasks.stream().flatMap(t -> t.runs().stream()).toList();
        assertThat(runs.stream().map(TaskRun::worker).distinct().count()).isGreaterThanOrEqualTo(2);
        boolean overlap = false;
        for (TaskRun a : runs) {
            for (TaskRun b : runs) {
                overlap |= !a.worker().equals(b.worker()) && before(a.startedAt(), b.endedAt()) && before(b.startedAt(), a.endedAt());
            }
        }
        assertThat(overlap).as("two workers ran tasks at the same time: %s", runs).isTrue();
    }

    private static boolean before(Instant a, Instant b) {
        return a.isBefore(b);
    }

    @Test
    void twoJobsInFlightAtOnceKeepTheirTasksAndFilesApart() throws Exception {
        CompletableFuture<JobUpdate> a = CompletableFuture.supplyAsync(() -> run(job("mix-a", "wordcount", "out/mix-a", 2, Map.of())));
        CompletableFuture<JobUpdate> b = CompletableFuture.supplyAsync(() -> run(job("mix-b", "indexer", "out/mix-b", 3, Map.of())));
        assertThat(a.get().state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(b.get().state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(SequentialReference.output(storage.resolve("out/mix-a")))
                .isEqualTo(SequentialReference.run(new WordCount(), Map.of(), docs));
        assertThat(SequentialReference.output(storage.resolve("out/mix-b")))
                .isEqualTo(SequentialReference.run(new Indexer(), Map.of(), docs));
    }

    private static JobUpdate run(JobSpec spec) {
        try {
            return fleet.run(spec, JOB_TIMEOUT);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aUserJobFromAJarOnSharedStorageRuns() throws Exception {
        Path jar = UserJobJar.build(storage.resolve("jobs"));
        JobSpec spec = JobSpec.of("jar", "com.example.LineLengths", "jobs/" + jar.getFileName(), List.of("in/*.txt"),
                "out/jar", 2, Map.of("minLength", "10"));
        runToSuccess(spec);
        try (URLClassLoader loader = new URLClassLoader(new URL[]{jar.toUri().toURL()}, getClass().getClassLoader())) {
            var job = (io.warren.api.MapReduceJob) loader.loadClass("com.example.LineLengths").getConstructor().newInstance();
            assertThat(SequentialReference.output(storage.resolve("out/jar")))
                    .isEqualTo(SequentialReference.run(job, Map.of("minLength", "10"), docs));
        }
    }

    @Test
    void aJobWithABadSpecFailsAtOnceWithAReason() throws Exception {
        JobUpdate end = fleet.run(job("bad", "grep", "out/bad", 1, Map.of()), JOB_TIMEOUT);
        assertThat(end.state()).isEqualTo(JobState.FAILED);
        assertThat(fleet.record("bad").error()).contains("pattern");
        assertThat(storage.resolve("out/bad")).doesNotExist();
    }

    /**
     * grep keys its output by document, so a document of most of the input lands whole on one reduce: the reduces
     * report what they read as they start, and {@code warren status} names the one with the most and its share.
     */
    @Test
    void statusNamesTheReduceThatHoldsTheMostInput() throws Exception {
        java.util.Random random = new java.util.Random(23);
        Path in = Files.createDirectories(storage.resolve("skew"));
        long bigLines = 0;
        long allLines = 0;
        for (int d = 0; d < 6; d++) {
            int lines = d == 0 ? 3_000 : 100 + random.nextInt(100);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < lines; i++) text.append("line ").append(random.nextInt(1_000_000)).append('\n');
            Files.writeString(in.resolve(d == 0 ? "big.txt" : "small-" + d + ".txt"), text);
            if (d == 0) bigLines = lines;
            allLines += lines;
        }
        JobRecord record = runToSuccess(JobSpec.of("skew", "grep", null, List.of("skew/*.txt"), "out/skew", 4,
                Map.of("pattern", "line")));

        int hot = -1;
        for (int r = 0; r < 4; r++) {
            if (Files.readString(storage.resolve("out/skew/mr-out-" + r)).contains("big.txt")) hot = r;
        }
        var skew = io.warren.coordinator.status.ReduceSkew.of(record).orElseThrow();
        assertThat(skew.task()).isEqualTo("reduce-" + hot);
        assertThat(skew.reported()).isEqualTo(4);
        // Every line is one pair of the same shape, so the big document's share of the bytes is about its share of lines.
        assertThat(skew.share()).isGreaterThan(0.9 * bigLines / allLines).isLessThan(1.0);
        String status = captureStdout(() -> Main.execute("status", "skew", "--storage", storage.toString()));
        assertThat(status).contains("largest reduce  reduce-" + hot + " holds "
                + Math.round(100 * skew.share()) + "% of the reduce input");
    }

    @Test
    void submitWaitAndStatusWorkFromTheCommandLine() throws Exception {
        String[] broker = {"--amqp", io.warren.broker.testing.AmqpTestBroker.uri().toString(),
                "--topology-prefix", fleet.topology().prefix()};
        int code = Main.execute(concat(new String[]{"submit", "--job-id", "cli-ok", "--app", "grep", "--param",
                "pattern=ka", "--input", "in/*.txt", "--output", "out/cli", "--reduces", "2", "--wait"}, broker));
        assertThat(code).isZero();
        assertThat(storage.resolve("out/cli/_SUCCESS")).exists();
        int failed = Main.execute(concat(new String[]{"submit", "--job-id", "cli-bad", "--app", "nosuchapp",
                "--input", "in/*.txt", "--output", "out/cli-bad", "--wait"}, broker));
        assertThat(failed).isEqualTo(1);

        String all = captureStdout(() -> Main.execute("status", "--storage", storage.toString()));
        assertThat(all).contains("cli-ok").contains("SUCCEEDED").contains("cli-bad").contains("FAILED");
        String recent = captureStdout(() -> Main.execute("jobs", "--limit", "2", "--storage", storage.toString()));
        assertThat(recent.lines().skip(1).toList()).hasSize(2).first().asString().startsWith("cli-bad");
        String one = captureStdout(() -> Main.execute("status", "cli-ok", "--storage", storage.toString()));
        assertThat(one).contains("map-0").contains("reduce-1").contains("SUCCEEDED");
        String json = captureStdout(() -> Main.execute("status", "cli-bad", "--json", "--storage", storage.toString()));
        assertThat(io.warren.protocol.Json.MAPPER.readTree(json).get("error").asText()).contains("nosuchapp");
    }

    @Test
    void theCoordinatorsStatusApiServesJobsOnLoopbackOnly() throws Exception {
        runToSuccess(job("api", "wordcount", "out/api", 2, Map.of()));
        var m = java.util.regex.Pattern.compile("status page at http://([0-9.]+):(\\d+)/").matcher(fleet.log("coordinator-1"));
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).isEqualTo("127.0.0.1");
        var http = java.net.http.HttpClient.newHttpClient();
        String jobs = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + m.group(2) + "/api/jobs")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(io.warren.protocol.Json.MAPPER.readTree(jobs).findValuesAsText("jobId")).contains("api");
        String one = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + m.group(2) + "/api/jobs/api")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(io.warren.protocol.Json.MAPPER.readTree(one).get("counters").get("map.input.records").asLong()).isPositive();
        assertThat(jobs + one).doesNotContain("guest").doesNotContain("amqp://");
    }

    /**
     * The coordinator's page follows a job's journal record by record while the job runs (JobFollowers): every answer
     * while it runs counts all of its tasks, and once it has ended the API shows exactly the record on the storage.
     * {@code warren status JOB} of a job of more than 20 tasks shows its summary, not a line per task.
     */
    @Test
    void theStatusApiFollowsARunningJobToTheRecordOnStorageAndStatusSummarisesIt() throws Exception {
        TextGenerator.write(storage, "many", 40, 5, 7);
        JobSpec spec = JobSpec.of("followed", "io.warren.apps.probe.Probe", null, List.of("many/*.txt"), "out/followed",
                2, Map.of("mapDelayMillis", "40"));
        var m = java.util.regex.Pattern.compile("status page at http://([0-9.]+):(\\d+)/").matcher(fleet.log("coordinator-1"));
        assertThat(m.find()).isTrue();
        var http = java.net.http.HttpClient.newHttpClient();
        java.util.function.Function<String, java.net.http.HttpResponse<String>> get = path -> {
            try {
                return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + m.group(2)
                        + path)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        java.util.concurrent.CompletableFuture<JobUpdate> end = fleet.submit(spec);
        int answers = 0;
        while (!end.isDone()) {
            var r = get.apply("/api/jobs/followed?tasks=all");
            Thread.sleep(50); // pacing the polls, as the page does every two seconds
            if (r.statusCode() == 404) continue; // not taken yet
            var job = io.warren.protocol.Json.MAPPER.readTree(r.body());
            assertThat(job.get("maps")).hasSize(40);
            int counted = 0;
            for (var state : (Iterable<com.fasterxml.jackson.databind.JsonNode>) job.get("taskCounts").get("map")::elements) {
                counted += state.asInt();
            }
            assertThat(counted).isEqualTo(40);
            answers++;
        }
        assertThat(end.get(JOB_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(answers).as("answers while the job ran").isPositive();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> io.warren.protocol.Json.MAPPER
                .readTree(get.apply("/api/jobs/followed?tasks=all").body()).get("state").asText().equals("SUCCEEDED"));

        var shown = (com.fasterxml.jackson.databind.node.ObjectNode) io.warren.protocol.Json.MAPPER.readTree(
                get.apply("/api/jobs/followed?tasks=all").body());
        assertThat(shown.get("reduceSkew")).isEqualTo(io.warren.protocol.Json.MAPPER.readTree(io.warren.protocol.Json
                .encodeToString(io.warren.coordinator.status.ReduceSkew.of(fleet.record("followed")).orElseThrow())));
        shown.remove(List.of("counters", "mapCount", "reduceCount", "taskCounts", "refused", "reduceSkew"));
        assertThat(shown).isEqualTo(io.warren.protocol.Json.MAPPER.readTree(
                io.warren.protocol.Json.encodeToString(fleet.record("followed"))));

        String status = captureStdout(() -> Main.execute("status", "followed", "--storage", storage.toString()));
        assertThat(status).contains("progress  100.0% of 42 tasks done").contains("map       40 succeeded")
                .doesNotContain("map-39 ");
        String all = captureStdout(() -> Main.execute("status", "followed", "--all", "--storage", storage.toString()));
        assertThat(all).contains("map-39 ").contains("reduce-1 ");
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static String captureStdout(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
