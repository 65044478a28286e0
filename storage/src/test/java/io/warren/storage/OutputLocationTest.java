package io.warren.storage;

import io.warren.protocol.Json;
import io.warren.protocol.storage.Compression;
import io.warren.protocol.storage.StorageLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutputLocationTest {
    @TempDir
    Path root;

    private OutputLocation out() {
        return OutputLocation.resolve(StorageLayout.under(root), "out", true);
    }

    private void part(OutputLocation out, int r, String content) throws IOException {
        try (PendingObject part = out.createPart(r, Compression.NONE)) {
            part.write(content.getBytes(StandardCharsets.UTF_8));
            assertThat(part.commitOnce()).isTrue();
        }
    }

    @Test
    void anOutputOutsideTheRootIsRefusedWhenConfined() {
        assertThatThrownBy(() -> OutputLocation.resolve(StorageLayout.under(root), "../elsewhere", true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the storage root");
    }

    @Test
    void anOutputThatIsAFileIsRefused() throws IOException {
        Files.writeString(root.resolve("file"), "x");
        assertThatThrownBy(() -> OutputLocation.resolve(StorageLayout.under(root), "file", true))
                .hasMessageContaining("is not a directory");
    }

    @Test
    void aLateDuplicatePartNeverReplacesTheWinner() throws IOException {
        OutputLocation out = out();
        part(out, 0, "winner\n");
        try (PendingObject late = out.createPart(0, Compression.NONE)) {
            late.write("late\n".getBytes(StandardCharsets.UTF_8));
            assertThat(late.commitOnce()).isFalse();
        }
        assertThat(root.resolve("out/mr-out-0")).hasContent("winner");
    }

    @Test
    void commitWritesAManifestOfEveryPart() throws IOException {
        OutputLocation out = out();
        part(out, 0, "a 1\n");
        part(out, 1, "bb 2\n");

        out.commit("j1", 2, Compression.NONE);

        SuccessManifest manifest = Json.read(Files.readAllBytes(root.resolve("out/_SUCCESS")), SuccessManifest.class);
        assertThat(manifest).isEqualTo(new SuccessManifest("j1", List.of(new SuccessManifest.Part("mr-out-0", 4),
                new SuccessManifest.Part("mr-out-1", 5))));
        assertThat(out.isCommitted()).isTrue();
        assertThat(out.earlierOutput()).containsExactly("_SUCCESS", "mr-out-0", "mr-out-1");
    }

    @Test
    void commitDiscardsWritesLeftUnfinished() throws IOException {
        OutputLocation out = out();
        part(out, 0, "a 1\n");
        try (PendingObject killed = out.createPart(0, Compression.NONE)) {
            killed.write(new byte[10]); // an attempt that died here left its temporary file

            out.commit("j1", 1, Compression.NONE);
        }
        try (var files = Files.list(root.resolve("out"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("_SUCCESS", "mr-out-0");
        }
    }

    @Test
    void commitRefusesWhenAPartIsMissing() throws IOException {
        OutputLocation out = out();
        part(out, 0, "a 1\n");

        assertThatThrownBy(() -> out.commit("j1", 2, Compression.NONE)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mr-out-1");
        assertThat(out.isCommitted()).isFalse();
    }

    @Test
    void abortDeletesOnlyPartsAndUnfinishedWrites() throws IOException {
        OutputLocation out = out();
        part(out, 0, "a 1\n");
        Files.writeString(root.resolve("out/notes.txt"), "mine");
        Files.createDirectories(root.resolve("out/sub"));
        Files.writeString(root.resolve("out/sub/mr-out-7"), "not a part of this output");
        PendingObject unfinished = out.createPart(1, Compression.NONE);
        unfinished.write(new byte[10]);

        out.abort();
        unfinished.close();

        try (var files = Files.walk(root.resolve("out"))) {
            assertThat(files.filter(Files::isRegularFile).map(p -> root.resolve("out").relativize(p).toString()))
                    .containsExactlyInAnyOrder("notes.txt", "sub/mr-out-7");
        }
    }

    @Test
    void anAbortLeavesACommittedOutputAlone() throws IOException {
        OutputLocation out = out();
        part(out, 0, "a 1\n");
        out.commit("j1", 1, Compression.NONE);

        assertThat(out.abort()).as("withdrawn").isFalse();

        assertThat(root.resolve("out/mr-out-0")).hasContent("a 1");
        assertThat(out.isCommitted()).isTrue();
    }
}
