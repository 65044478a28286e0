package io.warren.cli;

import io.warren.protocol.storage.StorageLayout;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The shared storage root every role must see (the same files, wherever mounted). */
final class StorageOption {
    @Option(names = "--storage", paramLabel = "DIR", defaultValue = "${env:WARREN_STORAGE:-.}",
            description = "Shared storage root (env WARREN_STORAGE; default the current directory). Job paths are relative to it.")
    Path storage = Path.of(".");

    StorageLayout layout() {
        return StorageLayout.under(storage);
    }
}
