package io.warren.coordinator.storage;

import io.warren.storage.ObjectStore;
import io.warren.storage.s3.S3Location;
import io.warren.storage.s3.S3ObjectStore;
import io.warren.storage.s3.S3Settings;
import io.warren.storage.s3.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/** Each term's word on a job's end as objects in a bucket of a real S3 server (s3proxy), under a prefix. */
class EndClaimsOnS3Test extends EndClaimsContract {
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static S3TestServer server;
    private static S3Client s3;

    @BeforeAll
    static void startServer() throws IOException {
        server = S3TestServer.start();
        s3 = server.client(S3Settings.MIN_PART_BYTES);
    }

    @AfterAll
    static void stopServer() {
        if (s3 != null) s3.close();
        if (server != null) server.close();
    }

    @Override
    protected ObjectStore newWork() {
        String bucket = "ends-" + BUCKETS.incrementAndGet();
        server.createBucket(s3, bucket);
        return new S3ObjectStore(s3, new S3Location(bucket, "root/.warren"), S3Settings.MIN_PART_BYTES);
    }
}
