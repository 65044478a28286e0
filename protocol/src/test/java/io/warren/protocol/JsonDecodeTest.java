package io.warren.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Whatever arrives on a queue is either a valid record or a {@link MalformedMessage} saying what is wrong with it. */
class JsonDecodeTest {
    private static final String JOB = "job-1";
    private static final JobRef WORDCOUNT = new JobRef("wordcount", null, Map.of());
    private static final MapTask MAP = new MapTask(JOB, 3, 1, WORDCOUNT, List.of(InputSplit.wholeFile("in/a.txt", 10)), 4, 1_000,
            List.of());
    private static final ReduceTask REDUCE = new ReduceTask(JOB, 1, 1, WORDCOUNT, List.of("w-1-a", "w-2-b"), "out", 1_000,
            List.of("w-1-a"));
    private static final WorkerEvent STARTED =
            new WorkerEvent.TaskStarted(JOB, Phase.MAP, 3, 1, "w-1-a", Instant.parse("2026-01-02T03:04:05Z"));
    private static final WorkerEvent FAILED =
            new WorkerEvent.TaskFailed(JOB, Phase.MAP, 3, 1, "w-1-a", Instant.parse("2026-01-02T03:04:05Z"), "boom", "");
    private static final JobSpec SPEC = JobSpec.of(JOB, "wordcount", null, List.of("in/*.txt"), "out", 4, Map.of());
    private static final JobUpdate UPDATE =
            new JobUpdate(JOB, JobState.MAPPING, 0, 4, 0, 2, "", Instant.parse("2026-01-02T03:04:05Z"));

