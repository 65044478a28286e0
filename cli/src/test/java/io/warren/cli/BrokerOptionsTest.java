package io.warren.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerOptionsTest {
    @TempDir
    Path dir;

    private static BrokerOptions options(String uri) {
        BrokerOptions o = new BrokerOptions();
        o.amqp = URI.create(uri);
        return o;
    }

    @Test
    void aPasswordFileFillsInThePasswordOfTheUrisUser() throws Exception {
        Path secret = dir.resolve("password");
        Files.writeString(secret, "p@ss word:/x\n");
        BrokerOptions o = options("amqp://warren@broker.internal:5672/prod");
        o.passwordFile = secret;
        URI uri = o.effectiveUri();
        assertThat(uri.getUserInfo()).isEqualTo("warren:p@ss word:/x");
        assertThat(uri.getHost()).isEqualTo("broker.internal");
        assertThat(uri.getPath()).isEqualTo("/prod");
    }

    @Test
    void guestIsRefusedAnywhereButOnThisMachineAndTheRefusalHidesThePassword() {
        assertThatThrownBy(() -> options("amqp://guest:topsecret@broker.internal:5672").effectiveUri())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("as guest")
                .hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> options("amqp://broker.internal").effectiveUri())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("as guest");
        assertThat(options("amqp://guest:guest@localhost:5672").effectiveUri().getHost()).isEqualTo("localhost");
    }

    @Test
    void aWrongPasswordFailsWithoutPrintingIt() {
        var err = new java.io.ByteArrayOutputStream();
        var original = System.err;
        System.setErr(new java.io.PrintStream(err, true));
        int code;
        try {
            code = Main.execute("submit", "--amqp", "amqp://guest:not-the-Secret-42@localhost:5672", "--app", "wordcount",
                    "--input", "x", "--output", "y");
        } finally {
            System.setErr(original);
        }
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("cannot connect").doesNotContain("not-the-Secret-42");
    }
}
