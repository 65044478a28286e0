package io.warren.coordinator.storage;

import java.io.IOException;
import java.nio.file.Path;

/** A job state file whose content fails its checks: written whole once, damaged since. It is kept for inspection. */
final class DamagedFile extends IOException {
    private final Path file;

    DamagedFile(Path file, String why) {
        super(file + " is damaged: " + why);
        this.file = file;
    }

    Path file() {
        return file;
    }
}
