package io.warren.coordinator.storage;

import io.warren.storage.ObjectStore;
import io.warren.storage.s3.S3Location;
import io.warren.storage.s3.S3ObjectStore;
import io.warren.storage.s3.S3Settings;
import io.warren.storage.s3.S3TestServer;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Warren work areas in buckets of one real S3 server (s3proxy) for a test class: start it in {@code @BeforeAll}, close
 * it in {@code @AfterAll}, and take a fresh, empty work area for each test.
 */
final class S3WorkAreas implements AutoCloseable {
    private final AtomicInteger buckets = new AtomicInteger();
    private final String name;
    private final S3TestServer server;
    private final S3Client s3;

    private S3WorkAreas(String name, S3TestServer server) {
        this.name = name;
        this.server = server;
        this.s3 = server.client(S3Settings.MIN_PART_BYTES);
    }

    /** @param name the start of each bucket's name */
    static S3WorkAreas start(String name) throws IOException {
        return new S3WorkAreas(name, S3TestServer.start());
    }

    /** The work area of a storage root {@code s3://<a new bucket>/root}, under a prefix so the adapter must keep to it. */
    ObjectStore newWorkArea() {
        String bucket = name + "-" + buckets.incrementAndGet();
        server.createBucket(s3, bucket);
        return new S3ObjectStore(s3, new S3Location(bucket, "root/.warren"), S3Settings.MIN_PART_BYTES);
    }

    @Override
    public void close() {
        s3.close();
        server.close();
    }
}
