package io.warren.storage.s3;

import io.warren.storage.ObjectStore;
import io.warren.storage.ObjectStoreContract;
import io.warren.storage.PendingObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract on a real S3 server (s3proxy), with the S3 adapter's own promises: multipart, errors. */
class S3ObjectStoreTest extends ObjectStoreContract {
    private static final int PART = S3Settings.MIN_PART_BYTES;
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static S3TestServer server;
    private static S3Client s3;

    @BeforeAll
    static void startServer() throws IOException {
        server = S3TestServer.start();
        s3 = server.client(PART);
    }

    @AfterAll
    static void stopServer() {
        if (s3 != null) s3.close();
        if (server != null) server.close();
    }

    @Override
    protected ObjectStore newStore() {
        String bucket = "contract-" + BUCKETS.incrementAndGet();
        server.createBucket(s3, bucket);
        // Under a prefix, so the adapter must keep to it.
        return new S3ObjectStore(s3, new S3Location(bucket, "root"), PART);
    }

    @Override
    protected int largeObjectBytes() {
        return 2 * PART + 12345;
    }

    @Override
    protected void assertUnfinishedWritesUnder(String prefix, int expected) {
        S3Location at = ((S3ObjectStore) store()).location().resolve(prefix);
        assertThat(s3.listMultipartUploads(r -> r.bucket(at.bucket()).prefix(at.prefix())).uploads()).hasSize(expected);
    }

    @Test
    void aLargeObjectIsAMultipartUploadUntilCommitted() throws IOException {
        try (PendingObject out = store().create("big/mp")) {
            out.write(new byte[PART + 1]);
            assertUnfinishedWritesUnder("big/", 1);
            assertThat(store().exists("big/mp")).isFalse();
            out.commit();
        }
        assertUnfinishedWritesUnder("big/", 0);
        assertThat(store().size("big/mp")).contains((long) PART + 1);
    }

    @Test
    void aLateMultipartCommitLosesAndLeavesNoUploadPending() throws IOException {
        store().write("once", new byte[]{1});
        try (PendingObject late = store().create("once")) {
            late.write(new byte[PART + 1]);
            assertThat(late.commitOnce()).isFalse();
        }
        assertThat(store().read("once")).containsExactly(1);
        assertUnfinishedWritesUnder("", 0);
    }

    @Test
    void deletingAPrefixAbortsItsPendingUploads() throws IOException {
        PendingObject abandoned = store().create("jobs/j1/intermediate/part");
        abandoned.write(new byte[PART + 1]); // a writer that dies here leaves its upload pending
        store().deletePrefix("jobs/j1/");

        assertUnfinishedWritesUnder("", 0);
        abandoned.close();
    }

    @Test
    void aMissingBucketFailsNamingTheUriAndS3sError() {
        S3ObjectStore store = new S3ObjectStore(s3, S3Location.parse("s3://no-such-bucket/x"), PART);

        assertThatThrownBy(store::check).isInstanceOf(IOException.class)
                .hasMessageContaining("s3://no-such-bucket/x/").hasMessageContaining("NoSuchBucket");
    }

    @Test
    void wrongCredentialsFailNamingS3sError() {
        try (S3Client wrong = S3Clients.create(server.settings(PART),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(S3TestServer.ACCESS_KEY, "wrong")))) {
            S3ObjectStore store = new S3ObjectStore(wrong, ((S3ObjectStore) store()).location(), PART);

            assertThatThrownBy(store::check).isInstanceOf(IOException.class).hasMessageContaining("(403)");
        }
    }

    @Test
    void anUnreachableEndpointFailsWithinSeconds() throws IOException {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        S3Settings settings = new S3Settings(URI.create("http://127.0.0.1:" + closedPort), null, PART);
        try (S3Client unreachable = S3Clients.probe(settings,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))) {
            Instant start = Instant.now();
            assertThatThrownBy(new S3ObjectStore(unreachable, S3Location.parse("s3://bucket"), PART)::check)
                    .isInstanceOf(IOException.class).hasMessageContaining("s3://bucket/");
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
        }
    }
}