    static Stream<Arguments> malformed() {
        return Stream.of(
                // not a JSON object of version 1
                bad("empty body", TaskMessage.class, new byte[0], "empty message body"),
                bad("not JSON", TaskMessage.class, utf8("hello, broker"), "not JSON"),
                bad("truncated JSON", TaskMessage.class, utf8("{\"v\": 1, \"type\": \"ma"), "not JSON"),
                bad("binary garbage", TaskMessage.class, garbage(), "not JSON"),
                bad("JSON followed by garbage", TaskMessage.class, bytes(mapTask(t -> { }), utf8(" trailing")), "not JSON"),
                bad("two JSON objects", TaskMessage.class, bytes(mapTask(t -> { }), utf8("{}")), "not JSON"),
                bad("JSON array", TaskMessage.class, utf8("[{\"v\": 1}]"), "not a JSON object"),
                bad("JSON string", TaskMessage.class, utf8("\"map\""), "not a JSON object"),
                bad("JSON null", TaskMessage.class, utf8("null"), "not a JSON object"),
                bad("missing v", TaskMessage.class, mapTask(t -> t.remove("v")), "missing version field \"v\""),
                bad("v is 2", TaskMessage.class, mapTask(t -> t.put("v", 2)), "unsupported version"),
                bad("v is a string", TaskMessage.class, mapTask(t -> t.put("v", "1")), "unsupported version"),
                bad("v is a fraction", TaskMessage.class, mapTask(t -> t.put("v", 1.5)), "unsupported version"),
                bad("v is null", TaskMessage.class, mapTask(t -> t.putNull("v")), "unsupported version"),
                // type ids
                bad("missing type", TaskMessage.class, mapTask(t -> t.remove("type")), "missing type id property 'type'"),
                bad("unknown type", TaskMessage.class, mapTask(t -> t.put("type", "shuffle")), "'shuffle'"),
                bad("event type on the task queue", TaskMessage.class, event(t -> { }), "'started'"),
                // missing required fields
                bad("missing jobId", TaskMessage.class, mapTask(t -> t.remove("jobId")), "job id"),
                bad("missing taskNumber", TaskMessage.class, mapTask(t -> t.remove("taskNumber")),
                        "field 'taskNumber': missing or null"),
                bad("missing attempt", TaskMessage.class, mapTask(t -> t.remove("attempt")), "field 'attempt'"),
                bad("missing job", TaskMessage.class, mapTask(t -> t.remove("job")), "job is required"),
                bad("missing app", TaskMessage.class, mapTask(t -> job(t).remove("app")),
                        "field 'job': app is required"),
                bad("missing splits", TaskMessage.class, mapTask(t -> t.remove("splits")), "splits are required"),
                bad("no splits", TaskMessage.class, mapTask(t -> t.putArray("splits")), "splits are required"),
                bad("missing split path", TaskMessage.class, mapTask(t -> split(t).remove("path")),
                        "field 'splits[0]': path is required"),
                bad("missing reduceCount", TaskMessage.class, mapTask(t -> t.remove("reduceCount")),
                        "field 'reduceCount'"),
                bad("missing heartbeatMillis", TaskMessage.class, mapTask(t -> t.remove("heartbeatMillis")),
                        "field 'heartbeatMillis'"),
                bad("missing mapWorkers", TaskMessage.class, reduceTask(t -> t.remove("mapWorkers")),
                        "mapWorkers is required"),
                bad("missing output", TaskMessage.class, reduceTask(t -> t.remove("output")), "output is required"),
                bad("missing workerId", WorkerEvent.class, event(t -> t.remove("workerId")), "worker id"),
                bad("missing phase", WorkerEvent.class, event(t -> t.remove("phase")), "phase is required"),
                bad("missing at", WorkerEvent.class, event(t -> t.remove("at")), "at is required"),
                bad("failure without error", WorkerEvent.class, failure(t -> t.remove("error")), "error is required"),
                bad("missing state", JobUpdate.class, update(t -> t.remove("state")), "state is required"),
                // wrong types
                bad("taskNumber is text", TaskMessage.class, mapTask(t -> t.put("taskNumber", "three")),
                        "field 'taskNumber'"),
                bad("attempt is an object", TaskMessage.class, mapTask(t -> t.putObject("attempt")), "field 'attempt'"),
                bad("split start is text", TaskMessage.class, mapTask(t -> split(t).put("start", "zero")), "field 'splits[0].start'"),
                bad("job is a string", TaskMessage.class, mapTask(t -> t.put("job", "wordcount")), "field 'job'"),
                bad("params is a list", TaskMessage.class, mapTask(t -> job(t).putArray("params").add("a=b")),
                        "field 'job.params'"),
                bad("mapWorkers is a string", TaskMessage.class, reduceTask(t -> t.put("mapWorkers", "w-1-a")),
                        "field 'mapWorkers'"),
                bad("phase is unknown", WorkerEvent.class, event(t -> t.put("phase", "shuffle")),
                        "field 'phase'"),
                bad("phase is upper case", WorkerEvent.class, event(t -> t.put("phase", "MAP")), "field 'phase'"),
                bad("at is not an instant", WorkerEvent.class, event(t -> t.put("at", "yesterday")),
                        "field 'at'"),
                bad("reduces is text", JobSpec.class, spec(t -> t.put("reduces", "many")), "field 'reduces'"),
                bad("inputs is a number", JobSpec.class, spec(t -> t.put("inputs", 3)), "field 'inputs'"),
                bad("state is unknown", JobUpdate.class, update(t -> t.put("state", "DONE")), "field 'state'"),
                // values the records refuse
                bad("negative taskNumber", TaskMessage.class, mapTask(t -> t.put("taskNumber", -1)),
                        "taskNumber must be >= 0, got -1"),
                bad("attempt 0", TaskMessage.class, mapTask(t -> t.put("attempt", 0)), "attempt must be >= 1, got 0"),
                bad("reduceCount 0", TaskMessage.class, mapTask(t -> t.put("reduceCount", 0)),
                        "reduceCount must be >= 1, got 0"),
                bad("heartbeatMillis 0", TaskMessage.class, mapTask(t -> t.put("heartbeatMillis", 0)),
                        "heartbeatMillis must be >= 1"),
                bad("negative split start", TaskMessage.class, mapTask(t -> split(t).put("start", -5)),
                        "field 'splits[0]': start must be >= 0"),
                bad("blank app", TaskMessage.class, mapTask(t -> job(t).put("app", "  ")), "app must not be blank"),
                bad("job id with a slash", TaskMessage.class, mapTask(t -> t.put("jobId", "jobs/1")), "job id"),
                bad("job id ..", TaskMessage.class, mapTask(t -> t.put("jobId", "..")), "job id"),
                bad("job id climbing out", TaskMessage.class, mapTask(t -> t.put("jobId", "../etc")), "job id"),
                bad("job id too long", TaskMessage.class, mapTask(t -> t.put("jobId", "j".repeat(65))), "job id"),
                bad("worker id with spaces", WorkerEvent.class, event(t -> t.put("workerId", "my worker")), "worker id"),
                bad("map worker with spaces", TaskMessage.class, reduceTask(t -> t.putArray("mapWorkers").add("a b")),
                        "worker id"),
                bad("negative event attempt", WorkerEvent.class, event(t -> t.put("attempt", -2)), "attempt must be >= 1"),
                bad("job spec v 2", JobSpec.class, spec(t -> t.put("v", 2)), "unsupported version"),
                bad("job spec id with a slash", JobSpec.class, spec(t -> t.put("jobId", "a/b")), "job id"),
                bad("job update id ..", JobUpdate.class, update(t -> t.put("jobId", "..")), "job id"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedMessageIsRejectedSayingWhatIsWrong(String name, Class<?> type, byte[] body, String reason) {
        assertThatThrownBy(() -> Json.decode(body, type))
                .isInstanceOf(MalformedMessage.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage()).as("one line, fit for a header").doesNotContain("\n"));
    }

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("map task", TaskMessage.class, MAP),
                Arguments.of("reduce task", TaskMessage.class, REDUCE),
                Arguments.of("started", WorkerEvent.class, STARTED),
                Arguments.of("failed", WorkerEvent.class, FAILED),
                Arguments.of("job spec", JobSpec.class, SPEC),
                Arguments.of("job update", JobUpdate.class, UPDATE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void unknownExtraFieldsAreAccepted(String name, Class<?> type, Object record) throws Exception {
        byte[] body = tree(record, t -> {
            t.put("addedInV1Point9", 7);
            t.putObject("trace").put("id", "abc").putArray("spans").add(1);
        });

        assertThat(Json.decode(body, type)).isEqualTo(record);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void encodedRecordDecodesToAnEqualRecord(String name, Class<?> type, Object record) throws Exception {
        assertThat(Json.decode(Json.encode(record), type)).isEqualTo(record);
    }

    private static Arguments bad(String name, Class<?> type, byte[] body, String reason) {
        return Arguments.of(name, type, body, reason);
    }

    private static byte[] mapTask(Consumer<ObjectNode> change) {
        return tree(MAP, change);
    }

    private static byte[] reduceTask(Consumer<ObjectNode> change) {
        return tree(REDUCE, change);
    }

    private static byte[] event(Consumer<ObjectNode> change) {
        return tree(STARTED, change);
    }

    private static byte[] failure(Consumer<ObjectNode> change) {
        return tree(FAILED, change);
    }

    private static byte[] spec(Consumer<ObjectNode> change) {
        return tree(SPEC, change);
    }

    private static byte[] update(Consumer<ObjectNode> change) {
        return tree(UPDATE, change);
    }

    private static ObjectNode job(ObjectNode task) {
        return (ObjectNode) task.get("job");
    }

    private static ObjectNode split(ObjectNode task) {
        return (ObjectNode) task.get("splits").get(0);
    }

    /** The valid record's JSON, changed in one place. */
    private static byte[] tree(Object record, Consumer<ObjectNode> change) {
        try {
            JsonNode tree = Json.MAPPER.readTree(Json.encode(record));
            change.accept((ObjectNode) tree);
            return Json.MAPPER.writeValueAsBytes(tree);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] garbage() {
        byte[] bytes = new byte[64];
        new Random(5).nextBytes(bytes);
        bytes[0] = (byte) 0x9c; // never a JSON start nor a byte-order mark
        return bytes;
    }

    private static byte[] bytes(byte[] first, byte[] second) {
        byte[] joined = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
