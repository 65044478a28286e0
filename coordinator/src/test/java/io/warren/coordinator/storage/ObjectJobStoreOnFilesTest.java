package io.warren.coordinator.storage;

import io.warren.storage.ObjectStore;
import io.warren.storage.local.LocalObjectStore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Job state through the storage port on a directory: the same promises as on a bucket. */
class ObjectJobStoreOnFilesTest extends ObjectJobStoreContract {
    @TempDir
    Path root;

    @Override
    protected ObjectStore newWork() {
        return new LocalObjectStore(root);
    }
}
