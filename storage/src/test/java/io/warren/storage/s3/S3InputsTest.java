package io.warren.storage.s3;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** s3:// inputs expand like path inputs: an object, a prefix's direct objects, globs per segment and across them. */
class S3InputsTest {
    private static final List<String> PROPERTIES = List.of("aws.endpointUrlS3", "aws.accessKeyId", "aws.secretAccessKey");
    private static S3TestServer server;
    private static S3Client s3;

    @BeforeAll
    static void start() throws IOException {
        server = S3TestServer.start();
        s3 = server.client(S3Settings.MIN_PART_BYTES);
        s3.createBucket(r -> r.bucket("logs"));
        for (String key : List.of("2026-12-01/a.gz", "2026-12-01/b.txt", "2026-12-01/_SUCCESS", "2026-12-02/c.gz",
                "2026-12-02/deep/d.gz", "2026-11-30/e.gz", "2026-12-03/.hidden.gz", "top.gz", "other/x.gz")) {
            s3.putObject(r -> r.bucket("logs").key(key), RequestBody.fromString("x".repeat(key.length())));
        }
        // The AWS SDK's own JVM properties, as S3Stores reads a process's settings.
        System.setProperty("aws.endpointUrlS3", server.endpoint().toString());
        System.setProperty("aws.accessKeyId", S3TestServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3TestServer.SECRET_KEY);
    }

    @AfterAll
    static void stop() {
        PROPERTIES.forEach(System::clearProperty);
        if (s3 != null) s3.close();
        if (server != null) server.close();
    }

    private static List<String> expand(String pattern) throws IOException {
        return S3Inputs.expand(pattern).stream().map(S3Inputs.Input::uri).toList();
    }

    @Test
    void aGlobMatchesSegmentBySegment() throws IOException {
        assertThat(expand("s3://logs/2026-12-*/*.gz")).containsExactly("s3://logs/2026-12-01/a.gz", "s3://logs/2026-12-02/c.gz");
        assertThat(expand("s3://logs/2026-1?-0[12]/*")).containsExactly("s3://logs/2026-12-01/a.gz",
                "s3://logs/2026-12-01/b.txt", "s3://logs/2026-12-02/c.gz");
        assertThat(expand("s3://logs/*.gz")).containsExactly("s3://logs/top.gz");
    }

    @Test
    void aDoubleStarCrossesSegments() throws IOException {
        assertThat(expand("s3://logs/2026-12-02/**.gz")).containsExactly("s3://logs/2026-12-02/c.gz",
                "s3://logs/2026-12-02/deep/d.gz");
    }

    @Test
    void anObjectIsItselfAndAPrefixIsItsDirectObjectsWithoutBookkeeping() throws IOException {
        assertThat(S3Inputs.expand("s3://logs/top.gz")).containsExactly(new S3Inputs.Input("s3://logs/top.gz", 6));
        assertThat(expand("s3://logs/2026-12-01")).containsExactly("s3://logs/2026-12-01/a.gz", "s3://logs/2026-12-01/b.txt");
        assertThat(expand("s3://logs/2026-12-03/")).isEmpty();
        assertThat(expand("s3://logs/nothing/*.gz")).isEmpty();
    }
}
