package io.warren.coordinator.storage;

import io.warren.storage.ObjectStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;

/** Job state in a bucket of a real S3 server (s3proxy), under a prefix, with create-only writes. */
class ObjectJobStoreOnS3Test extends ObjectJobStoreContract {
    private static S3WorkAreas buckets;

    @BeforeAll
    static void startServer() throws IOException {
        buckets = S3WorkAreas.start("state");
    }

    @AfterAll
    static void stopServer() {
        if (buckets != null) buckets.close();
    }

    @Override
    protected ObjectStore newWork() {
        return buckets.newWorkArea();
    }
}
