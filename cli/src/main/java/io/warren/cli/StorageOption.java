package io.warren.cli;

import io.warren.protocol.storage.StorageLayout;
import io.warren.storage.s3.S3Location;
import io.warren.storage.s3.S3Stores;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The shared storage root every role must see (the same files, wherever mounted), or a bucket,
 * {@code s3://bucket[/prefix]}, which then holds everything a fleet shares: intermediate and shipped files, job state.
 */
final class StorageOption {
    @Option(names = "--storage", paramLabel = "DIR|s3://BUCKET[/PREFIX]", defaultValue = "${env:WARREN_STORAGE:-.}",
            description = "Shared storage root: a directory, or a bucket s3://BUCKET[/PREFIX] (env WARREN_STORAGE;"
                    + " default the current directory). Job paths are relative to it.")
    String storage = ".";

    StorageLayout layout() {
        if (S3Location.isS3(storage)) {
            S3Location.parse(storage); // a bad bucket name fails here, naming it
            return StorageLayout.bucket(storage, Path.of("."));
        }
        return StorageLayout.under(Path.of(storage));
    }

    /**
     * The layout of a role that works on the storage, whose bucket must be reachable: a missing bucket, wrong
     * credentials or an unreachable endpoint fail the role at start, naming the URI and S3's error.
     */
    StorageLayout reachableLayout() {
        StorageLayout layout = layout();
        if (layout.isBucket()) {
            try {
                S3Stores.probe(S3Location.parse(layout.bucket())).check();
            } catch (IOException e) {
                throw new UncheckedIOException("storage root " + layout.bucket() + " cannot be used: " + e.getMessage(), e);
            }
        }
        return layout;
    }
}
