package io.warren.protocol.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurableFilesTest {
    @TempDir
    Path dir;

    @Test
    void tempFileIsBesideItsTargetAndNamedAsTemporary() throws IOException {
        Path target = dir.resolve("sub/mr-out-0");

        Path temp = DurableFiles.tempFileFor(target);

        assertThat(temp).exists().hasParent(target.getParent());
        assertThat(temp.getFileName().toString()).startsWith(FileNames.tempPrefix("mr-out-0"));
        assertThat(FileNames.isTemporary(temp.getFileName().toString())).isTrue();
        assertThat(DurableFiles.tempFileFor(target)).isNotEqualTo(temp);
    }

    @Test
    void replaceMovesTheTempFileOverTheTargetAndLeavesNoTemp() throws IOException {
        Path target = dir.resolve("w-0-1");
        Files.writeString(target, "old");
        Path temp = filled(target, "new content");

        DurableFiles.replace(temp, target);

        assertThat(target).hasContent("new content");
        assertThat(temp).doesNotExist();
        assertThat(names()).containsExactly("w-0-1");
    }

    @Test
    void replaceCreatesATargetThatDidNotExist() throws IOException {
        Path target = dir.resolve("w-0-2");
        Path temp = filled(target, "first");

        DurableFiles.replace(temp, target);

        assertThat(target).hasContent("first");
        assertThat(names()).containsExactly("w-0-2");
    }

    @Test
    void firstCommitWinsAndLaterCommitsNeverReplaceIt() throws IOException {
        Path target = dir.resolve("mr-out-0");

        boolean first = DurableFiles.commitOnce(filled(target, "first attempt"), target);
        boolean second = DurableFiles.commitOnce(filled(target, "second attempt"), target);
        boolean third = DurableFiles.commitOnce(filled(target, "third attempt"), target);

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(third).isFalse();
        assertThat(target).hasContent("first attempt");
        assertThat(names()).containsExactly("mr-out-0");
    }

    @Test
    void writeAtomicallyCreatesParentsAndReplacesContent() throws IOException {
        Path target = dir.resolve("jobs/job-1/job.json");

        DurableFiles.writeAtomically(target, "{\"v\":1}".getBytes(StandardCharsets.UTF_8));
        DurableFiles.writeAtomically(target, "{\"v\":1,\"n\":2}".getBytes(StandardCharsets.UTF_8));

        assertThat(target).hasContent("{\"v\":1,\"n\":2}");
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("job.json");
        }
    }

    @Test
    void deleteTreeTakesFilesThatVanishWhileItWalksAsDeleted() throws Exception {
        // As a worker renaming its temporary files into place while a failed job's directory is deleted: the walk
        // meets names that are gone when it looks at them.
        for (int round = 0; round < 20; round++) {
            Path tree = Files.createDirectories(dir.resolve("vanishing-" + round).resolve("intermediate"));
            java.util.List<Path> files = new java.util.ArrayList<>();
            for (int i = 0; i < 500; i++) files.add(Files.writeString(tree.resolve(".tmp-" + i), "x"));
            java.util.Collections.shuffle(files, new java.util.Random(round));
            Thread other = new Thread(() -> files.forEach(f -> f.toFile().delete()));
            other.start();
            DurableFiles.deleteTree(tree.getParent());
            other.join();
            assertThat(tree.getParent()).doesNotExist();
        }
    }

    @Test
    void deleteTreeRemovesNestedDirectoriesAndFiles() throws IOException {
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("a/b/c"));
        Files.writeString(tree.resolve("a/one"), "1");
        Files.writeString(tree.resolve("a/b/c/two"), "2");
        Files.writeString(tree.resolve(".hidden"), "3");

        DurableFiles.deleteTree(tree);

        assertThat(tree).doesNotExist();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void deleteTreeOfAMissingDirectoryIsFine() throws IOException {
        Path missing = dir.resolve("never-created");

        DurableFiles.deleteTree(missing);

        assertThat(missing).doesNotExist();
    }

    private static Path filled(Path target, String content) throws IOException {
        return Files.writeString(DurableFiles.tempFileFor(target), content);
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void replaceAllPutsEveryFileInPlaceAndLeavesNoTemps() throws IOException {
        java.nio.file.Files.writeString(dir.resolve("w-0-1"), "old");
        java.util.List<Path> targets = java.util.List.of(dir.resolve("w-0-0"), dir.resolve("w-0-1"), dir.resolve("w-0-2"));
        java.util.List<Path> temps = new java.util.ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            Path temp = DurableFiles.tempFileIn(targets.get(i));
            java.nio.file.Files.writeString(temp, "partition " + i);
            temps.add(temp);
        }

        DurableFiles.replaceAll(temps, targets);

        for (int i = 0; i < targets.size(); i++) {
            org.assertj.core.api.Assertions.assertThat(targets.get(i)).hasContent("partition " + i);
            org.assertj.core.api.Assertions.assertThat(temps.get(i)).doesNotExist();
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DurableFiles.replaceAll(temps, targets.subList(0, 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTempOpenedForWritingIsCreatedOnceAndMovedIntoPlaceByItsWriter() throws IOException {
        Path target = dir.resolve("w-3-0");
        DurableFiles.Temp temp = DurableFiles.openTemp(target);
        assertThat(FileNames.isTemporary(temp.path().getFileName().toString())).isTrue();
        try (FileChannel channel = temp.channel()) {
            channel.write(ByteBuffer.wrap("sorted run".getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        assertThat(DurableFiles.openTemp(target).path()).isNotEqualTo(temp.path());

        DurableFiles.moveIntoPlace(List.of(temp.path()), List.of(target));

        assertThat(target).hasContent("sorted run");
        assertThat(temp.path()).doesNotExist();
    }

    @Test
    void noTempIsOpenedInADirectoryThatIsGone() {
        Path gone = dir.resolve("ended-job").resolve("w-0-0");
        assertThatThrownBy(() -> DurableFiles.openTemp(gone)).isInstanceOf(NoSuchFileException.class);
    }
}
