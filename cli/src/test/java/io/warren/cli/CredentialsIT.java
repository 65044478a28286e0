package io.warren.cli;

import io.warren.apps.WordCount;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.broker.testing.AmqpTestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fleet logging in as a dedicated broker user with a distinctive password, through connection losses and a failed
 * job: the password must appear in no log, no status output and no job record.
 */
class CredentialsIT {
    @TempDir
    Path storage;
    private Fleet fleet;
    private final String user = "warren-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final String password = "Pw-" + UUID.randomUUID().toString().replace("-", "");

    @AfterEach
    void cleanUp() throws Exception {
        if (fleet != null) fleet.close();
        BrokerAdmin.rabbitmqctl("delete_user", user);
    }

    @Test
    void theBrokerPasswordIsNeverPrinted() throws Exception {
        BrokerAdmin.rabbitmqctl("add_user", user, password);
        BrokerAdmin.rabbitmqctl("set_permissions", "-p", "/", user, ".*", ".*", ".*");
        URI local = AmqpTestBroker.uri();
        URI uri = URI.create("amqp://" + user + ":" + password + "@" + local.getHost() + ":" + local.getPort());
        var docs = TextGenerator.write(storage, "in", 3, 100, 9);
        fleet = new Fleet(uri, "credentials", storage);
        fleet.startCoordinator().startWorkers(1);

        var job = fleet.submit(JobSpec.of("creds", "wordcount", null, List.of("in/*.txt"), "out/creds", 2, Map.of()));
        BrokerAdmin.closeConnections("warren-", 3); // reconnects log what they do; they must not log the password
        assertThat(job.get(2, java.util.concurrent.TimeUnit.MINUTES).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(SequentialReference.output(storage.resolve("out/creds")))
                .isEqualTo(SequentialReference.run(new WordCount(), Map.of(), docs));
        assertThat(fleet.run(JobSpec.of("creds-bad", "nosuchapp", null, List.of("in/*.txt"), "out/bad", 1, Map.of()),
                Duration.ofSeconds(30)).state()).isEqualTo(JobState.FAILED);

        String status = EndToEndIT.captureStdout(() -> Main.execute("status", "--json", "--storage", storage.toString()));
        assertThat(fleet.allLogs()).contains("connected to amqp://" + user + ":***@").doesNotContain(password);
        assertThat(status).contains("creds").doesNotContain(password);
    }
}
