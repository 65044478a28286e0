package io.warren.cli;

import io.warren.coordinator.domain.JobRecord;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.Streaming;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streaming jobs (Hadoop Streaming's protocol) on a real fleet: a coordinator and two worker JVMs over a real
 * RabbitMQ. The examples in examples/streaming run as they are, and their output is compared with a sequential
 * computation in Java. Needs python3 and awk on the PATH, as ./run-tests makes sure.
 */
class StreamingIT {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);
    private static final Path EXAMPLES = Path.of("..", "examples", "streaming").toAbsolutePath().normalize();
    @TempDir
    static Path storage;
    static Fleet fleet;
    static Map<String, Path> docs;

    @BeforeAll
    static void startFleet() throws Exception {
        docs = TextGenerator.write(storage, "in", 6, 400, 14);
        fleet = new Fleet("stream", storage, "--task-timeout", "10s");
        fleet.startCoordinator().startWorkers(2);
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) fleet.close();
    }

    private static Streaming.ShippedFile example(String path, boolean executable) throws IOException {
        Path p = EXAMPLES.resolve(path);
        return Streaming.file(p.getFileName().toString(), Files.readAllBytes(p), executable);
    }

    private static JobSpec spec(String id, String output, int reduces, Streaming streaming) {
        return JobSpec.of(id, null, null, List.of("in/*.txt"), output, reduces, Map.of()).withStreaming(streaming);
    }

    private static JobRecord runToSuccess(JobSpec spec) throws Exception {
        JobUpdate end = fleet.run(spec, JOB_TIMEOUT);
        JobRecord record = fleet.record(spec.jobId());
        assertThat(end.state()).as("job %s ended %s: %s", spec.jobId(), end.state(), record.error()).isEqualTo(JobState.SUCCEEDED);
        assertThat(storage.resolve(spec.output()).resolve("_SUCCESS")).exists();
        assertThat(fleet.layout().shippedFilesDir(spec.jobId())).doesNotExist();
        return record;
    }

    /** Every output line as it is, sorted. */
    private static List<String> output(String dir, int reduces) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < reduces; r++) lines.addAll(Files.readAllLines(storage.resolve(dir).resolve("mr-out-" + r)));
        lines.sort(null);
        return lines;
    }

    private static List<String> allLines() throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path doc : docs.values()) lines.addAll(Files.readAllLines(doc, StandardCharsets.UTF_8));
        return lines;
    }

    /** What `cat | map.py | sort | reduce.py` computes: words split at whitespace (the generator writes spaces only). */
    private static List<String> expectedWordCount() throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        for (String line : allLines()) for (String w : line.trim().split(" +")) if (!w.isEmpty()) counts.merge(w, 1L, Long::sum);
        List<String> lines = new ArrayList<>();
        counts.forEach((w, n) -> lines.add(w + "\t" + n));
        lines.sort(null);
        return lines;
    }

    @Test
    void thePythonWordCountExampleMatchesTheSequentialComputation() throws Exception {
        Streaming streaming = new Streaming("python3 map.py", "python3 reduce.py", "python3 reduce.py",
                List.of(example("wordcount/map.py", false), example("wordcount/reduce.py", false)));

        JobRecord record = runToSuccess(spec("py-wc", "out/py-wc", 3, streaming));

        assertThat(output("out/py-wc", 3)).isEqualTo(expectedWordCount());
        assertThat(record.counters()).containsEntry("wordcount.lines", (long) allLines().size())
                .containsEntry("map.input.records", (long) allLines().size());
        assertThat(record.counters().get("combine.output.records")).isLessThan(record.counters().get("combine.input.records"));
        assertThat(record.maps()).allSatisfy(t -> assertThat(t.attempt()).isEqualTo(1));
    }

    @Test
    void theAwkExampleCountsLinesByWordsPerLineAndCountersStayExactWhenAMapRunsAgain() throws Exception {
        // The first attempt of map-0 counts its lines and then fails: only the winning runs' counters may count.
        String flaky = "awk '{ print NF } END { print \"reporter:counter:lines,seen,\" NR > \"/dev/stderr\" }'\n"
                + "if [ \"$WARREN_TASK_ID\" = map-0 ] && [ \"$WARREN_TASK_ATTEMPT\" = 1 ]; then echo 'first try fails' >&2; exit 1; fi\n";
        Streaming streaming = new Streaming("sh words-per-line.sh", "awk -f count.awk", "awk -f count.awk",
                List.of(example("awk/count.awk", false),
                        Streaming.file("words-per-line.sh", flaky.getBytes(StandardCharsets.UTF_8), false)));

        JobRecord record = runToSuccess(spec("awk-wpl", "out/awk-wpl", 2, streaming));

        Map<String, Long> perWords = new TreeMap<>();
        for (String line : allLines()) {
            String t = line.trim();
            perWords.merge(Integer.toString(t.isEmpty() ? 0 : t.split("[ \t]+").length), 1L, Long::sum);
        }
        List<String> expected = new ArrayList<>();
        perWords.forEach((k, n) -> expected.add(k + "\t" + n));
        expected.sort(null);
        assertThat(output("out/awk-wpl", 2)).isEqualTo(expected);
        assertThat(record.maps().get(0).attempt()).isEqualTo(2);
        assertThat(record.counters()).containsEntry("lines.seen", (long) allLines().size());
    }

    @Test
    void aCommandThatExitsNonZeroFailsTheJobWithTheEndOfItsStderr() throws Exception {
        Streaming streaming = new Streaming("sh -c 'cat > /dev/null; echo it-broke-w14 >&2; exit 4'", null, null,
                List.of(Streaming.file("unused.txt", "x".getBytes(StandardCharsets.UTF_8), false)));

        JobUpdate end = fleet.run(spec("sh-fail", "out/sh-fail", 1, streaming), JOB_TIMEOUT);

        assertThat(end.state()).isEqualTo(JobState.FAILED);
        assertThat(fleet.record("sh-fail").error()).contains("exited with status 4").contains("it-broke-w14");
        assertThat(storage.resolve("out/sh-fail/_SUCCESS")).doesNotExist();
        assertThat(fleet.layout().shippedFilesDir("sh-fail")).doesNotExist();
        try (var logs = Files.list(fleet.layout().taskLogDir("sh-fail"))) {
            assertThat(logs.toList()).isNotEmpty().allSatisfy(log -> assertThat(Files.readString(log)).contains("it-broke-w14"));
        }
    }

    @Test
    void aSpecWithABadStreamingPartIsRefusedWithAReason() throws Exception {
        Streaming noMapper = new Streaming(null, "cat", null, List.of());
        Streaming badName = new Streaming("cat", null, null,
                List.of(Streaming.file("../escape.sh", "x".getBytes(StandardCharsets.UTF_8), false)));

        assertThat(fleet.run(spec("bad-1", "out/bad-1", 1, noMapper), JOB_TIMEOUT).state()).isEqualTo(JobState.FAILED);
        assertThat(fleet.run(spec("bad-2", "out/bad-2", 1, badName), JOB_TIMEOUT).state()).isEqualTo(JobState.FAILED);

        assertThat(fleet.record("bad-1").error()).contains("needs a \"mapper\" command");
        assertThat(fleet.record("bad-2").error()).contains("is not allowed: use a plain file name");
        assertThat(storage.resolve("escape.sh")).doesNotExist();
    }

    @Test
    void submitShipsLocalFilesAndWaitsFromTheCommandLine() throws Exception {
        String[] broker = {"--amqp", io.warren.broker.testing.AmqpTestBroker.uri().toString(),
                "--topology-prefix", fleet.topology().prefix()};
        String map = EXAMPLES.resolve("wordcount/map.py").toString();
        String reduce = EXAMPLES.resolve("wordcount/reduce.py").toString();

        int code = Main.execute(EndToEndIT.concat(new String[]{"submit", "--job-id", "cli-stream",
                "--mapper", "python3 map.py", "--reducer", "python3 reduce.py", "--file", map, "--file", reduce,
                "--input", "in/*.txt", "--output", "out/cli-stream", "--reduces", "2", "--wait"}, broker));

        assertThat(code).isZero();
        assertThat(output("out/cli-stream", 2)).isEqualTo(expectedWordCount());
    }
}
