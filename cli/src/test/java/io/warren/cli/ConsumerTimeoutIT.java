package io.warren.cli;

import io.warren.apps.probe.Probe;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RabbitMQ closes the channel of a consumer that holds a delivery longer than {@code consumer_timeout} (30 min by
 * default; the broker checks about once a minute). The Java client does not reopen such a channel; Warren's worker
 * must, and the task must still finish. Here the timeout is 3 s and the task takes longer than the broker's check.
 */
class ConsumerTimeoutIT {
    @TempDir
    Path storage;
    private Fleet fleet;

    @BeforeEach
    void shortConsumerTimeout() throws Exception {
        BrokerAdmin.rabbitmqctl("eval", "application:set_env(rabbit, consumer_timeout, 3000).");
    }

    @AfterEach
    void restore() throws Exception {
        if (fleet != null) fleet.close();
        BrokerAdmin.rabbitmqctl("eval", "application:set_env(rabbit, consumer_timeout, 1800000).");
    }

    @Test
    void aWorkerWhoseChannelTheBrokerClosedReopensItAndTheTaskStillCompletes() throws Exception {
        var docs = TextGenerator.write(storage, "in", 2, 50, 5);
        fleet = new Fleet("consumer-timeout", storage, "--task-timeout", "150s", "--no-backup-tasks");
        fleet.startCoordinator().startWorkers(1);
        JobSpec spec = JobSpec.of("long", Probe.class.getName(), null, List.of("in/*.txt"), "out/long", 1,
                Map.of("slowOnceOf", "in/0.txt", "slowMillis", "75000", "onceDir", storage.resolve("once").toString()));
        JobUpdate end = fleet.run(spec, Duration.ofMinutes(4));

        assertThat(end.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(SequentialReference.output(storage.resolve("out/long")))
                .isEqualTo(SequentialReference.run(new Probe(), Map.of(), docs));
        assertThat(fleet.log("worker-1")).contains("broker closed the consumer channel");
    }
}
