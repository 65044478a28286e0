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
        java.util.Map<String, List<InputSplit>> pieces = new java.util.HashMap<>();
        tasks.stream().flatMap(List::stream).forEach(s -> pieces.computeIfAbsent(s.path(), p -> new ArrayList<>()).add(s));
        for (InputSplit file : files) {
            long next = 0;
            for (InputSplit p : pieces.getOrDefault(file.path(), List.of())) {
                assertThat(p.start()).isEqualTo(next);
                next = p.start() + p.length();
            }
            assertThat(next).isEqualTo(file.length());
        }
    }

    /** A compressed file cannot be read from the middle: a large one is one task, whole; plain ones are still cut. */
    @Test
    void aCompressedFileIsNeverCut() {
        List<InputSplit> files = List.of(InputSplit.wholeFile("big.gz", 10_000), InputSplit.wholeFile("big.zst", 3_000),
                InputSplit.wholeFile("big.bz2", 5_000), InputSplit.wholeFile("big.txt", 4_000),
                InputSplit.wholeFile("small.gz", 10), InputSplit.wholeFile("small.txt", 10));

        List<List<InputSplit>> tasks = Splitter.split(files, 1_000, false);

        for (String name : List.of("big.gz", "big.zst", "big.bz2", "small.gz")) {
            List<InputSplit> pieces = tasks.stream().flatMap(List::stream).filter(s -> s.path().equals(name)).toList();
            InputSplit whole = files.stream().filter(f -> f.path().equals(name)).findFirst().orElseThrow();
            assertThat(pieces).as(name).containsExactly(whole);
        }
        assertThat(tasks.stream().flatMap(List::stream).filter(s -> s.path().equals("big.txt"))).hasSize(4);
        assertThat(tasks).contains(List.of(files.get(0)), List.of(files.get(1)), List.of(files.get(2)));
        assertCoversEveryByteOnce(files, tasks);
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
        assertThat(Splitter.split(files(10, 20, 30, 40), DEFAULT_SPLIT, false)).hasSize(4);
        assertThat(Splitter.split(files(10, 20, 30, 40, 1_000, 5), DEFAULT_SPLIT, false)).hasSize(6);
    }

    private static final long DEFAULT_SPLIT = 64L << 20;

    @ParameterizedTest
    @ValueSource(ints = {40_000, 100_000})
    void manySmallFilesOfOneSizeMakeAlmostTheMostTasksAllowed(int count) {
        long[] sizes = new long[count];
        java.util.Arrays.fill(sizes, 4_000_000_000L / count); // 4 GB: tasks of 20 MB, past the least task bytes
        List<InputSplit> files = files(sizes);
        List<List<InputSplit>> tasks = Splitter.split(files, DEFAULT_SPLIT, false);
        assertThat(tasks.size()).isBetween(Splitter.SMALL_FILE_TASKS - 2, Splitter.SMALL_FILE_TASKS);
        assertCoversEveryByteOnce(files, tasks);
    }

    @Test
    void manyTinyFilesMakeTasksOfAtLeastTheLeastTaskBytes() {
        long[] sizes = new long[40_000];
        java.util.Arrays.fill(sizes, 2_600); // about 100 MiB in all
        List<InputSplit> files = files(sizes);
        List<List<InputSplit>> tasks = Splitter.split(files, DEFAULT_SPLIT, false);
        long bytes = 2_600L * sizes.length;
        assertThat(tasks.size()).isBetween((int) (bytes / (2 * Splitter.MIN_SMALL_FILE_TASK_BYTES)),
                (int) (bytes / Splitter.MIN_SMALL_FILE_TASK_BYTES) + 1);
        assertCoversEveryByteOnce(files, tasks);
    }

    /** Uneven mixes of up to a few GiB (more would need more tasks of at most a split): spread, lumpy, with holes. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void smallFilesNeverMakeMoreThanTheMostTasksWhateverTheirSizes(int mix) {
        Random random = new Random(mix);
        int count = mix % 2 == 0 ? 100_000 : 40_000;
        long[] sizes = new long[count];
        for (int i = 0; i < count; i++) {
            sizes[i] = switch (mix) {
                case 0, 1 -> (long) Math.pow(10, random.nextDouble() * 5.5);     // 1 B to 300 KB, log-uniform
                case 2, 3 -> i % 997 == 0 ? DEFAULT_SPLIT / 3 : random.nextInt(50); // a few big among tiny ones
                default -> i % 2 == 0 ? random.nextInt(100_000) : 0;             // alternating, with empty files
            };
        }
        List<InputSplit> files = files(sizes);
        List<List<InputSplit>> tasks = Splitter.split(files, DEFAULT_SPLIT, false);
        assertThat(tasks.size()).isLessThanOrEqualTo(Splitter.SMALL_FILE_TASKS);
        assertThat(tasks).allSatisfy(t -> assertThat(t.stream().mapToLong(InputSplit::length).sum())
                .isLessThanOrEqualTo(DEFAULT_SPLIT));
        assertCoversEveryByteOnce(files, tasks);
        assertThat(tasks.stream().mapToInt(List::size).sum()).isEqualTo(count);
    }

    @Test
    void filesNearTheSplitSizeKeepGroupsWithinItAndTheirCountNearBytesOverSplitSize() {
        Random random = new Random(7);
        long[] sizes = new long[2_000];
        long bytes = 0;
        for (int i = 0; i < sizes.length; i++) bytes += sizes[i] = 1 + random.nextInt(1_100);
        List<InputSplit> files = files(sizes);
        List<List<InputSplit>> tasks = Splitter.split(files, 1_000, false);
        assertThat(tasks).allSatisfy(t -> assertThat(t.size() == 1 || t.stream().mapToLong(InputSplit::length).sum() <= 1_000)
                .as("a group of more than one file stays within the split size").isTrue());
        assertThat((double) tasks.size()).isLessThan(2.0 * bytes / 1_000 + 1);
        assertCoversEveryByteOnce(files, tasks);
    }

    @Test
    void emptyFilesMakeOneTask() {
        assertThat(Splitter.split(files(new long[40_000]), DEFAULT_SPLIT, false)).hasSize(1);
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
