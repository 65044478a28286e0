package io.warren.worker.exec;

import io.warren.api.Counters;
import io.warren.api.Partitioner;
import io.warren.protocol.InputSplit;
import io.warren.protocol.JobRef;
import io.warren.protocol.MapTask;
import io.warren.protocol.ReduceTask;
import io.warren.protocol.Streaming;
import io.warren.protocol.storage.StorageLayout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Streaming tasks through {@link TaskRunner} on a real directory, with real processes (sh and awk, which every POSIX
 * system has): Hadoop Streaming's protocol, counters, the failures a user must be told about clearly, and that a
 * process tree never outlives its task.
 */
class StreamingTasksTest {
    private static final String JOB_ID = "job-streaming-test";
    private static final String WORKER = "worker-s-1";
    private static final String OUTPUT = "out/s";
    private static final long HEARTBEAT = 10_000;

    @TempDir
    Path root;

    private StorageLayout layout;
    private TaskRunner runner;
    private final List<Streaming.ShippedFile> shipped = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        layout = StorageLayout.under(root);
        runner = runner(ExecSettings.DEFAULT_MAX_RECORD);
        Files.createDirectories(layout.intermediateDir(JOB_ID));
        Files.createDirectories(layout.shippedFilesDir(JOB_ID));
    }

    private TaskRunner runner(int maxRecord) {
        return new TaskRunner(layout, WORKER, new ExecSettings(1 << 20, ExecSettings.DEFAULT_CODEC, root.resolve("local"),
                4, maxRecord, true), Grants.ALWAYS);
    }

    /** Ships a file as the coordinator does: into the job's directory on the storage. */
    private void ship(String name, String content, boolean executable) throws IOException {
        Path f = layout.shippedFilesDir(JOB_ID).resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        if (executable) Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        shipped.add(new Streaming.ShippedFile(name, null, executable ? Boolean.TRUE : null));
    }

    private JobRef job(String mapper, String reducer, String combiner, Map<String, String> params) {
        return new JobRef(Streaming.APP, null, params, new Streaming(mapper, reducer, combiner, List.copyOf(shipped)));
    }

    private String input(String name, String text) throws IOException {
        Path p = root.resolve("in").resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return "in/" + name;
    }

    private MapTask mapTask(JobRef job, int number, String input, int reduces, long heartbeat) throws IOException {
        return new MapTask(JOB_ID, number, 1, job, List.of(InputSplit.wholeFile(input, Files.size(root.resolve(input)))),
                reduces, heartbeat, List.of());
    }

    /** Runs every map, then every reduce; returns each partition's output file's text, and the summed counters. */
    private List<String> runJob(JobRef job, List<String> inputs, int reduces, Map<String, Long> counters) throws Exception {
        List<String> winners = new ArrayList<>();
        for (int m = 0; m < inputs.size(); m++) {
            runner.run(mapTask(job, m, inputs.get(m), reduces, HEARTBEAT), new Progress()).forEach((k, v) -> counters.merge(k, v, Long::sum));
            winners.add(WORKER);
        }
        List<String> parts = new ArrayList<>();
        for (int r = 0; r < reduces; r++) {
            runner.run(new ReduceTask(JOB_ID, r, 1, job, winners, OUTPUT, HEARTBEAT, List.of()), new Progress())
                    .forEach((k, v) -> counters.merge(k, v, Long::sum));
            parts.add(Files.readString(root.resolve(OUTPUT).resolve("mr-out-" + r), StandardCharsets.UTF_8));
        }
        return parts;
    }

    private static String randomText(Random random, int lines) {
        String[] words = {"the", "cat", "naïve", "über", "漢字", "x", "zebra", "a", "The"};
        StringBuilder s = new StringBuilder();
        for (int l = 0; l < lines; l++) {
            int n = random.nextInt(6);
            for (int w = 0; w < n; w++) s.append(w == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
            s.append('\n');
        }
        return s.toString();
    }

    @Test
    void eachOutputLineSplitsAtItsFirstTabAndTheReducerReadsItsPartitionInKeyOrder() throws Exception {
        // The mapper writes "word<TAB>line number<TAB>length" (a value holding a tab) and, for a line's first word,
        // also the word alone (no tab: the whole line is the key and the value is empty). `cat` reduces: it shows
        // exactly what a reducer reads.
        ship("map.awk", "{ for (i = 1; i <= NF; i++) print $i \"\\t\" NR \"\\t\" length($i); if (NF > 0) print $1 }\n", false);
        JobRef job = job("awk -f map.awk", "cat", null, Map.of());
        Random random = new Random(7);
        List<String> inputs = List.of(input("a.txt", randomText(random, 300)), input("b.txt", randomText(random, 200)));
        int reduces = 3;
        Map<String, Long> counters = new TreeMap<>();

        List<String> parts = runJob(job, inputs, reduces, counters);

        List<List<String>> expected = new ArrayList<>();
        for (int r = 0; r < reduces; r++) expected.add(new ArrayList<>());
        for (String in : inputs) {
            List<String> lines = Files.readAllLines(root.resolve(in));
            for (int n = 0; n < lines.size(); n++) {
                String[] words = lines.get(n).isEmpty() ? new String[0] : lines.get(n).split(" ");
                for (String w : words) {
                    expected.get(partition(w, reduces)).add(w + "\t" + (n + 1) + "\t" + w.length());
                }
                if (words.length > 0) expected.get(partition(words[0], reduces)).add(words[0] + "\t");
            }
        }
        for (int r = 0; r < reduces; r++) {
            List<String> got = lines(parts.get(r));
            assertThat(got).containsExactlyInAnyOrderElementsOf(expected.get(r));
            List<byte[]> keys = got.stream().map(l -> l.substring(0, l.indexOf('\t')).getBytes(StandardCharsets.UTF_8)).toList();
            for (int i = 1; i < keys.size(); i++) {
                assertThat(Arrays.compareUnsigned(keys.get(i - 1), keys.get(i))).as("key order in partition " + r).isLessThanOrEqualTo(0);
            }
        }
        long pairs = expected.stream().mapToLong(List::size).sum();
        assertThat(counters).containsEntry(Counters.MAP_OUTPUT_RECORDS, pairs).containsEntry(Counters.REDUCE_INPUT_RECORDS, pairs)
                .containsEntry(Counters.REDUCE_OUTPUT_RECORDS, pairs).containsEntry(Counters.MAP_INPUT_RECORDS, 500L);
    }

    private static int partition(String key, int reduces) {
        return Partitioner.hash().partition(key, reduces);
    }

    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split("\n", -1)).subList(0, text.split("\n", -1).length - 1);
    }

    private static Map<String, Long> wordCounts(String text) {
        Map<String, Long> counts = new TreeMap<>();
        for (String line : text.split("\n")) for (String w : line.split(" ")) if (!w.isEmpty()) counts.merge(w, 1L, Long::sum);
        return counts;
    }

    private static final String COUNT_AWK = "BEGIN { FS = \"\\t\" }\n"
            + "NR > 1 && $1 != key { print key \"\\t\" n; n = 0 }\n"
            + "{ key = $1; n += ($2 == \"\" ? 1 : $2) }\n"
            + "END { if (NR > 0) print key \"\\t\" n; print \"reporter:counter:test,keys-out,\" NR > \"/dev/stderr\" }\n";

    @Test
    void aCombinerIsAReducerRunOnEachSpillAndCountersFromStderrAddUp() throws Exception {
        ship("count.awk", COUNT_AWK, false);
        ship("words.sh", "#!/bin/sh\nawk '{ for (i = 1; i <= NF; i++) print $i \"\\t1\" }"
                + " END { print \"reporter:counter:test,lines,\" NR > \"/dev/stderr\"; print \"reporter:status:done\" > \"/dev/stderr\" }'\n", true);
        JobRef job = job("./words.sh", "awk -f count.awk", "awk -f count.awk", Map.of());
        Random random = new Random(11);
        String a = randomText(random, 4000);
        String b = randomText(random, 3000);
        Map<String, Long> counters = new TreeMap<>();

        List<String> parts = runJob(job, List.of(input("a.txt", a), input("b.txt", b)), 2, counters);

        Map<String, Long> got = new TreeMap<>();
        for (String part : parts) {
            for (String line : lines(part)) got.put(line.split("\t")[0], Long.parseLong(line.split("\t")[1]));
        }
        assertThat(got).isEqualTo(wordCounts(a + b));
        assertThat(counters.get("test.lines")).isEqualTo(7000L);
        // the combiner folded each map task's ~10,000 words into at most 9 pairs
        assertThat(counters.get(Counters.COMBINE_INPUT_RECORDS)).isEqualTo(wordCounts(a + b).values().stream().mapToLong(Long::longValue).sum());
        assertThat(counters.get(Counters.COMBINE_OUTPUT_RECORDS)).isLessThanOrEqualTo(18L).isEqualTo(counters.get(Counters.REDUCE_INPUT_RECORDS));
        assertThat(counters.get("test.keys-out")).isPositive();
    }

    @Test
    void aCombinerSpillsManyTimesWhenItsBufferFills() throws Exception {
        ship("count.awk", COUNT_AWK, false);
        JobRef job = job("awk '{ for (i = 1; i <= NF; i++) print $i \"\\t1\" }'", "awk -f count.awk", "awk -f count.awk", Map.of());
        String text = randomText(new Random(5), 60_000); // about 1.2 MB of pairs through a 1 MiB sort buffer
        Map<String, Long> counters = new TreeMap<>();

        List<String> parts = runJob(job, List.of(input("big.txt", text)), 3, counters);

        Map<String, Long> got = new TreeMap<>();
        for (String part : parts) for (String line : lines(part)) got.put(line.split("\t")[0], Long.parseLong(line.split("\t")[1]));
        assertThat(got).isEqualTo(wordCounts(text));
        assertThat(counters.get(Counters.SPILLED_RECORDS)).isPositive();
    }

    @Test
    void withoutAReducerTheSortedPairsAreTheOutput() throws Exception {
        JobRef job = job("awk '{ print NF \"\\t\" $1 }'", null, null, Map.of());
        Map<String, Long> counters = new TreeMap<>();

        List<String> parts = runJob(job, List.of(input("a.txt", "b c\na\n\nz y x\n")), 1, counters);

        assertThat(parts.get(0)).isEqualTo("0\t\n1\ta\n2\tb\n3\tz\n");
    }

    @Test
    void keyFieldsWithFewerPartitionFieldsGiveEachReducerItsGroupsSortedByTheLaterFields() throws Exception {
        // station<TAB>zero-padded temperature is the key; the reduce is chosen by the station alone; `cat` shows
        // the reducer's input: each station on one reduce, its lines in temperature order.
        Random random = new Random(5);
        List<String> inputs = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 400; i++) {
                String line = "s" + random.nextInt(25) + "," + random.nextInt(1000);
                text.append(line).append('\n');
                all.add(line);
            }
            inputs.add(input("t" + f + ".txt", text.toString()));
        }
        Streaming keyed = new Streaming("awk -F, '{ printf \"%s\\t%04d\\t%s\\n\", $1, $2, $2 }'", "cat", null,
                List.of()).withKeys(2, null, 1);

        List<String> parts = runJob(new JobRef(Streaming.APP, null, Map.of(), keyed), inputs, 3, new TreeMap<>());

        List<String> seen = new ArrayList<>();
        Map<String, Integer> reduceOf = new HashMap<>();
        for (int r = 0; r < parts.size(); r++) {
            List<String> lines = lines(parts.get(r));
            assertThat(lines).isSorted();
            for (String line : lines) {
                String[] f = line.split("\t");
                assertThat(reduceOf.putIfAbsent(f[0], r)).as("reduce of station %s", f[0]).isIn(null, r);
                seen.add(f[0] + "," + f[2]);
            }
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void aFieldSeparatorAndKeyFieldsSplitTheKeyFromTheValue() throws Exception {
        Streaming dotted = new Streaming("cat", null, null, List.of()).withKeys(2, ".", null);

        List<String> parts = runJob(new JobRef(Streaming.APP, null, Map.of(), dotted),
                List.of(input("d.txt", "b.x.1.2\na.y.3\nc\n")), 1, new TreeMap<>());

        assertThat(parts.get(0)).isEqualTo("a.y\t3\nb.x\t1.2\nc\t\n");
    }

    @Test
    void paramsAndTheTaskReachTheProcessAsEnvironmentVariables() throws Exception {
        JobRef job = job("sh -c 'cat > /dev/null; printf \"%s\\t%s %s %s\\n\" \"$my_pattern\" \"$WARREN_JOB_ID\" \"$WARREN_TASK_ID\" \"$mapreduce_map_input_file\"'",
                "cat", null, Map.of("my.pattern", "wh?le"));
        Map<String, Long> counters = new TreeMap<>();

        List<String> parts = runJob(job, List.of(input("a.txt", "x\n")), 1, counters);

        assertThat(parts.get(0)).isEqualTo("wh?le\t" + JOB_ID + " map-0 in/a.txt\n");
    }

    @Test
    void aNonZeroExitFailsTheTaskWithTheTailOfItsStderrKeptWithTheJob() throws Exception {
        ship("fail.sh", "cat > /dev/null\nfor i in $(seq 1 40); do echo \"noise $i\" >&2; done\necho 'Traceback: it broke' >&2\nexit 3\n", false);
        JobRef job = job("sh fail.sh", null, null, Map.of());
        MapTask task = mapTask(job, 0, input("a.txt", "x\n"), 1, HEARTBEAT);

        assertThatThrownBy(() -> runner.run(task, new Progress())).isInstanceOf(StreamingFailure.class)
                .hasMessageContaining("mapper 'sh fail.sh' exited with status 3")
                .hasMessageContaining("Traceback: it broke").hasMessageContaining("noise 40").hasMessageNotContaining("noise 20\n");
        try (var logs = Files.list(layout.taskLogDir(JOB_ID))) {
            Path log = logs.findFirst().orElseThrow();
            assertThat(log.getFileName().toString()).isEqualTo("map-0.1." + WORKER + ".mapper.stderr");
            assertThat(Files.readString(log)).startsWith("noise 1\n").contains("Traceback: it broke");
        }
    }

    @Test
    void aScriptThatWasNotShippedIsNamedInTheReason() throws Exception {
        ship("map.sh", "cat\n", false);
        JobRef job = job("sh mapper.sh", null, null, Map.of());
        MapTask task = mapTask(job, 0, input("a.txt", "x\n"), 1, HEARTBEAT);

        assertThatThrownBy(() -> runner.run(task, new Progress())).isInstanceOf(StreamingFailure.class)
                .hasMessageContaining("exited with status")
                .hasMessageContaining("mapper.sh is not among the shipped files: map.sh; ship it with --file");
    }

    @Test
    void aCommandThatDoesNotExistOrIsNotExecutableCannotStartWithAReasonSayingSo() throws Exception {
        ship("map.sh", "#!/bin/sh\ncat\n", false);
        MapTask missing = mapTask(job("no-such-command-w14 --x", null, null, Map.of()), 0, input("a.txt", "x\n"), 1, HEARTBEAT);
        MapTask notExecutable = mapTask(job("./map.sh", null, null, Map.of()), 0, "in/a.txt", 1, HEARTBEAT);
        MapTask absent = mapTask(job("./nothing.sh", null, null, Map.of()), 0, "in/a.txt", 1, HEARTBEAT);

        assertThatThrownBy(() -> runner.run(missing, new Progress())).isInstanceOf(StreamingFailure.class)
                .hasMessageContaining("cannot start mapper 'no-such-command-w14 --x': 'no-such-command-w14' was not found");
        assertThatThrownBy(() -> runner.run(notExecutable, new Progress())).isInstanceOf(StreamingFailure.class)
                .hasMessageContaining("'./map.sh' is not executable; chmod +x it before submitting");
        assertThatThrownBy(() -> runner.run(absent, new Progress())).isInstanceOf(StreamingFailure.class)
                .hasMessageContaining("'./nothing.sh' is not in the task's working directory (shipped files: map.sh)");
    }

    @Test
    void anExecutableShippedFileRunsByItsName() throws Exception {
        ship("map.sh", "#!/bin/sh\nexec awk '{ print $1 }'\n", true);
        Map<String, Long> counters = new TreeMap<>();

        List<String> parts = runJob(job("map.sh", null, null, Map.of()), List.of(input("a.txt", "q w\nq\n")), 1, counters);

        assertThat(parts.get(0)).isEqualTo("q\t\nq\t\n");
    }

    @Test
    void outputThatIsNotUtf8FailsTheTask() throws Exception {
        MapTask task = mapTask(job("sh -c 'cat > /dev/null; printf \"ok\\n\\377bad\\tx\\n\"'", null, null, Map.of()), 0,
                input("a.txt", "x\n"), 1, HEARTBEAT);

        assertThatThrownBy(() -> runner.run(task, new Progress())).isInstanceOf(StreamingFailure.class)
                .hasMessageContaining("wrote a line that is not valid UTF-8 (line 2 of its output; starts '\\xffbad\\x09x')");
    }

    @Test
    void aLineOverTheRecordLimitFailsTheTask() throws Exception {
        runner = runner(100);
        MapTask task = mapTask(job("awk '{ s = \"\"; for (i = 0; i < 150; i++) s = s \"y\"; print s }'", null, null, Map.of()),
                0, input("a.txt", "x\n"), 1, HEARTBEAT);

        assertThatThrownBy(() -> runner.run(task, new Progress())).isInstanceOf(StreamingFailure.class)
                .hasMessageContaining("wrote a line longer than the 100-byte record limit (line 1 of its output);"
                        + " raise the worker's --max-record-size");
    }

    @Test
    void aProcessWhoseOutputFillsItsPipeWhileItIsFedDoesNotDeadlock() throws Exception {
        // Each input line becomes 40 output lines: the mapper blocks on a full stdout long before its stdin is drained.
        JobRef job = job("awk '{ for (i = 0; i < 40; i++) print $1 \"-\" i \"\\t\" $0 }'", "awk '{ n++ } END { print n }'", null, Map.of());
        String text = randomText(new Random(3), 20_000).replace("\n\n", "\nfiller\n");
        Map<String, Long> counters = new TreeMap<>();

        List<String> parts = runJob(job, List.of(input("a.txt", text)), 1, counters);

        long nonEmpty = text.lines().filter(l -> !l.isEmpty()).count();
        long empty = text.lines().filter(String::isEmpty).count();
        assertThat(parts.get(0)).isEqualTo((40 * (nonEmpty + empty)) + "\n");
    }

    @Test
    void aMapperThatStopsReadingAndExitsZeroSucceeds() throws Exception {
        String text = randomText(new Random(9), 100_000); // far more than a pipe holds
        Map<String, Long> counters = new TreeMap<>();

        List<String> parts = runJob(job("head -n 1", null, null, Map.of()), List.of(input("a.txt", text)), 1, counters);

        assertThat(parts.get(0)).isEqualTo(text.lines().findFirst().orElseThrow() + "\t\n");
    }

    @Test
    void aMapperThatHangsWithoutReadingTimesOutAndItsTreeIsKilled() throws Exception {
        String text = randomText(new Random(9), 100_000);
        MapTask task = mapTask(job("sh -c 'sleep 600 & sleep 601'", null, null, Map.of()), 0, input("a.txt", text), 1, 100);

        assertThatThrownBy(() -> runner.run(task, new Progress())).isInstanceOf(StreamingFailure.class)
                .hasMessageContaining("made no progress for 400 ms");
        assertThat(sleepers()).isEmpty();
        assertThat(runner.streamingProcesses()).isZero();
    }

    @Test
    void interruptingTheTaskThreadKillsTheWholeProcessTree() throws Exception {
        ship("tree.sh", "sh -c 'sleep 600' &\nsleep 601 &\ncat > /dev/null\nwait\n", false);
        MapTask task = mapTask(job("sh tree.sh", null, null, Map.of()), 0, input("a.txt", "x\n"), 1, HEARTBEAT);
        AtomicReference<Thread> thread = new AtomicReference<>();
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                runner.run(task, new Progress());
                ended.complete(null);
            } catch (Throwable e) {
                ended.complete(e);
            }
        });
        thread.set(t);
        t.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> sleepers().size() == 2);

        t.interrupt();

        assertThat(ended.get(20, java.util.concurrent.TimeUnit.SECONDS)).isNotNull().hasMessageContaining("abandoned");
        await().atMost(Duration.ofSeconds(10)).until(() -> sleepers().isEmpty());
    }

    @Test
    void closingTheRunnerKillsRunningProcessTrees() throws Exception {
        MapTask task = mapTask(job("sh -c 'sleep 600 & sleep 601; wait'", null, null, Map.of()), 0, input("a.txt", "x\n"), 1, HEARTBEAT);
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        new Thread(() -> {
            try {
                runner.run(task, new Progress());
                ended.complete(null);
            } catch (Throwable e) {
                ended.complete(e);
            }
        }).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> sleepers().size() == 2);

        runner.close();

        assertThat(ended.get(20, java.util.concurrent.TimeUnit.SECONDS)).isNotNull().hasMessageContaining("the worker shut down");
        await().atMost(Duration.ofSeconds(10)).until(() -> sleepers().isEmpty());
    }

    @Test
    void aReducerFedAMissingMapOutputReportsThatMapAsLost() throws Exception {
        JobRef job = job("cat", "cat", null, Map.of());
        ReduceTask task = new ReduceTask(JOB_ID, 0, 1, job, List.of(WORKER), OUTPUT, HEARTBEAT, List.of());

        assertThatThrownBy(() -> runner.run(task, new Progress())).isInstanceOf(LostMapOutputs.class);
    }

    /** This JVM's descendants that are our test sleepers (sleep 600 / 601). */
    private static List<ProcessHandle> sleepers() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.matches(".*sleep 60[01].*") && !c.contains("sh ")).orElse(false))
                .toList();
    }

    @Test
    void envNamesFollowHadoopStreaming() {
        Map<String, String> names = new HashMap<>();
        for (String p : List.of("mapred.job.name", "my-param", "ok_9")) names.put(p, StreamingTasks.envName(p));
        assertThat(names).containsEntry("mapred.job.name", "mapred_job_name").containsEntry("my-param", "my_param")
                .containsEntry("ok_9", "ok_9");
    }
}
