package io.warren.cli;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.warren.coordinator.domain.JobRecord;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.broker.port.DeadLetter;
import io.warren.broker.testing.AmqpTestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Anything can be published to Warren's queues. Each bad message below is published raw to a running fleet (a
 * coordinator and a worker, separate JVMs) and must be answered the right way: a dead letter that says where it came
 * from and why, or a failed job whose reason a user can act on. The consumers must keep running, which the last test
 * shows by running a good job.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {
    private Path storage;
    private Fleet fleet;
    private Connection raw;
    private Channel channel;
    private final List<DeadLetter> letters = new CopyOnWriteArrayList<>();

    @BeforeAll
    void startFleet() throws Exception {
        storage = Files.createTempDirectory("hostile");
        TextGenerator.write(storage, "in", 3, 50, 66);
        Files.createDirectories(storage.resolve("taken"));
        Files.writeString(storage.resolve("taken/mr-out-0"), "old 1\n");
        Files.writeString(storage.resolve("not-a-jar.jar"), "this is text, not a zip");
        Files.writeString(storage.resolve("a-file"), "x");
        Path outside = Files.createTempDirectory("outside");
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(storage.resolve("escape"), outside);
        fleet = new Fleet("hostile", storage);
        fleet.startCoordinator().startWorkers(1);
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(AmqpTestBroker.uri());
        raw = f.newConnection("hostile-publisher");
        channel = raw.createChannel();
    }

    @AfterAll
    void stopFleet() throws Exception {
        if (raw != null) raw.close();
        if (fleet != null) fleet.close();
    }

    private void publish(String queue, byte[] body) throws Exception {
        channel.basicPublish("", queue, null, body);
    }

    private DeadLetter awaitDeadLetter(byte[] body) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            letters.addAll(fleet.client().takeDeadLetters(100));
            return letters.stream().filter(l -> java.util.Arrays.equals(l.body(), body)).findFirst().orElse(null);
        }, java.util.Objects::nonNull);
    }

    static Stream<Arguments> undecodable() {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        byte[] garbage = new byte[300];
        new java.util.Random(1).nextBytes(garbage);
        return Stream.of(
                Arguments.of("jobs", "empty body", new byte[0], "empty"),
                Arguments.of("jobs", "not JSON", bytes("submit wordcount please"), "not JSON"),
                Arguments.of("jobs", "binary garbage", garbage, ""),
                Arguments.of("jobs", "a JSON array", bytes("[1,2,3]"), "not a JSON object"),
                Arguments.of("jobs", "a JSON string", bytes("\"wordcount\""), "not a JSON object"),
                Arguments.of("jobs", "JSON null", bytes("null"), "not a JSON object"),
                Arguments.of("jobs", "no version", bytes("{\"app\":\"wordcount\"}"), "missing version"),
                Arguments.of("jobs", "version 2", bytes("{\"v\":2,\"app\":\"wordcount\"}"), "version"),
                Arguments.of("jobs", "version as text", bytes("{\"v\":\"1\",\"app\":\"wordcount\"}"), "version"),
                Arguments.of("jobs", "truncated JSON", bytes("{\"v\":1,\"app\":\"wordc"), "not JSON"),
                Arguments.of("jobs", "unsafe job id", bytes("{\"v\":1,\"jobId\":\"../../etc\",\"app\":\"wordcount\"}"), "job id"),
                Arguments.of("jobs", "inputs not a list", bytes("{\"v\":1,\"app\":\"wordcount\",\"inputs\":{\"a\":1}}"), "inputs"),
                Arguments.of("jobs", "reduces as text", bytes("{\"v\":1,\"app\":\"wordcount\",\"reduces\":\"many\"}"), "reduces"),
                Arguments.of("jobs", "nested params", bytes("{\"v\":1,\"app\":\"wordcount\",\"params\":{\"a\":{\"b\":1}}}"), "params"),
                Arguments.of("jobs", "deeply nested", bytes("{\"v\":1,\"x\":" + deep + "}"), ""),
                Arguments.of("jobs", "larger than the limit", bytes("{\"v\":1,\"app\":\"" + "x".repeat(2 << 20) + "\"}"), "limit"),
                Arguments.of("events", "event not JSON", bytes("heartbeat!"), "not JSON"),
                Arguments.of("events", "event of unknown type", bytes("{\"v\":1,\"type\":\"exploded\",\"jobId\":\"j\"}"), "WorkerEvent"),
                Arguments.of("events", "event with an unsafe worker id", bytes("{\"v\":1,\"type\":\"started\",\"jobId\":\"j\",\"phase\":\"map\","
                        + "\"taskNumber\":0,\"attempt\":1,\"workerId\":\"../w\",\"at\":\"2026-01-01T00:00:00Z\"}"), "worker id"),
                Arguments.of("events", "event with a negative task", bytes("{\"v\":1,\"type\":\"completed\",\"jobId\":\"j\",\"phase\":\"map\","
                        + "\"taskNumber\":-3,\"attempt\":1,\"workerId\":\"w\",\"at\":\"2026-01-01T00:00:00Z\"}"), "taskNumber"),
                Arguments.of("control", "command not JSON", bytes("cancel everything"), "not JSON"),
                Arguments.of("control", "cancel without a job", bytes("{\"v\":1,\"type\":\"cancel\"}"), "job id"),
                Arguments.of("tasks", "task not JSON", bytes("map it"), "not JSON"),
                Arguments.of("tasks", "task of unknown type", bytes("{\"v\":1,\"type\":\"sort\",\"jobId\":\"j\"}"), "TaskMessage"),
                Arguments.of("tasks", "map task without splits", bytes("{\"v\":1,\"type\":\"map\",\"jobId\":\"j\",\"taskNumber\":0,"
                        + "\"attempt\":1,\"job\":{\"app\":\"wordcount\"},\"reduceCount\":1,\"heartbeatMillis\":1000}"), "splits"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("undecodable")
    @Order(1)
    void anUndecodableMessageIsDeadLetteredWithWhereItCameFromAndWhy(String queue, String what, byte[] body, String reason)
            throws Exception {
        String name = fleet.topology().prefix() + "." + queue;
        publish(name, body);
        DeadLetter letter = awaitDeadLetter(body);
        assertThat(letter.sourceQueue()).isEqualTo(name);
        assertThat(letter.reason()).isNotBlank().isNotEqualTo("rejected").containsIgnoringCase(reason);
    }

    static Stream<Arguments> refusedSpecs() {
        return Stream.of(
                Arguments.of("unknown app", spec("nosuchapp", List.of("in/*.txt"), "out/a", 2, Map.of()), "unknown app"),
                Arguments.of("class that is no job", spec("java.lang.String", List.of("in/*.txt"), "out/b", 2, Map.of()), "does not implement"),
                Arguments.of("missing jar", jar("jobs/none.jar"), "does not exist"),
                Arguments.of("jar that is no jar", jar("not-a-jar.jar"), "not a valid jar"),
                Arguments.of("no inputs", spec("wordcount", List.of(), "out/c", 2, Map.of()), "inputs"),
                Arguments.of("missing input", spec("wordcount", List.of("in/none.txt"), "out/d", 2, Map.of()), "matches no files"),
                Arguments.of("input above the root", spec("wordcount", List.of("../etc/passwd"), "out/e", 2, Map.of()), "outside the storage root"),
                Arguments.of("absolute input elsewhere", spec("wordcount", List.of("/etc/passwd"), "out/f", 2, Map.of()), "outside the storage root"),
                Arguments.of("symlink that escapes", spec("wordcount", List.of("escape/secret.txt"), "out/g", 2, Map.of()), "outside the storage root"),
                Arguments.of("output outside", spec("wordcount", List.of("in/*.txt"), "/tmp/elsewhere", 2, Map.of()), "outside the storage root"),
                Arguments.of("output already holds output", spec("wordcount", List.of("in/*.txt"), "taken", 2, Map.of()), "already holds job output"),
                Arguments.of("output is a file", spec("wordcount", List.of("in/*.txt"), "a-file", 2, Map.of()), "not a directory"),
                Arguments.of("no output", spec("wordcount", List.of("in/*.txt"), null, 2, Map.of()), "output"),
                Arguments.of("zero reduces", spec("wordcount", List.of("in/*.txt"), "out/h", 0, Map.of()), "between 1 and 10000"),
                Arguments.of("too many reduces", spec("wordcount", List.of("in/*.txt"), "out/i", 10_001, Map.of()), "between 1 and 10000"),
                Arguments.of("parameter the app needs", spec("grep", List.of("in/*.txt"), "out/j", 1, Map.of()), "pattern"),
                Arguments.of("parameter the app rejects", spec("grep", List.of("in/*.txt"), "out/k", 1, Map.of("pattern", "([")), "regular expression"),
                Arguments.of("zero split size", spec("wordcount", List.of("in/*.txt"), "out/l", 1, Map.of()).withSplitSize(0L), "splitSize"));
    }

    private static JobSpec spec(String app, List<String> inputs, String output, int reduces, Map<String, String> params) {
        return JobSpec.of(null, app, null, inputs, output, reduces, params);
    }

    private static JobSpec jar(String jar) {
        return JobSpec.of(null, "com.example.Job", jar, List.of("in/*.txt"), "out/jar", 1, Map.of());
    }

    private int refused;

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedSpecs")
    @Order(2)
    void aSpecThatCannotRunFailsAtOnceWithAReasonAUserCanActOn(String what, JobSpec spec, String reason) throws Exception {
        String id = "refused-" + (++refused);
        var end = fleet.run(spec.withJobId(id), Duration.ofSeconds(30));
        assertThat(end.state()).isEqualTo(JobState.FAILED);
        JobRecord record = fleet.record(id);
        assertThat(record.error()).contains(reason);
        assertThat(record.maps()).isEmpty();
    }

    @Test
    @Order(3)
    void aFloodOfSubmissionsIsHandledInOrder() throws Exception {
        int n = 300;
        List<String> ids = new ArrayList<>();
        List<io.warren.protocol.JobSpec> specs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = String.format("flood-%04d", i);
            ids.add(id);
            specs.add(JobSpec.of(id, "no.such.App" + i, null, List.of("in/*.txt"), "out/flood-" + i, 1, Map.of()));
        }
        fleet.client().jobs().publish(specs);
        await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().allMatch(id -> fleet.layout().jobStateFile(id).toFile().exists()));
        List<JobRecord> records = ids.stream().map(fleet::record).toList();
        assertThat(records).allSatisfy(r -> {
            assertThat(r.state()).isEqualTo(JobState.FAILED);
            assertThat(r.error()).contains("unknown app");
        });
        for (int i = 1; i < n; i++) {
            assertThat(records.get(i).submittedAt()).as("accepted in order").isAfterOrEqualTo(records.get(i - 1).submittedAt());
        }
    }

    @Test
    @Order(4)
    void aDifferentJobUnderATakenIdIsRefusedToItsSubmitterOnlyAndTheFirstJobIsUntouched() throws Exception {
        var first = fleet.run(JobSpec.of("taken-id", "wordcount", null, List.of("in/*.txt"), "out/taken-1", 1, Map.of()),
                Duration.ofSeconds(60));
        assertThat(first.state()).isEqualTo(JobState.SUCCEEDED);
        JobRecord before = fleet.record("taken-id");
        var second = fleet.run(JobSpec.of("taken-id", "grep", null, List.of("in/*.txt"), "out/taken-2", 1,
                Map.of("pattern", "x")), Duration.ofSeconds(30));
        assertThat(second.state()).isEqualTo(JobState.FAILED);
        assertThat(second.message()).contains("already taken");
        assertThat(fleet.record("taken-id")).isEqualTo(before);
        String[] broker = {"--amqp", AmqpTestBroker.uri().toString(), "--topology-prefix", fleet.topology().prefix()};
        int code = Main.execute(EndToEndIT.concat(new String[]{"submit", "--job-id", "taken-id", "--app", "indexer",
                "--input", "in/*.txt", "--output", "out/taken-3", "--wait"}, broker));
        assertThat(code).isEqualTo(1);
    }

    @Test
    @Order(5)
    void theConsumersAreStillRunningAndAGoodJobSucceeds() throws Exception {
        var end = fleet.run(JobSpec.of("after-all-that", "wordcount", null, List.of("in/*.txt"), "out/good", 2, Map.of()),
                Duration.ofSeconds(60));
        assertThat(end.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(fleet.process("coordinator-1").isAlive()).isTrue();
        assertThat(fleet.process("worker-1").isAlive()).isTrue();
        List<Path> outputs = new ArrayList<>();
        try (var files = Files.list(storage.resolve("out/good"))) {
            files.forEach(outputs::add);
        }
        assertThat(outputs).extracting(p -> p.getFileName().toString()).contains("_SUCCESS", "mr-out-0", "mr-out-1");
    }
}
