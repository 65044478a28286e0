package io.warren.coordinator.storage;

import io.warren.api.InvalidJobException;
import io.warren.protocol.InputSplit;
import io.warren.protocol.JobSpec;
import io.warren.protocol.apps.AppCatalog;
import io.warren.protocol.storage.StorageLayout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileJobPlannerTest {
    @TempDir
    Path root;
    @TempDir
    Path elsewhere;
    private FileJobPlanner planner;

    @BeforeEach
    void files() throws IOException {
        StorageLayout layout = StorageLayout.under(root);
        planner = new FileJobPlanner(layout, new AppCatalog(layout), true);
        write("books/b.txt", "bravo");
        write("books/a.txt", "alpha alpha");
        write("books/notes.md", "skip");
        write("books/.hidden.txt", "hidden");
        write("books/_meta.txt", "meta");
        write("books/more/c.txt", "charlie");
        write("empty.txt", "");
    }

    private void write(String path, String text) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private JobSpec spec(List<String> inputs, String output) {
        return JobSpec.of("j", "wordcount", null, inputs, output, 2, Map.of());
    }

    /** Every split of every map task, in task order. */
    private List<InputSplit> plan(String... inputs) {
        return planner.plan(spec(List.of(inputs), "out")).stream().flatMap(List::stream).toList();
    }

    @Test
    void aGlobMatchesFilesInSortedOrderWithTheirSizes() {
        assertThat(plan("books/*.txt")).containsExactly(
                InputSplit.wholeFile("books/a.txt", 11), InputSplit.wholeFile("books/b.txt", 5));
    }

    @Test
    void aDoubleStarGlobDescendsIntoSubdirectories() {
        assertThat(plan("books/**.txt")).extracting(InputSplit::path)
                .containsExactly("books/a.txt", "books/b.txt", "books/more/c.txt");
    }

    @Test
    void hiddenDirectoriesAreSkippedWithEverythingInThem() throws IOException {
        write("books/.git/d.txt", "delta");
        write("books/_temporary/e.txt", "echo");
        write("books/more/_x/f.txt", "foxtrot");
        assertThat(plan("books/**.txt")).extracting(InputSplit::path)
                .containsExactly("books/a.txt", "books/b.txt", "books/more/c.txt");
    }

    @Test
    void aDirectoryMeansItsVisibleFilesAndOverlappingInputsCountOnce() {
        assertThat(plan("books", "books/a.txt")).extracting(InputSplit::path)
                .containsExactly("books/a.txt", "books/b.txt", "books/notes.md");
    }

    @Test
    void anEmptyFileIsAnInputLikeAnyOther() {
        assertThat(plan("empty.txt")).containsExactly(InputSplit.wholeFile("empty.txt", 0));
    }

    @Test
    void aJobsSplitSizeCutsALargeFileIntoTasks() throws IOException {
        write("big.txt", "x".repeat(9_100));
        var tasks = planner.plan(spec(List.of("big.txt"), "out").withSplitSize(3_000L));
        assertThat(tasks).hasSize(3);
        assertThat(tasks.get(2)).singleElement().isEqualTo(new InputSplit("big.txt", 6_000, 3_100));
    }

    @Test
    void aWholeFileJobGetsOneTaskPerFileWhateverTheSplitSize() throws IOException {
        write("big.txt", "x".repeat(10_000));
        StorageLayout layout = StorageLayout.under(root);
        var whole = new FileJobPlanner(layout, new io.warren.protocol.apps.AppCatalog(layout), true, 100);
        var tasks = whole.plan(JobSpec.of("j", WholeFileJob.class.getName(), null, List.of("big.txt", "books/a.txt"),
                "out", 1, Map.of()));
        assertThat(tasks).containsExactly(List.of(InputSplit.wholeFile("big.txt", 10_000)),
                List.of(InputSplit.wholeFile("books/a.txt", 11)));
    }

    /** A whole-file job for the planner to look at. */
    public static final class WholeFileJob implements io.warren.api.MapReduceJob {
        @Override
        public io.warren.api.InputMode input() {
            return io.warren.api.InputMode.WHOLE_FILE;
        }

        @Override
        public io.warren.api.Mapper mapper(io.warren.api.JobContext job) {
            return (d, r, out) -> { };
        }

        @Override
        public io.warren.api.Reducer reducer(io.warren.api.JobContext job) {
            return (k, v, out) -> { };
        }
    }

    @Test
    void anInputThatMatchesNothingIsRefusedByName() {
        assertThatThrownBy(() -> plan("books/*.csv")).isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("'books/*.csv' matches no files");
        assertThatThrownBy(() -> plan("missing.txt")).isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("missing.txt");
    }

    @Test
    void noInputsIsRefused() {
        assertThatThrownBy(() -> plan()).isInstanceOf(InvalidJobException.class).hasMessageContaining("inputs");
    }

    @Test
    void pathsOutsideTheStorageRootAreRefused() throws IOException {
        Files.writeString(elsewhere.resolve("secret.txt"), "secret");
        assertThatThrownBy(() -> plan("../" + elsewhere.getFileName() + "/secret.txt"))
                .isInstanceOf(InvalidJobException.class).hasMessageContaining("outside the storage root");
        assertThatThrownBy(() -> plan(elsewhere.resolve("secret.txt").toString()))
                .isInstanceOf(InvalidJobException.class).hasMessageContaining("outside the storage root");
        assertThatThrownBy(() -> planner.plan(spec(List.of("books/a.txt"), "../out")))
                .isInstanceOf(InvalidJobException.class).hasMessageContaining("output");
    }

    @Test
    void aListedSymlinkCountsAsItsTargetFileInsideTheRootAndIsRefusedOutsideItOrIntoADirectory() throws IOException {
        Files.createSymbolicLink(root.resolve("books/d.txt"), root.resolve("books/more/c.txt"));
        assertThat(plan("books/*.txt")).containsExactly(InputSplit.wholeFile("books/a.txt", 11),
                InputSplit.wholeFile("books/b.txt", 5), InputSplit.wholeFile("books/d.txt", 7));

        Files.writeString(elsewhere.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(root.resolve("books/e.txt"), elsewhere.resolve("secret.txt"));
        assertThatThrownBy(() -> plan("books/*.txt"))
                .isInstanceOf(InvalidJobException.class).hasMessageContaining("outside the storage root");
        Files.delete(root.resolve("books/e.txt"));

        Files.createSymbolicLink(root.resolve("books/linked"), elsewhere);
        assertThat(plan("books/**")).as("a link to a directory is not followed")
                .extracting(InputSplit::path).doesNotContain("books/linked/secret.txt");
    }

    @Test
    void aSymlinkThatEscapesTheRootIsRefused() throws IOException {
        Files.writeString(elsewhere.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(root.resolve("link"), elsewhere);
        assertThatThrownBy(() -> plan("link/secret.txt"))
                .isInstanceOf(InvalidJobException.class).hasMessageContaining("outside the storage root");
    }

    @Test
    void anOutputDirectoryThatAlreadyHoldsOutputIsRefused() throws IOException {
        write("out/mr-out-0", "x 1\n");
        assertThatThrownBy(() -> plan("books/a.txt")).isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("already holds job output");
    }

    @Test
    void withOverwriteEarlierOutputIsReplacedButOtherFilesStay() throws IOException {
        write("out/mr-out-0", "x 1\n");
        write("out/_SUCCESS", "");
        write("out/notes.txt", "mine");
        planner.plan(spec(List.of("books/a.txt"), "out").withOverwrite(true));
        assertThat(root.resolve("out/mr-out-0")).doesNotExist();
        assertThat(root.resolve("out/_SUCCESS")).doesNotExist();
        assertThat(root.resolve("out/notes.txt")).hasContent("mine");
    }

    @Test
    void compressedEarlierOutputIsOutputToo() throws IOException {
        write("out/mr-out-0.gz", "x");
        write("out/mr-out-1.zst", "x");
        write("out/notes.gz", "mine");
        assertThatThrownBy(() -> plan("books/a.txt")).isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("already holds job output");
        planner.plan(spec(List.of("books/a.txt"), "out").withOverwrite(true));
        assertThat(root.resolve("out/mr-out-0.gz")).doesNotExist();
        assertThat(root.resolve("out/mr-out-1.zst")).doesNotExist();
        assertThat(root.resolve("out/notes.gz")).hasContent("mine");
    }

    @Test
    void anUnknownOutputCompressionIsRefused() {
        assertThatThrownBy(() -> planner.plan(spec(List.of("books/a.txt"), "out").withOutputCompression("bzip2")))
                .isInstanceOf(InvalidJobException.class).hasMessageContaining("outputCompression")
                .hasMessageContaining("gzip").hasMessageContaining("zstd");
    }

    @Test
    void anInvalidJobNeverDeletesEarlierOutputEvenWithOverwrite() throws IOException {
        write("out/mr-out-0", "x 1\n");
        assertThatThrownBy(() -> planner.plan(spec(List.of("books/none.txt"), "out").withOverwrite(true)))
                .isInstanceOf(InvalidJobException.class);
        assertThat(root.resolve("out/mr-out-0")).exists();
    }

    @Test
    void anEmptyExistingOutputDirectoryIsFine() throws IOException {
        Files.createDirectories(root.resolve("out"));
        assertThat(plan("books/a.txt")).hasSize(1);
    }

    @Test
    void reducesOutOfRangeAreRefused() {
        for (int r : new int[]{0, -1, 10_001}) {
            JobSpec s = JobSpec.of("j", "wordcount", null, List.of("books/a.txt"), "out", r, Map.of());
            assertThatThrownBy(() -> planner.plan(s)).isInstanceOf(InvalidJobException.class)
                    .hasMessageContaining("between 1 and 10000");
        }
    }

    @Test
    void anUnknownAppIsRefusedListingTheBuiltIns() {
        JobSpec s = JobSpec.of("j", "wordcont", null, List.of("books/a.txt"), "out", 1, Map.of());
        assertThatThrownBy(() -> planner.plan(s)).isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("wordcont").hasMessageContaining("wordcount");
    }

    @Test
    void theAppValidatesItsParameters() {
        JobSpec s = JobSpec.of("j", "grep", null, List.of("books/a.txt"), "out", 1, Map.of("pattern", "("));
        assertThatThrownBy(() -> planner.plan(s)).isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("pattern");
    }

    @Test
    void aMissingJarIsRefused() {
        JobSpec s = JobSpec.of("j", "com.example.Job", "jobs/missing.jar", List.of("books/a.txt"), "out", 1, Map.of());
        assertThatThrownBy(() -> planner.plan(s)).isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("jobs/missing.jar");
    }
}
