package io.warren.worker.exec;

import io.warren.api.Partitioner;
import io.warren.protocol.InputSplit;
import io.warren.protocol.JobRef;
import io.warren.protocol.MapTask;
import io.warren.protocol.ReduceTask;
import io.warren.protocol.storage.FileNames;
import io.warren.protocol.storage.StorageLayout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Map and reduce attempts through {@link TaskRunner}, on a real directory, checked against a sequential word count. */
class MapReduceRunnerTest {
    private static final String JOB_ID = "job-runner-test";
    private static final String WORKER = "worker-a-1";
    private static final String OTHER_WORKER = "worker-b-2";
    private static final int REDUCES = 5;
    private static final String OUTPUT = "out/wc";
    private static final JobRef WORDCOUNT = new JobRef("wordcount", null, Map.of());
    private static final String[] VOCABULARY = {"the", "The", "cat", "hat", "a", "naïve", "über", "café", "漢字", "かな",
            "Ωμέγα", "𝐀𝐁", "straße", "x", "zebra"};
    private static final String[] SEPARATORS = {" ", " ", ", ", ". ", " 42 ", "-", " 😀 ", "\t", "'"};

    @TempDir
    Path root;

    private StorageLayout layout;
    private TaskRunner runner;
    private List<String> documents;

    private ExecSettings settings() {
        return new ExecSettings(ExecSettings.DEFAULT_SORT_BUFFER, ExecSettings.DEFAULT_CODEC, root.resolve("local"), 4);
    }

    @BeforeEach
    void writeInputs() throws IOException {
        layout = StorageLayout.under(root);
        runner = new TaskRunner(layout, WORKER, settings(), Grants.ALWAYS);
        Files.createDirectories(layout.intermediateDir(JOB_ID)); // the coordinator creates it when the job starts
        documents = new ArrayList<>();
        Random random = new Random(41);
        for (int i = 0; i < 4; i++) documents.add(writeDocument("books/doc-" + i + ".txt", randomText(random)));
        documents.add(writeDocument("books/empty.txt", ""));
        documents.add(writeDocument("books/solo.txt", "solo\n"));
    }

    @Test
    void mapWritesOneIntermediateFilePerPartitionNamedAfterWorkerMapAndReduce() throws Exception {
        runAllMaps();

        Set<String> expected = IntStream.range(0, documents.size()).boxed()
                .flatMap(m -> IntStream.range(0, REDUCES).mapToObj(r -> FileNames.intermediate(WORKER, m, r)))
                .collect(Collectors.toSet());
        assertThat(fileNames(layout.intermediateDir(JOB_ID))).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void emptyInputStillProducesEveryPartitionsFile() throws Exception {
        int empty = documents.indexOf("books/empty.txt");

        runner.run(mapTask(empty, "books/empty.txt"), new Progress());

        for (int r = 0; r < REDUCES; r++) {
            Path file = layout.intermediateDir(JOB_ID).resolve(FileNames.intermediate(WORKER, empty, r));
            assertThat(file).exists();
            try (var in = java.nio.file.Files.newInputStream(file)) {
                assertThat(new io.warren.worker.io.RunReader(in, file.toString()).next()).as("records in %s", file).isFalse();
            }
        }
    }

    @Test
    void reduceOutputEqualsASequentialWordCount() throws Exception {
        runAllMaps();
        runAllReduces(Collections.nCopies(documents.size(), WORKER), OUTPUT);

        List<String> expected = sequentialWordCount(documents);
        assertThat(expected).as("reference word count").hasSizeGreaterThan(VOCABULARY.length / 2);
        assertThat(outputLines(OUTPUT)).containsExactlyElementsOf(expected);
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void aReduceDeniedItsCommitLeavesNoPartAndNoPendingWrite() throws Exception {
        runAllMaps();
        List<ReduceTask> asked = new ArrayList<>();
        TaskRunner denied = new TaskRunner(layout, WORKER, settings(), (task, progress) -> {
            asked.add(task);
            throw new CommitDenied("attempt 2 on w-other holds the commit grant");
        });
        ReduceTask reduce = reduceTask(0, 1, Collections.nCopies(documents.size(), WORKER), OUTPUT);

        assertThatThrownBy(() -> denied.run(reduce, new Progress())).isInstanceOf(CommitDenied.class)
                .hasMessageContaining("holds the commit grant");
        assertThat(asked).as("asked once, after writing").containsExactly(reduce);
        assertThat(layout.resolve(OUTPUT).resolve(FileNames.output(0))).doesNotExist();
        assertThat(temporaryFiles()).isEmpty();

        runner.run(reduce.withAttempt(2), new Progress());
        assertThat(layout.resolve(OUTPUT).resolve(FileNames.output(0))).as("the granted attempt commits").exists();
    }

    @Test
    void everyOutputFileHoldsItsOwnPartitionsKeysSortedAndOnce() throws Exception {
        runAllMaps();
        runAllReduces(Collections.nCopies(documents.size(), WORKER), OUTPUT);

        Path out = layout.resolve(OUTPUT);
        assertThat(fileNames(out)).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, REDUCES).mapToObj(FileNames::output).toList());
        for (int r = 0; r < REDUCES; r++) {
            List<String> keys = Files.readAllLines(out.resolve(FileNames.output(r)), StandardCharsets.UTF_8).stream()
                    .map(line -> line.substring(0, line.lastIndexOf(' '))).toList();
            int partition = r;
            assertThat(keys).as("keys of %s", FileNames.output(r))
                    .isSortedAccordingTo(Comparator.naturalOrder())
                    .doesNotHaveDuplicates()
                    .allMatch(key -> Partitioner.hash().partition(key, REDUCES) == partition);
        }
    }

