package io.warren.coordinator.storage;

import io.warren.coordinator.domain.EpochStore;
import io.warren.protocol.storage.DurableFiles;
import io.warren.protocol.storage.StorageLayout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Coordinator terms as empty files {@code <workDir>/terms/<epoch>}, each created create-only: the file system lets
 * one creation of a name succeed, so two coordinators that claim at once get different epochs.
 */
public final class FileEpochStore implements EpochStore {
    private final Path dir;

    public FileEpochStore(StorageLayout layout) {
        this.dir = layout.termsDir();
    }

    @Override
    public long claimNext() {
        try {
            Files.createDirectories(dir);
            for (long next = latest() + 1; ; next++) {
                try {
                    Files.createFile(file(next));
                    DurableFiles.fsyncDirectory(dir); // a claim lost in a crash could be claimed twice
                    return next;
                } catch (FileAlreadyExistsException e) {
                    // another coordinator claimed it first: take the one after
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot claim a coordinator term in " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long latest() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{1,19}"))
                    .mapToLong(Long::parseLong).max().orElse(0);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the coordinator terms in " + dir, e);
        }
    }

    @Override
    public boolean claimed(long epoch) {
        return Files.exists(file(epoch));
    }

    private Path file(long epoch) {
        return dir.resolve(Long.toString(epoch));
    }
}
