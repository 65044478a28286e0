package io.warren.cli;

import io.warren.apps.probe.Probe;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker frozen in the middle of a job: a RabbitMQ node of the test's own (never the shared broker), started with
 * {@code bench/private-rabbitmq.sh}, is stopped with SIGSTOP for 30 s while the job runs and then continued. The job
 * must finish with exact output. The node takes about 20 s to start, so this test costs about a minute and a half.
 * Ports and name: {@code warren.frozen.port} (default 5692), {@code warren.frozen.dist} (25692),
 * {@code warren.frozen.node} (warren-frozen).
 */
class FrozenBrokerIT {
    private static final Path SCRIPT = UserJobJar.ROOT.resolve("bench/private-rabbitmq.sh");
    private static final String NODE = System.getProperty("warren.frozen.node", "warren-frozen");
    private static final int PORT = Integer.getInteger("warren.frozen.port", 5692);
    private static final int DIST = Integer.getInteger("warren.frozen.dist", 25692);
    private static final Duration FREEZE = Duration.ofSeconds(30);

    @TempDir
    Path storage;
    @TempDir
    Path nodeDir;
    private Fleet fleet;
    private String beam;

    @BeforeEach
    void startNode() throws Exception {
        // The node runs as the rabbitmq user, which must reach its directory.
        Files.setPosixFilePermissions(nodeDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        script("start", NODE, Integer.toString(PORT), Integer.toString(DIST), nodeDir.resolve("node").toString());
        beam = script("pid", NODE).strip();
    }

    @AfterEach
    void stopNode() throws Exception {
        if (beam != null) new ProcessBuilder("kill", "-CONT", beam).inheritIO().start().waitFor();
        if (fleet != null) fleet.close();
        script("stop", NODE);
    }

    private static String script(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new AssertionError("FrozenBrokerIT needs a RabbitMQ node of its own, and " + String.join(" ", cmd)
                    + " failed (it needs rabbitmq-server installed, and root or passwordless sudo):\n" + out);
        }
        return out;
    }

    private static void signal(String signal, String pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, pid).inheritIO().start();
        if (kill.waitFor() != 0) throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
    }

    @Test
    void aBrokerFrozenForHalfAMinuteMidJobLeavesTheJobToFinishWithExactOutput() throws Exception {
        Map<String, Path> docs = TextGenerator.write(storage, "in", 16, 3_000, 41);
        fleet = new Fleet(URI.create("amqp://guest:guest@127.0.0.1:" + PORT), getClass().getSimpleName(), storage)
                .startCoordinator().startWorkers(2);
        Map<String, String> params = Map.of("mapDelayMillis", "500");
        CompletableFuture<JobUpdate> job = fleet.submit(JobSpec.of("frozen", Probe.class.getName(), null,
                List.of("in/*.txt"), "out/frozen", 4, params));
        fleet.awaitRecord("frozen", r -> r.mapsDone() >= 1, Duration.ofMinutes(2));

        signal("STOP", beam);
        try {
            Thread.sleep(FREEZE.toMillis()); // the fault itself: the broker stays frozen this long
            assertThat(job).as("nothing can finish while the broker is frozen").isNotDone();
        } finally {
            signal("CONT", beam);
        }

        JobUpdate end = job.get(5, TimeUnit.MINUTES);
        assertThat(end.state()).as(fleet.record("frozen").error()).isEqualTo(JobState.SUCCEEDED);
        assertThat(SequentialReference.output(storage.resolve("out/frozen")))
                .isEqualTo(SequentialReference.run(new Probe(), params, docs));
        assertThat(fleet.record("frozen").mapsDone()).isEqualTo(16);
    }
}