    @Test
    void reduceReadsOnlyTheWinningWorkersOutputOfEachMapTask() throws Exception {
        writeDocument("books/other.txt", "zebra zebra zebra other words\n");
        runAllMaps();
        new TaskRunner(layout, OTHER_WORKER, settings(), Grants.ALWAYS).run(mapTask(0, "books/other.txt"), new Progress());

        List<String> winners = new ArrayList<>(Collections.nCopies(documents.size(), WORKER));
        runAllReduces(winners, "out/first-won");
        winners.set(0, OTHER_WORKER);
        runAllReduces(winners, "out/other-won");

        List<String> withOther = new ArrayList<>(documents);
        withOther.set(0, "books/other.txt");
        assertThat(outputLines("out/first-won")).containsExactlyElementsOf(sequentialWordCount(documents));
        assertThat(outputLines("out/other-won")).containsExactlyElementsOf(sequentialWordCount(withOther));
    }

    @Test
    void secondReduceAttemptDoesNotReplaceTheCommittedOutput() throws Exception {
        runAllMaps();
        List<String> winners = Collections.nCopies(documents.size(), WORKER);
        runner.run(reduceTask(0, 1, winners, OUTPUT), new Progress());
        Path committed = layout.resolve(OUTPUT).resolve(FileNames.output(0));
        Files.writeString(committed, "sentinel\n");

        runner.run(reduceTask(0, 2, winners, OUTPUT), new Progress());

        assertThat(committed).hasContent("sentinel");
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void reduceWithAMissingIntermediateFileFailsNamingIt() throws Exception {
        runAllMaps();
        List<String> winners = new ArrayList<>(Collections.nCopies(documents.size(), WORKER));
        winners.set(2, "ghost-worker-9");
        String missing = FileNames.intermediate("ghost-worker-9", 2, 3);

        assertThatThrownBy(() -> runner.run(reduceTask(3, 1, winners, OUTPUT), new Progress()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(missing);
        assertThat(layout.resolve(OUTPUT).resolve(FileNames.output(3))).doesNotExist();
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void mapperExceptionPropagatesAndLeavesNoFilesOfThatAttempt() throws Exception {
        runAllMaps();
        String doomed = writeDocument("books/doomed-7.txt", "these words never reach a file\n");
        int m = documents.size();
        JobRef probe = new JobRef("io.warren.apps.probe.Probe", null, Map.of("failMapOf", "doomed"));
        MapTask task = new MapTask(JOB_ID, m, 1, probe, List.of(InputSplit.wholeFile(doomed, size(doomed))), REDUCES, 1_000,
                List.of());

        assertThatThrownBy(() -> runner.run(task, new Progress()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("doomed-7");

        assertThat(fileNames(layout.intermediateDir(JOB_ID)))
                .hasSize(documents.size() * REDUCES)
                .noneMatch(name -> FileNames.parseIntermediate(name).orElseThrow().mapTask() == m);
        assertThat(temporaryFiles()).isEmpty();
    }

    private void runAllMaps() throws Exception {
        for (int m = 0; m < documents.size(); m++) runner.run(mapTask(m, documents.get(m)), new Progress());
    }

    private void runAllReduces(List<String> winners, String output) throws Exception {
        for (int r = 0; r < REDUCES; r++) runner.run(reduceTask(r, 1, winners, output), new Progress());
    }

    private MapTask mapTask(int m, String document) throws IOException {
        return new MapTask(JOB_ID, m, 1, WORDCOUNT, List.of(InputSplit.wholeFile(document, size(document))), REDUCES, 1_000,
                List.of());
    }

    private static ReduceTask reduceTask(int r, int attempt, List<String> winners, String output) {
        return new ReduceTask(JOB_ID, r, attempt, WORDCOUNT, winners, output, 1_000, List.of());
    }

    /** Every {@code word count} line of the committed outputs, sorted. */
    private List<String> outputLines(String output) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < REDUCES; r++) {
            lines.addAll(Files.readAllLines(layout.resolve(output).resolve(FileNames.output(r)), StandardCharsets.UTF_8));
        }
        Collections.sort(lines);
        return lines;
    }

    /** The reference: words are maximal runs of letters anywhere in the text, counted in one pass, sorted lines. */
    private List<String> sequentialWordCount(List<String> inputs) throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        for (String input : inputs) {
            for (String word : Files.readString(layout.resolve(input)).split("[^\\p{L}]+")) {
                if (!word.isEmpty()) counts.merge(word, 1L, Long::sum);
            }
        }
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).sorted().toList();
    }

    private List<Path> temporaryFiles() throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(".") && name.endsWith(".tmp");
            }).toList();
        }
    }

    private static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private String writeDocument(String relative, String text) throws IOException {
        Path file = layout.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return relative;
    }

    private long size(String document) throws IOException {
        return Files.size(layout.resolve(document));
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int lines = 20 + random.nextInt(40);
        for (int l = 0; l < lines; l++) {
            int words = random.nextInt(12);
            for (int w = 0; w < words; w++) {
                text.append(VOCABULARY[random.nextInt(VOCABULARY.length)]);
                text.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
            }
            text.append(random.nextInt(5) == 0 ? "\r\n" : "\n");
        }
        return text.toString();
    }
}
