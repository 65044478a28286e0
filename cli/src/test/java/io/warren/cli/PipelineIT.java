package io.warren.cli;

import io.warren.apps.WordCount;
import io.warren.coordinator.pipeline.PipelineRecord;
import io.warren.coordinator.pipeline.PipelineState;
import io.warren.coordinator.pipeline.StepRecord;
import io.warren.coordinator.storage.FilePipelineStore;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.PipelineStep;
import io.warren.broker.testing.AmqpTestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pipelines on a real fleet (a coordinator and two worker JVMs): word count then the top 20 words, submitted once with
 * {@code warren submit --pipeline --wait}, compared with a sequential computation; a failing step; a cancel in the
 * middle; bad pipeline specs, from the CLI and from any AMQP client.
 */
class PipelineIT {
    private static final Duration END = Duration.ofMinutes(2);
    @TempDir
    static Path storage;
    private static Fleet fleet;
    private static Map<String, Path> books;

    @BeforeAll
    static void startFleet() throws Exception {
        books = TextGenerator.write(storage, "books", 6, 300, 1414);
        fleet = new Fleet(PipelineIT.class.getSimpleName(), storage, "--max-attempts", "1");
        fleet.startCoordinator().startWorkers(2);
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) fleet.close();
    }

    private record Result(int code, String out, String err) {
    }

    /** Runs a client command against the fleet's broker and storage, its output captured. */
    private static Result warren(String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        String[] broker = args[0].equals("jobs") || args[0].equals("status")
                ? new String[]{"--storage", storage.toString()}
                : new String[]{"--amqp", AmqpTestBroker.uri().toString(), "--topology-prefix", fleet.topology().prefix()};
        PrintStream out = System.out;
        PrintStream err = System.err;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            int code = Main.execute(EndToEndIT.concat(args, broker));
            return new Result(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static Path file(String name, String json) throws Exception {
        Path f = storage.resolve(name);
        Files.writeString(f, json);
        return f;
    }

    private static PipelineRecord pipeline(String id) {
        return new FilePipelineStore(fleet.layout()).load(id).orElseThrow();
    }

    /** The top {@code n} of a word count's lines: highest count first, equal counts in word order. */
    static List<String> top(List<String> counts, int n) {
        return counts.stream().map(l -> l.split(" "))
                .sorted(Comparator.comparingLong((String[] p) -> -Long.parseLong(p[1])).thenComparing(p -> p[0]))
                .limit(n).map(p -> p[0] + " " + p[1]).toList();
    }

    @Test
    void wordCountThenTheTop20IsSubmittedOnceFollowedStepByStepAndLeavesOnlyItsOutput() throws Exception {
        String example = Files.readString(Path.of("..", "examples", "pipelines", "wordcount-top20.json"));
        Path spec = file("top20.json", example.replace("out/top20", "out/example-top20"));

        Result r = warren("submit", "--pipeline", spec.toString(), "--job-id", "wc-top20", "--wait");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("wc-top20");
        List<String> progress = r.err().lines().filter(l -> l.startsWith("wc-top20 step ")).toList();
        assertThat(progress).anyMatch(l -> l.startsWith("wc-top20 step 1/2 count SUCCEEDED"))
                .anyMatch(l -> l.startsWith("wc-top20 step 2/2 top SUCCEEDED"));
        assertThat(r.err()).contains("pipeline wc-top20 succeeded in").contains("output in out/example-top20");

        List<String> expected = top(SequentialReference.run(new WordCount(), Map.of(), books), 20);
        assertThat(Files.readAllLines(storage.resolve("out/example-top20/mr-out-0"))).containsExactlyElementsOf(expected);
        assertThat(storage.resolve("out/example-top20/_SUCCESS")).exists();

        PipelineRecord done = pipeline("wc-top20");
        assertThat(done.state()).isEqualTo(PipelineState.SUCCEEDED);
        assertThat(done.steps()).extracting(StepRecord::jobId).containsExactly("wc-top20.count", "wc-top20.top");
        assertThat(done.steps()).allMatch(s -> s.state() == JobState.SUCCEEDED);
        assertThat(fleet.record("wc-top20.count").spec().output()).startsWith(".warren/pipelines/wc-top20/steps/");
        assertThat(fleet.layout().workDir().resolve("pipelines/wc-top20/steps")).doesNotExist();

        // One unit in the lists: the pipeline's row, with its steps beneath it and not again on their own.
        String jobs = warren("jobs").out();
        assertThat(jobs.lines().filter(l -> l.startsWith("wc-top20 ")))
                .singleElement().satisfies(l -> assertThat(l).contains("SUCCEEDED").contains("pipeline count > top"));
        assertThat(jobs.lines().filter(l -> l.contains("wc-top20.count"))).singleElement()
                .satisfies(l -> assertThat(l).startsWith("  wc-top20.count").contains("(intermediate)"));
        String status = warren("status").out();
        assertThat(status.lines().filter(l -> l.contains("wc-top20.top"))).singleElement()
                .satisfies(l -> assertThat(l).startsWith("  wc-top20.top").contains("SUCCEEDED").contains("4/4"));
        String one = warren("status", "wc-top20").out();
        assertThat(one).contains("pipeline wc-top20  SUCCEEDED  step 2/2").contains("step top:")
                .contains("job wc-top20.top  SUCCEEDED");
    }

    @Test
    void aSettingKeepsTheIntermediateOutputOfASucceededPipeline() throws Exception {
        Path spec = file("kept.json", """
                {"steps": [{"name": "count", "app": "wordcount", "inputs": ["books/0.txt"], "reduces": 2},
                           {"name": "top", "app": "topcount", "inputs": ["@count"], "output": "out/kept", "reduces": 1,
                            "params": {"n": "5"}}]}""");
        Result r = warren("submit", "--pipeline", spec.toString(), "--job-id", "kept", "--keep-intermediate", "--wait");
        assertThat(r.code()).as(r.err()).isZero();
        Path count = fleet.layout().workDir().resolve("pipelines/kept/steps/count");
        assertThat(SequentialReference.output(count))
                .isEqualTo(SequentialReference.run(new WordCount(), Map.of(), Map.of("books/0.txt", books.get("books/0.txt"))));
        assertThat(Files.readAllLines(storage.resolve("out/kept/mr-out-0"))).hasSize(5);
    }

    @Test
    void aFailingStepFailsThePipelineWithThatStepsReasonAndTheStepsAfterItNeverRun() throws Exception {
        Path spec = file("failing.json", """
                {"steps": [{"name": "count", "app": "io.warren.apps.probe.Probe", "inputs": ["books/*.txt"],
                            "reduces": 2, "params": {"failMapOf": "books/3.txt"}},
                           {"name": "top", "app": "topcount", "inputs": ["@count"], "output": "out/failing", "reduces": 1}]}""");

        Result r = warren("submit", "--pipeline", spec.toString(), "--job-id", "failing", "--wait");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("pipeline failing failed after").contains("in step 1/2 count: step count failed:")
                .contains("books/3.txt");
        PipelineRecord failed = pipeline("failing");
        assertThat(failed.state()).isEqualTo(PipelineState.FAILED);
        assertThat(failed.error()).startsWith("step count failed: ").contains("probe failure requested");
        assertThat(failed.steps().get(1).startedAt()).isNull();
        assertThat(new io.warren.coordinator.storage.FileJobStore(fleet.layout()).load("failing.top")).isEmpty();
        assertThat(storage.resolve("out/failing")).doesNotExist();
        assertThat(warren("jobs").out().lines().filter(l -> l.startsWith("failing ")))
                .singleElement().satisfies(l -> assertThat(l).contains("FAILED").contains("step count failed"));
    }

    @Test
    void cancellingAPipelineCancelsItsRunningStepAndDeletesItsIntermediateOutput() throws Exception {
        JobSpec spec = JobSpec.pipeline("slow", List.of(
                new PipelineStep("count", JobSpec.of(null, "wordcount", null, List.of("books/*.txt"), null, 2, Map.of())),
                new PipelineStep("slow", new JobSpec(1, null, "io.warren.apps.probe.Probe", null, List.of("@count"),
                        "out/slow", 1, Map.of("mapDelayMillis", "60000")))), false);
        var end = fleet.submit(spec);
        await().atMost(END).ignoreExceptions().until(() -> fleet.record("slow.slow").state() == JobState.MAPPING
                && pipeline("slow").current() == 1);

        Result r = warren("cancel", "slow");

        assertThat(r.code()).as(r.err()).isZero();
        JobUpdate last = end.get(END.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        assertThat(last.state()).isEqualTo(JobState.CANCELLED);
        assertThat(pipeline("slow").state()).isEqualTo(PipelineState.CANCELLED);
        assertThat(fleet.awaitRecord("slow.slow", j -> j.state().isTerminal(), END).state()).isEqualTo(JobState.CANCELLED);
        assertThat(fleet.record("slow.count").state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(fleet.layout().workDir().resolve("pipelines/slow/steps")).doesNotExist();
        assertThat(warren("cancel", "slow").code()).isEqualTo(1); // it had already ended
    }

    @Test
    void badPipelineSpecsAreRefusedBeforeSubmissionWithAMessageAUserCanActOn() throws Exception {
        Map<String, String> bad = Map.of(
                "{\"steps\": []}", "the pipeline has no steps",
                """
                {"steps": [{"name": "a", "app": "wordcount", "inputs": ["@b"]},
                           {"name": "b", "app": "wordcount", "inputs": ["@a"], "output": "o"}]}""", "a -> b -> a form a cycle",
                """
                {"steps": [{"name": "a", "app": "wordcount", "inputs": ["@nope"], "output": "o"}]}""",
                "step a reads @nope, but there is no step named 'nope'",
                """
                {"steps": [{"name": "a", "app": "wordcount", "inputs": ["x"], "output": "o"},
                           {"name": "a", "app": "wordcount", "inputs": ["x"], "output": "p"}]}""", "two steps are named a",
                "{\"steps\": [{\"app\": \"wordcount\"}]}", "a step's \"name\" must be");
        int i = 0;
        for (var e : bad.entrySet()) {
            Path spec = file("bad-" + (i++) + ".json", e.getKey());
            Result r = warren("submit", "--pipeline", spec.toString(), "--wait");
            assertThat(r.code()).as(e.getKey()).isEqualTo(2);
            assertThat(r.err()).as(e.getKey()).startsWith("warren: pipeline " + spec).contains(e.getValue());
        }
    }

    @Test
    void aBadPipelineFromAnyAmqpClientFailsWithTheReasonAndRunsNothing() throws Exception {
        JobSpec cycle = JobSpec.pipeline("cyclic", List.of(
                new PipelineStep("a", JobSpec.of(null, "wordcount", null, List.of("@b"), null, 1, Map.of())),
                new PipelineStep("b", JobSpec.of(null, "wordcount", null, List.of("@a"), "out/cyclic", 1, Map.of()))), false);
        JobUpdate end = fleet.run(cycle, END);
        assertThat(end.state()).isEqualTo(JobState.FAILED);
        assertThat(end.message()).isEqualTo("refused: the steps a -> b -> a form a cycle: each reads the output of the"
                + " next, so none can start; a step can read only steps that do not read it");
        assertThat(pipeline("cyclic").refused()).isTrue();
        assertThat(new io.warren.coordinator.storage.FileJobStore(fleet.layout()).load("cyclic.a")).isEmpty();
        // A later step that could never run (an app that does not exist, an output that already holds output) is
        // found at submission, before the first step has run.
        JobSpec lateTrouble = JobSpec.pipeline("noapp", List.of(
                new PipelineStep("a", JobSpec.of(null, "wordcount", null, List.of("books/*.txt"), null, 1, Map.of())),
                new PipelineStep("b", JobSpec.of(null, "nosuchapp", null, List.of("@a"), "out/noapp", 1, Map.of()))),
                false);
        JobUpdate refused = fleet.run(lateTrouble, END);
        assertThat(refused.state()).isEqualTo(JobState.FAILED);
        assertThat(refused.message()).startsWith("refused: step b: unknown app 'nosuchapp'");
        assertThat(new io.warren.coordinator.storage.FileJobStore(fleet.layout()).load("noapp.a")).isEmpty();
        Files.createDirectories(storage.resolve("out/taken"));
        Files.writeString(storage.resolve("out/taken/_SUCCESS"), "");
        JobSpec taken = JobSpec.pipeline("taken", List.of(
                new PipelineStep("a", JobSpec.of(null, "wordcount", null, List.of("books/*.txt"), null, 1, Map.of())),
                new PipelineStep("b", JobSpec.of(null, "topcount", null, List.of("@a"), "out/taken", 1, Map.of()))), false);
        assertThat(fleet.run(taken, END).message())
                .startsWith("refused: step b: output directory 'out/taken' already holds job output");
        // A step whose job the scheduler refuses when it starts (its inputs match nothing) fails the pipeline there.
        JobSpec noInput = JobSpec.pipeline("noinput", List.of(
                new PipelineStep("a", JobSpec.of(null, "wordcount", null, List.of("nothing/*.txt"), "out/noinput", 1,
                        Map.of()))), false);
        JobUpdate failed = fleet.run(noInput, END);
        assertThat(failed.message()).startsWith("failed: step a failed: input 'nothing/*.txt' matches no files");
        assertThat(pipeline("noinput").state()).isEqualTo(PipelineState.FAILED);
        assertThat(pipeline("noinput").steps().get(0).state()).isEqualTo(JobState.FAILED);
    }
}
