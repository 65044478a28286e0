package io.warren.coordinator.storage;

import io.warren.protocol.InputSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SplitterTest {

    private static List<InputSplit> files(long... sizes) {
        List<InputSplit> files = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) files.add(InputSplit.wholeFile("f" + i, sizes[i]));
        return files;
    }

    /** Every byte of every file belongs to exactly one split, and splits of a file are consecutive. */
    private static void assertCoversEveryByteOnce(List<InputSplit> files, List<List<InputSplit>> tasks) {
        for (InputSplit file : files) {
            List<InputSplit> pieces = tasks.stream().flatMap(List::stream).filter(s -> s.path().equals(file.path())).toList();
            long next = 0;
            for (InputSplit p : pieces) {
                assertThat(p.start()).isEqualTo(next);
                next = p.start() + p.length();
            }
            assertThat(next).isEqualTo(file.length());
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 100, 999, 1_000, 1_001, 4_096, 1 << 20})
    void splitsCoverEveryByteExactlyOnceWhateverTheSplitSize(long splitSize) {
        Random random = new Random(splitSize);
        long[] sizes = new long[20];
        for (int i = 0; i < sizes.length; i++) sizes[i] = random.nextInt(5_000);
        sizes[3] = 0;
        List<InputSplit> files = files(sizes);
        List<List<InputSplit>> tasks = Splitter.split(files, splitSize, false);
        assertCoversEveryByteOnce(files, tasks);
        assertThat(tasks).allSatisfy(t -> assertThat(t).isNotEmpty());
    }

    @Test
    void aLargeFileBecomesOneTaskPerSplitAndASmallRemainderJoinsTheLastPiece() {
        assertThat(Splitter.split(files(1_000), 300, false)).containsExactly(
                List.of(new InputSplit("f0", 0, 300)), List.of(new InputSplit("f0", 300, 300)),
                List.of(new InputSplit("f0", 600, 300)), List.of(new InputSplit("f0", 900, 100)));
        assertThat(Splitter.split(files(920), 300, false)).as("the last 320 bytes are within the 10% slop")
                .containsExactly(List.of(new InputSplit("f0", 0, 300)), List.of(new InputSplit("f0", 300, 300)),
                        List.of(new InputSplit("f0", 600, 320)));
        assertThat(Splitter.split(files(1_050), 1_000, false)).as("within the 10% slop").hasSize(1);
    }

    @Test
    void aFewSmallFilesStayATaskEachForParallelism() {
        assertThat(Splitter.split(files(10, 20, 30, 40), 64 << 20, false)).hasSize(4);
    }

    @Test
    void manySmallFilesAreGroupedIntoAFewHundredTasks() {
        long[] sizes = new long[100_000];
        java.util.Arrays.fill(sizes, 10_000);
        List<List<InputSplit>> tasks = Splitter.split(files(sizes), 64 << 20, false);
        assertThat(tasks.size()).isBetween(Splitter.SMALL_FILE_TASKS - 1, Splitter.SMALL_FILE_TASKS + 1);
        assertThat(tasks.stream().mapToInt(List::size).sum()).isEqualTo(100_000);
    }

    @Test
    void groupsNeverExceedTheSplitSize() {
        long[] sizes = new long[10_000];
        java.util.Arrays.fill(sizes, 1_000);
        List<List<InputSplit>> tasks = Splitter.split(files(sizes), 5_000, false);
        assertThat(tasks).allSatisfy(t -> assertThat(t.stream().mapToLong(InputSplit::length).sum()).isLessThanOrEqualTo(5_000));
    }

    @Test
    void wholeFileJobsGetOneTaskPerFile() {
        assertThat(Splitter.split(files(10, 1 << 30), 100, true)).containsExactly(
                List.of(InputSplit.wholeFile("f0", 10)), List.of(InputSplit.wholeFile("f1", 1 << 30)));
    }
}
