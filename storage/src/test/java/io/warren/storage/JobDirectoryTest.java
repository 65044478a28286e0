package io.warren.storage;

import io.warren.protocol.Streaming;
import io.warren.protocol.storage.StorageLayout;
import io.warren.storage.local.LocalObjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JobDirectoryTest {
    @TempDir
    Path root;

    @Test
    void aJobIsLiveFromOpenUntilEnd() throws IOException {
        JobDirectory job = JobDirectory.of(StorageLayout.under(root), "j1");
        assertThat(job.isLive()).isFalse();

        job.open(null);
        assertThat(job.isLive()).isTrue();

        job.end();
        assertThat(job.isLive()).isFalse();
    }

    @Test
    void itsKeysAreTheLayoutsDirectories() {
        StorageLayout layout = StorageLayout.under(root);
        LocalObjectStore work = new LocalObjectStore(layout.workDir());
        JobDirectory job = new JobDirectory(work, "j1");

        assertThat(work.path(job.intermediateKey())).isEqualTo(layout.intermediateDir("j1"));
        assertThat(work.path(job.shippedFilesKey())).isEqualTo(layout.shippedFilesDir("j1"));
    }

    @Test
    void shippedFilesAreWrittenOnOpenAndGoAtTheEnd() throws IOException {
        StorageLayout layout = StorageLayout.under(root);
        JobDirectory job = JobDirectory.of(layout, "j1");
        byte[] script = "#!/bin/sh\ncat\n".getBytes(StandardCharsets.UTF_8);
        Streaming streaming = new Streaming("cat", "cat", null, List.of(new Streaming.ShippedFile("map.sh",
                java.util.Base64.getEncoder().encodeToString(script), true)));

        job.open(streaming);
        assertThat(Files.readAllBytes(layout.shippedFilesDir("j1").resolve("map.sh"))).isEqualTo(script);

        job.end();
        assertThat(layout.jobDir("j1").resolve("files")).doesNotExist();
        assertThat(layout.intermediateDir("j1")).doesNotExist();
    }
}
