package io.warren.storage.local;

import io.warren.storage.ObjectStore;
import io.warren.storage.ObjectStoreContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LocalObjectStoreTest extends ObjectStoreContract {
    @TempDir
    Path dir;

    @Override
    protected ObjectStore newStore() {
        return new LocalObjectStore(dir.resolve("root"));
    }

    @Test
    void anObjectIsAPlainFileUnderTheRoot() throws IOException {
        store().write("a/b.txt", new byte[]{1, 2});

        assertThat(Files.readAllBytes(dir.resolve("root/a/b.txt"))).containsExactly(1, 2);
        assertThat(store().uri("a/b.txt")).isEqualTo(dir.resolve("root/a/b.txt").toString());
    }
}
