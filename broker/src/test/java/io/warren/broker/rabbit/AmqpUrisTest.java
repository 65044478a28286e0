package io.warren.broker.rabbit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class AmqpUrisTest {

    @ParameterizedTest
    @CsvSource({
            "amqp://alice:s3cret@broker.example.com:5672/prod, amqp://alice:***@broker.example.com:5672/prod",
            "amqps://alice:s3cret@broker.example.com/%2F, amqps://alice:***@broker.example.com/%2F",
            "amqp://guest:guest@localhost:5672/, amqp://guest:***@localhost:5672/",
            "amqp://bob:p%40ss%3Aword@10.0.0.5:5671/vh?heartbeat=10, amqp://bob:***@10.0.0.5:5671/vh?heartbeat=10",
            "amqp://carol:@host/v, amqp://carol:***@host/v"})
    void redactHidesThePasswordAndKeepsUserHostAndVhost(String uri, String redacted) {
        assertThat(AmqpUris.redact(URI.create(uri))).isEqualTo(redacted);
    }

    @Test
    void redactNeverShowsThePassword() {
        String redacted = AmqpUris.redact(URI.create("amqp://alice:hunter2-secret@broker:5672/warren"));

        assertThat(redacted).doesNotContain("hunter2-secret").contains("alice", "broker", "5672", "/warren");
    }

    @ParameterizedTest
    @ValueSource(strings = {"amqp://broker.example.com:5672/prod", "amqp://localhost", "amqps://h/%2F"})
    void uriWithoutUserInfoIsUnchanged(String uri) {
        assertThat(AmqpUris.redact(URI.create(uri))).isEqualTo(uri);
    }

    @Test
    void uriWithAUserButNoPasswordIsUnchanged() {
        assertThat(AmqpUris.redact(URI.create("amqp://alice@broker/vh"))).isEqualTo("amqp://alice@broker/vh");
    }

    @Test
    void localBrokerIsRedactedToo() {
        assertThat(AmqpUris.redact(AmqpUris.LOCAL)).doesNotContain(":guest@").contains("guest:***@localhost");
    }

    @Test
    void aUriWithOneHostIsItsOwnOnlyNode() {
        URI uri = URI.create("amqps://alice:pw@broker.example.com:5671/prod");

        assertThat(AmqpUris.nodes(uri)).containsExactly(uri);
    }

    @Test
    void commaSeparatedHostsBecomeOneUriPerNodeWithTheSameCredentialsVhostAndQuery() {
        URI uri = URI.create("amqp://alice:p%40ss@node1:5681,node2,node3:5683/prod%2F1?heartbeat=5");

        assertThat(AmqpUris.nodes(uri)).containsExactly(
                URI.create("amqp://alice:p%40ss@node1:5681/prod%2F1?heartbeat=5"),
                URI.create("amqp://alice:p%40ss@node2/prod%2F1?heartbeat=5"),
                URI.create("amqp://alice:p%40ss@node3:5683/prod%2F1?heartbeat=5"));
        assertThat(AmqpUris.nodes(URI.create("amqp://n1:1,n2:2"))).containsExactly(URI.create("amqp://n1:1"),
                URI.create("amqp://n2:2"));
    }

    @Test
    void aListOfHostsIsRedactedLikeOneHost() {
        String redacted = AmqpUris.redact(URI.create("amqp://alice:hunter2@node1:5681,node2:5682/v"));

        assertThat(redacted).isEqualTo("amqp://alice:***@node1:5681,node2:5682/v").doesNotContain("hunter2");
    }

    @Test
    void anEmptyHostInTheListIsRefusedWithoutShowingThePassword() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AmqpUris.nodes(URI.create("amqp://alice:hunter2@n1,,n3/v")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alice:***@")
                .hasMessageNotContaining("hunter2");
    }
}
