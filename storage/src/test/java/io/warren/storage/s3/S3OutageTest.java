package io.warren.storage.s3;

import io.warren.storage.ObjectStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server that goes away for the seconds a restart takes: requests made meanwhile are refused a connection, and the
 * client tries them again until the server is back, instead of failing the write (or the job it is part of).
 */
class S3OutageTest {
    private S3TestServer server;
    private S3Client s3;

    @BeforeEach
    void start() throws Exception {
        server = S3TestServer.start();
        s3 = server.client(S3Settings.MIN_PART_BYTES);
        server.createBucket(s3, "outage");
    }

    @AfterEach
    void stop() {
        if (s3 != null) s3.close();
        if (server != null) server.close();
    }

    @Test
    void writesAndReadsDuringARestartOfTheServerSucceedOnceItIsBack() throws Exception {
        ObjectStore store = new S3ObjectStore(s3, new S3Location("outage", "root"), S3Settings.MIN_PART_BYTES);
        store.write("before", "written before".getBytes(StandardCharsets.UTF_8));

        server.crash();
        // Started while the server is down, so its first attempts meet the outage; it starts again meanwhile (a JVM:
        // seconds).
        CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
            try {
                store.write("during", "written during".getBytes(StandardCharsets.UTF_8));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        server.restart();
        write.get(60, TimeUnit.SECONDS);

        assertThat(new String(store.read("during"), StandardCharsets.UTF_8)).isEqualTo("written during");
        assertThat(new String(store.read("before"), StandardCharsets.UTF_8)).isEqualTo("written before");
    }
}
