package io.warren.storage;

import io.warren.protocol.storage.StorageLayout;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobPathsTest {
    private final StorageLayout bucket = StorageLayout.bucket("s3://logs/prod/", Path.of("."));
    private final StorageLayout directory = StorageLayout.under(Path.of("/srv/warren"));

    @Test
    void aRelativePathOnABucketRootIsAnObjectUnderItsPrefix() {
        assertThat(JobPaths.locate(bucket, "input", "in/*.txt", true)).isEqualTo("s3://logs/prod/in/*.txt");
        assertThat(JobPaths.locate(bucket, "output", "./out/wc", true)).isEqualTo("s3://logs/prod/out/wc");
        assertThat(JobPaths.locate(bucket, "input", ".warren/pipelines/p/steps/a", true))
                .isEqualTo("s3://logs/prod/.warren/pipelines/p/steps/a");
    }

    @Test
    void anS3UriStaysAsItIsAndADirectoryRootKeepsItsPaths() {
        assertThat(JobPaths.locate(bucket, "input", "s3://other/x", true)).isEqualTo("s3://other/x");
        assertThat(JobPaths.locate(directory, "input", "in/a.txt", true)).isEqualTo("in/a.txt");
    }

    @Test
    void aPathLeavingTheBucketRootIsRefusedUnlessLocalModeNamesALocalFile() {
        for (String escape : new String[]{"../other/x", "in/../../x", "/etc/passwd", "in/\u0001x"}) {
            assertThatThrownBy(() -> JobPaths.locate(bucket, "input", escape, true))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the storage root s3://logs/prod");
        }
        assertThat(JobPaths.locate(bucket, "input", "/home/me/a.txt", false)).isEqualTo("/home/me/a.txt");
    }
}
