package io.warren.coordinator.storage;

import io.warren.storage.ObjectStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;

/** Each term's word on a job's end as objects in a bucket of a real S3 server (s3proxy), under a prefix. */
class EndClaimsOnS3Test extends EndClaimsContract {
    private static S3WorkAreas buckets;

    @BeforeAll
    static void startServer() throws IOException {
        buckets = S3WorkAreas.start("ends");
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
