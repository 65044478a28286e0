package io.warren.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire format, pinned by hand-written files in {@code src/test/resources/golden}: every record encodes to its file
 * and every file decodes to its record. A failure here means a change other processes and clients would notice.
 */
class JsonGoldenTest {
    private static final String JOB = "job-20261125-044055-7f3a";
    private static final String NODE_A = "node-a-4242-x1y2z3";
    private static final String NODE_B = "node-b-17-k9m8n7";

    static Stream<Arguments> goldens() {
        return Stream.of(
                Arguments.of("map-task.json", TaskMessage.class,
                        new MapTask(JOB, 3, 2, new JobRef("wordcount", "jobs/wordcount.jar", Map.of("minLength", "3")),
                                List.of(new InputSplit("books/pride.txt", 64L << 20, 32L << 20)), 8, 5_000, List.of())),
                Arguments.of("map-task-input-mapper.json", TaskMessage.class,
                        new MapTask(JOB, 0, 1, new JobRef("com.example.UserOrders", "jobs/join.jar", Map.of()),
                                List.of(new InputSplit("data/users.csv", 0, 4096, "users"),
                                        new InputSplit("data/orders/part-0.csv", 0, 8192, "orders")), 4, 5_000, List.of())),
                Arguments.of("reduce-task.json", TaskMessage.class,
                        new ReduceTask(JOB, 5, 1, new JobRef("indexer", null, Map.of()), List.of(NODE_A, NODE_B, NODE_A),
                                "out/index", 5_000, List.of("node-c-99-q1w2e3"))),
                Arguments.of("reduce-task-compressed-output.json", TaskMessage.class,
                        new ReduceTask(JOB, 2, 1, new JobRef("wordcount", null, Map.of()), List.of(NODE_A, NODE_B),
                                "out/wc", 5_000, List.of(), 0, "zstd")),
                Arguments.of("reduce-task-epoch.json", TaskMessage.class,
                        new ReduceTask(JOB, 5, 1, new JobRef("indexer", null, Map.of()), List.of(NODE_A, NODE_B, NODE_A),
                                "out/index", 5_000, List.of()).withEpoch(7)),
                Arguments.of("task-started.json", WorkerEvent.class,
                        new WorkerEvent.TaskStarted(JOB, Phase.MAP, 3, 2, NODE_A, at("04:40:56.125"))),
                Arguments.of("task-started-reduce.json", WorkerEvent.class,
                        new WorkerEvent.TaskStarted(JOB, Phase.REDUCE, 5, 1, NODE_B, at("04:40:58.250"), 70L << 20)),
                Arguments.of("task-heartbeat.json", WorkerEvent.class,
                        new WorkerEvent.TaskHeartbeat(JOB, Phase.REDUCE, 5, 1, NODE_B, at("04:41:00"))),
                Arguments.of("task-heartbeat-status.json", WorkerEvent.class,
                        new WorkerEvent.TaskHeartbeat(JOB, Phase.MAP, 3, 2, NODE_A, at("04:41:01"), "parsed 40000 lines")),
                Arguments.of("task-completed.json", WorkerEvent.class,
                        new WorkerEvent.TaskCompleted(JOB, Phase.MAP, 3, 2, NODE_A, at("04:41:02.500"),
                                Map.of("map.input.records", 120L, "map.output.records", 900L))),
                Arguments.of("task-failed.json", WorkerEvent.class,
                        new WorkerEvent.TaskFailed(JOB, Phase.REDUCE, 5, 1, NODE_B, at("04:41:03.001"),
                                "java.lang.IllegalStateException: probe failure requested for books/pride.txt",
                                "java.lang.IllegalStateException: probe failure requested for books/pride.txt\n"
                                        + "\tat io.warren.apps.probe.Probe$1.map(Probe.java:47)\n", List.of(2))),
                Arguments.of("task-failed-bad-input.json", WorkerEvent.class,
                        new WorkerEvent.TaskFailed(JOB, Phase.MAP, 3, 1, NODE_A, at("04:41:03.002"),
                                "cannot decompress logs/part-7.gz (gzip): Unexpected end of ZLIB input stream",
                                "", List.of(), "logs/part-7.gz")),
                Arguments.of("commit-requested.json", WorkerEvent.class,
                        new WorkerEvent.CommitRequested(JOB, Phase.REDUCE, 5, 2, NODE_B, at("04:41:02.750"))),
                Arguments.of("commit-answer.json", CommitAnswer.class,
                        new CommitAnswer(JOB, 5, 2, NODE_B, CommitAnswer.Verdict.DENIED,
                                "attempt 1 on " + NODE_A + " holds the commit grant")),
                Arguments.of("job-spec.json", JobSpec.class,
                        JobSpec.of(JOB, "wordcount", "jobs/wordcount.jar", List.of("books/*.txt", "extra/notes.txt"),
                                "out/wc", 8, Map.of("minLength", "3"))),
                Arguments.of("job-spec-input-mappers.json", JobSpec.class,
                        JobSpec.of(JOB, "com.example.UserOrders", "jobs/join.jar", List.of("data/users.csv", "data/orders/"),
                                "out/joined", 4, Map.of()).withInputMappers(
                                Map.of("data/users.csv", "users", "data/orders/", "orders"))),
                Arguments.of("job-spec-output-compression.json", JobSpec.class,
                        JobSpec.of(JOB, "wordcount", null, List.of("logs/*.gz"), "out/wc", 4, Map.of())
                                .withOutputCompression("gzip")),
                Arguments.of("pipeline-spec.json", JobSpec.class,
                        JobSpec.pipeline("wc-top", List.of(
                                new PipelineStep("count", JobSpec.of(null, "wordcount", null, List.of("books/*.txt"), null, 4,
                                        Map.of())),
                                new PipelineStep("top", JobSpec.of(null, "topcount", null, List.of("@count"), "out/top", 1,
                                        Map.of("n", "20")))), true).withPriority(3)),
                Arguments.of("pipeline-update.json", JobUpdate.class,
                        new JobUpdate(JOB, JobState.REDUCING, 4, 4, 1, 1, "step count succeeded", at("04:41:04.750"),
                                Map.of("map.input.bytes", 5_000L), new JobUpdate.Step("count", 1, 2, JobState.SUCCEEDED))),
                Arguments.of("job-update.json", JobUpdate.class,
                        new JobUpdate(JOB, JobState.REDUCING, 12, 12, 3, 8, "map phase done", at("04:41:04.750"))),
                Arguments.of("cancel-job.json", JobCommand.class,
                        new JobCommand.CancelJob(JOB, "wrong input", "3f0c2a9e-5b1d-4c7e-9a64-0d2b8e1f7c35")),
                Arguments.of("control-answer.json", ControlAnswer.class,
                        new ControlAnswer("3f0c2a9e-5b1d-4c7e-9a64-0d2b8e1f7c35", JOB, ControlAnswer.Outcome.ALREADY_ENDED,
                                JobState.SUCCEEDED, "job " + JOB + " had already ended: SUCCEEDED",
                                "warren-coordinator-4242")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void recordEncodesToTheGoldenFile(String file, Class<?> type, Object record) throws IOException {
        JsonNode encoded = Json.MAPPER.readTree(Json.encode(record));

        assertThat(encoded).isEqualTo(Json.MAPPER.readTree(golden(file)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void goldenFileDecodesToTheRecord(String file, Class<?> type, Object record) throws Exception {
        assertThat(Json.decode(golden(file), type)).isEqualTo(record);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void decoderIgnoresFieldsAddedByANewerSender(String file, Class<?> type, Object record) throws Exception {
        ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(golden(file));
        tree.put("addedLater", "ignored");
        tree.putObject("nested").putArray("list").add(1).add("two");
        tree.putNull("nothing");

        assertThat(Json.decode(Json.MAPPER.writeValueAsBytes(tree), type)).isEqualTo(record);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void everyMessageCarriesVersionOne(String file, Class<?> type, Object record) throws IOException {
        assertThat(Json.MAPPER.readTree(Json.encode(record)).get("v").isInt()).isTrue();
        assertThat(Json.MAPPER.readTree(Json.encode(record)).get("v").intValue()).isEqualTo(Versioned.VERSION);
    }

    private static Instant at(String time) {
        return Instant.parse("2026-11-25T" + time + "Z");
    }

    private static byte[] golden(String file) throws IOException {
        try (InputStream in = JsonGoldenTest.class.getResourceAsStream("/golden/" + file)) {
            assertThat(in).as("golden file %s", file).isNotNull();
            return in.readAllBytes();
        }
    }
}
