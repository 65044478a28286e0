package io.warren.protocol.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StorageLayoutTest {
    @TempDir
    Path tmp;

    @Test
    void relativePathResolvesUnderTheRoot() {
        StorageLayout layout = StorageLayout.under(tmp.resolve("root"));

        assertThat(layout.resolve("books/a.txt")).isEqualTo(tmp.resolve("root/books/a.txt").toAbsolutePath());
        assertThat(layout.resolve("books/./x/../a.txt")).isEqualTo(layout.root().resolve("books/a.txt"));
    }

    @Test
    void absolutePathIsUsedAsItIs() {
        StorageLayout layout = StorageLayout.under(tmp.resolve("root"));
        Path elsewhere = tmp.resolve("elsewhere/a.txt").toAbsolutePath();

        assertThat(layout.resolve(elsewhere.toString())).isEqualTo(elsewhere);
        assertThat(layout.contains(layout.resolve(elsewhere.toString()))).isFalse();
    }

    @Test
    void dotDotPathResolvesOutsideTheRootAndIsNotContained() {
        StorageLayout layout = StorageLayout.under(tmp.resolve("root"));

        Path escaped = layout.resolve("../secret.txt");

        assertThat(escaped).isEqualTo(tmp.resolve("secret.txt").toAbsolutePath());
        assertThat(layout.contains(escaped)).isFalse();
        assertThat(layout.contains(layout.resolve("books/../a.txt"))).isTrue();
    }

    @Test
    void rootIsNormalisedAndAbsolute() {
        StorageLayout layout = StorageLayout.under(tmp.resolve("a/../root/."));

        assertThat(layout.root()).isAbsolute().isEqualTo(tmp.resolve("root").toAbsolutePath().normalize());
        assertThat(layout.workDir()).isEqualTo(layout.root().resolve(".warren"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.txt", "books/a.txt", "deep/er/still/x", "."})
    void storagePathOfAFileInsideTheRootIsRelativeAndResolvesBack(String relative) {
        StorageLayout layout = StorageLayout.under(tmp.resolve("root"));
        Path file = layout.root().resolve(relative).normalize();

        String storagePath = layout.toStoragePath(file);

        assertThat(Path.of(storagePath).isAbsolute()).isFalse();
        assertThat(layout.resolve(storagePath)).isEqualTo(file);
        assertThat(layout.contains(file)).isTrue();
    }

    @Test
    void storagePathOfAFileOutsideTheRootIsAbsolute() {
        StorageLayout layout = StorageLayout.under(tmp.resolve("root"));
        Path outside = tmp.resolve("other/b.txt");

        String storagePath = layout.toStoragePath(outside);

        assertThat(Path.of(storagePath)).isAbsolute().isEqualTo(outside.toAbsolutePath());
        assertThat(layout.resolve(storagePath)).isEqualTo(outside.toAbsolutePath());
    }

    @Test
    void siblingSharingTheRootsNamePrefixIsNotInside() {
        StorageLayout layout = StorageLayout.under(tmp.resolve("root"));
        Path sibling = tmp.resolve("root2/a.txt");

        assertThat(layout.contains(sibling)).isFalse();
        assertThat(Path.of(layout.toStoragePath(sibling))).isAbsolute();
    }

    @Test
    void relativeLocalPathIsTakenFromTheWorkingDirectoryNotTheRoot() {
        StorageLayout layout = StorageLayout.under(tmp.resolve("root"));
        Path relative = Path.of("some/relative.txt");

        assertThat(layout.toStoragePath(relative)).isEqualTo(relative.toAbsolutePath().normalize().toString());
        assertThat(layout.contains(relative)).isFalse();
    }

    @Test
    void jobFilesLiveUnderTheWorkDir() {
        StorageLayout layout = new StorageLayout(tmp.resolve("root"), tmp.resolve("work"));

        assertThat(layout.jobDir("job-1")).isEqualTo(tmp.resolve("work/jobs/job-1").toAbsolutePath());
        assertThat(layout.intermediateDir("job-1")).isEqualTo(layout.jobDir("job-1").resolve("intermediate"));
        assertThat(layout.jobStateFile("job-1")).isEqualTo(layout.jobDir("job-1").resolve("job.snapshot"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../x", "a/b", "", " ", "/abs"})
    void jobDirRefusesUnsafeJobIds(String jobId) {
        StorageLayout layout = StorageLayout.under(tmp);

        assertThatThrownBy(() -> layout.jobDir(jobId)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("job id");
    }
}
