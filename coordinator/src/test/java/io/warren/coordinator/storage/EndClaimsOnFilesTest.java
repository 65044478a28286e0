package io.warren.coordinator.storage;

import io.warren.storage.ObjectStore;
import io.warren.storage.local.LocalObjectStore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Each term's word on a job's end as files in the work area of a directory root. */
class EndClaimsOnFilesTest extends EndClaimsContract {
    @TempDir
    Path root;

    @Override
    protected ObjectStore newWork() {
        return new LocalObjectStore(root.resolve(".warren"));
    }
}
