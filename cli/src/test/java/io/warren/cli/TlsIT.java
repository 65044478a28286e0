package io.warren.cli;

import io.warren.apps.WordCount;
import io.warren.protocol.Topology;
import io.warren.broker.port.BrokerUnavailable;
import io.warren.broker.rabbit.RabbitBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code amqps://} with certificate verification, against a TLS listener this test adds to the local RabbitMQ (and
 * removes again): a test CA signs a certificate for "localhost"; a second CA plays the impostor.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsIT {
    private Path dir;
    private int port;

    @BeforeAll
    void tlsListener() throws Exception {
        dir = Files.createTempDirectory("warren-tls", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=warren-test-ca");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "rogue.key", "-out", "rogue.pem", "-days", "2", "-subj", "/CN=warren-test-ca");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
        Files.writeString(dir.resolve("ext.cnf"), "subjectAltName=DNS:localhost\n");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem",
                "-days", "2", "-extfile", "ext.cnf");
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        }
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        BrokerAdmin.rabbitmqctl("eval", "rabbit_networking:start_ssl_listener(" + port + ", [{cacertfile,\"" + dir.resolve("ca.pem")
                + "\"},{certfile,\"" + dir.resolve("server.pem") + "\"},{keyfile,\"" + dir.resolve("server.key")
                + "\"},{verify,verify_none},{fail_if_no_peer_cert,false}], 1).");
    }

    @AfterAll
    void removeListener() throws Exception {
        BrokerAdmin.rabbitmqctl("eval", "rabbit_networking:stop_tcp_listener(" + port + ").");
    }

    private void openssl(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "openssl";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + out);
    }

    @Test
    void aJobRunsOverAmqpsWhenTheBrokersCertificateChainsToTheGivenCa() throws Exception {
        var docs = TextGenerator.write(dir, "in", 3, 80, 5);
        Path out = dir.resolve("out");
        int code = Main.execute("run", "--amqp", "amqps://guest:guest@localhost:" + port, "--amqp-ca-file",
                dir.resolve("ca.pem").toString(), "--app", "wordcount", "--input", dir + "/in/*.txt", "--output", out.toString(),
                "--workers", "2", "--reduces", "2");
        assertThat(code).isZero();
        Map<String, Path> named = new java.util.LinkedHashMap<>();
        docs.values().forEach(p -> named.put(p.toString(), p));
        assertThat(SequentialReference.output(out)).isEqualTo(SequentialReference.run(new WordCount(), Map.of(), named));
    }

    @Test
    void aBrokerCertificateFromAnotherCaIsRefused() {
        assertThatThrownBy(() -> RabbitBroker.connect(URI.create("amqps://guest:guest@localhost:" + port),
                dir.resolve("rogue.pem"), new Topology("tls-rogue"), "warren-test").close())
                .isInstanceOf(BrokerUnavailable.class).hasMessageContaining("cannot connect")
                .hasMessageContaining("TLS").hasMessageContaining("trust anchors").hasMessageNotContaining("guest:guest");
    }

    @Test
    void aCertificateForAnotherHostNameIsRefused() {
        assertThatThrownBy(() -> RabbitBroker.connect(URI.create("amqps://guest:guest@127.0.0.1:" + port),
                dir.resolve("ca.pem"), new Topology("tls-host"), "warren-test").close())
                .isInstanceOf(BrokerUnavailable.class).hasMessageContaining("127.0.0.1");
    }
}
