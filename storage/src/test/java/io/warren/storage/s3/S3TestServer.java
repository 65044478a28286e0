package io.warren.storage.s3;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A real S3 server for tests: s3proxy over a temporary directory, in a JVM of its own on a free port, started by the
 * test itself. Its jar's path comes from the {@code s3proxy.jar} system property, which the build sets.
 */
public final class S3TestServer implements AutoCloseable {
    public static final String ACCESS_KEY = "warren-test";
    public static final String SECRET_KEY = "warren-test-secret";
    private Process process;
    private final Path dataDir;
    private final URI endpoint;

    private S3TestServer(Process process, Path dataDir, URI endpoint) {
        this.process = process;
        this.dataDir = dataDir;
        this.endpoint = endpoint;
    }

    private static Process launch(Path dir) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-Xmx256m", "-jar", System.getProperty("s3proxy.jar"), "--properties",
                dir.resolve("s3proxy.conf").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("s3proxy.log").toFile()))
                .start();
    }

    /** Kills the server (SIGKILL): connections are refused until {@link #restart}. */
    public void crash() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Starts a crashed server again, on the same port over the same data, and waits until it listens. */
    public void restart() throws IOException {
        process = launch(dataDir);
        awaitListening(endpoint.getPort(), Duration.ofSeconds(60));
    }

    public static S3TestServer start() throws IOException {
        String jar = System.getProperty("s3proxy.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("system property s3proxy.jar must name s3proxy's jar-with-dependencies (the"
                    + " build sets it), got " + jar);
        }
        Path dir = Files.createTempDirectory("s3proxy");
        Path data = Files.createDirectories(dir.resolve("data"));
        int port = freePort();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        Path conf = dir.resolve("s3proxy.conf");
        Files.writeString(conf, String.join("\n",
                "s3proxy.endpoint=" + endpoint,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem-nio2",
                "jclouds.filesystem.basedir=" + data,
                ""));
        Process process = launch(dir);
        S3TestServer server = new S3TestServer(process, dir, endpoint);
        server.awaitListening(port, Duration.ofSeconds(60));
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void awaitListening(int port, Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    close();
                    throw new IOException("s3proxy did not start on port " + port + "; see its log in " + dataDir, e);
                }
                try {
                    Thread.sleep(50); // polling a port that is not yet open: nothing to await but time
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException(ie);
                }
            }
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** What a Warren process needs in its environment to reach this server the AWS way. */
    public Map<String, String> environment() {
        return Map.of("AWS_ENDPOINT_URL_S3", endpoint.toString(), "AWS_ACCESS_KEY_ID", ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", SECRET_KEY, "AWS_REGION", S3Settings.FALLBACK_REGION);
    }

    public S3Settings settings(int partBytes) {
        return new S3Settings(endpoint, null, partBytes);
    }

    /** A client of this server with its credentials. */
    public S3Client client(int partBytes) {
        return S3Clients.create(settings(partBytes),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
    }

    public void createBucket(S3Client s3, String bucket) {
        s3.createBucket(r -> r.bucket(bucket));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            io.warren.protocol.storage.DurableFiles.deleteTree(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
