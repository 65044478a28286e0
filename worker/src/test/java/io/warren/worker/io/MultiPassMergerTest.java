package io.warren.worker.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Merging in passes of at most the merge factor gives what one merge of everything gives, and cleans up after. */
class MultiPassMergerTest {
    private static final Comparator<Map.Entry<String, String>> BY_KEY_BYTES =
            Comparator.comparing(e -> e.getKey().getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned);
    @TempDir
    Path dir;

    private static List<List<Map.Entry<String, String>>> sortedRuns(int count) {
        Random random = new Random(11);
        List<List<Map.Entry<String, String>>> runs = new ArrayList<>();
        for (int r = 0; r < count; r++) {
            List<Map.Entry<String, String>> run = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(2_000); i++) {
                run.add(Map.entry(RunFormatTest.randomText(random, 1 + random.nextInt(3)), "run" + r + "#" + i));
            }
            run.sort(BY_KEY_BYTES);
            runs.add(run);
        }
        return runs;
    }

    private static RunSource inMemory(int origin, byte[] bytes) {
        return new RunSource("run" + origin, () -> new ByteArrayInputStream(bytes), List.of(origin));
    }

    private static List<RunSource> sources(List<List<Map.Entry<String, String>>> runs) throws IOException {
        List<RunSource> sources = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) sources.add(inMemory(r, RunFormatTest.write(Codec.LZ4, runs.get(r))));
        return sources;
    }

    private List<Path> scratchFiles() throws IOException {
        if (!Files.isDirectory(dir.resolve("scratch"))) return List.of();
        try (Stream<Path> files = Files.list(dir.resolve("scratch"))) {
            return files.toList();
        }
    }

    @Test
    void fiveRunsWithAMergeFactorOfTwoGiveEveryRecordInKeyThenInputOrderAndLeaveNoScratchFiles() throws IOException {
        List<List<Map.Entry<String, String>>> runs = sortedRuns(5);
        List<Map.Entry<String, String>> expected = new ArrayList<>();
        runs.forEach(expected::addAll);
        expected.sort(BY_KEY_BYTES); // stable, so equal keys stay in run order
        AtomicLong passRecords = new AtomicLong();

        List<Map.Entry<String, String>> merged = new ArrayList<>();
        try (MultiPassMerger merging = new MultiPassMerger(dir.resolve("scratch"), Codec.LZ4, 2, passRecords::incrementAndGet)) {
            try (Merger merger = merging.merge(sources(runs))) {
                assertThat(scratchFiles()).as("5 -> 3 -> 2 runs: three scratch runs, then two").hasSize(5);
                while (merger.next()) merged.add(Map.entry(merger.current().key(), merger.current().value()));
            }
        }
        assertThat(merged).isEqualTo(expected);
        assertThat(passRecords.get()).as("two passes, each writing every record").isEqualTo(2L * expected.size());
        assertThat(scratchFiles()).isEmpty();
    }

    @Test
    void noMoreRunsThanTheMergeFactorAreMergedWithoutAPass() throws IOException {
        AtomicLong passRecords = new AtomicLong();
        try (MultiPassMerger merging = new MultiPassMerger(dir.resolve("scratch"), Codec.LZ4, 4, passRecords::incrementAndGet);
             Merger merger = merging.merge(sources(sortedRuns(4)))) {
            assertThat(merger.next()).isTrue();
        }
        assertThat(passRecords.get()).isZero();
        assertThat(dir.resolve("scratch")).doesNotExist();
    }

    @Test
    void aCorruptRunFailingInAPassIsNamedByItsOrigin() throws IOException {
        List<RunSource> sources = new ArrayList<>(sources(sortedRuns(5)));
        byte[] bad = RunFormatTest.write(Codec.NONE, List.of(Map.entry("a", "1"), Map.entry("b", "2")));
        bad[bad.length - 3] ^= 1; // the end marker's record count
        sources.set(3, inMemory(3, bad));
        try (MultiPassMerger merging = new MultiPassMerger(dir.resolve("scratch"), Codec.LZ4, 2, () -> { })) {
            assertThatThrownBy(() -> merging.merge(sources)).isInstanceOf(Merger.SourceFailure.class)
                    .satisfies(e -> assertThat(((Merger.SourceFailure) e).origins).containsExactly(3))
                    .hasMessageContaining("run3");
        }
        assertThat(scratchFiles()).isEmpty();
    }

    @Test
    void aMissingFileIsNamedByItsOriginAndPath() throws IOException {
        Path missing = dir.resolve("gone");
        try (MultiPassMerger merging = new MultiPassMerger(dir.resolve("scratch"), Codec.LZ4, 2, () -> { })) {
            assertThatThrownBy(() -> merging.merge(List.of(RunSource.file(missing, List.of(7)))))
                    .isInstanceOf(Merger.SourceFailure.class)
                    .satisfies(e -> assertThat(((Merger.SourceFailure) e).origins).containsExactly(7))
                    .hasMessage("intermediate file " + missing + " is missing");
        }
    }
}
