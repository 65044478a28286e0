package io.warren.cli;

import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.storage.FileJobStore;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.Topology;
import io.warren.protocol.port.Subscription;
import io.warren.protocol.rabbit.RabbitBroker;
import io.warren.protocol.storage.StorageLayout;
import io.warren.protocol.testing.AmqpTestBroker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real Warren cluster for end-to-end tests: a coordinator and workers, each its own JVM running {@code warren},
 * sharing a temporary storage directory and a RabbitMQ topology no other test uses. Each process logs to
 * {@code target/fleet-logs/<name>/}.
 */
final class Fleet implements AutoCloseable {
    private final Path storage;
    private final Topology topology;
    private final Path logs;
    private final RabbitBroker client;
    private final List<Process> workers = new ArrayList<>();
    private final List<String> coordinatorArgs;
    private Process coordinator;
    private int started;

    Fleet(String name, Path storage, String... coordinatorArgs) throws IOException {
        this.storage = storage;
        this.topology = AmqpTestBroker.uniqueTopology(name);
        this.logs = Path.of("target", "fleet-logs", topology.prefix()).toAbsolutePath();
        Files.createDirectories(logs);
        this.client = AmqpTestBroker.connect(topology);
        this.coordinatorArgs = List.of(coordinatorArgs);
    }

    Fleet startCoordinator() throws IOException {
        List<String> args = new ArrayList<>(List.of("coordinator"));
        args.addAll(coordinatorArgs);
        coordinator = launch("coordinator", args);
        awaitLog("coordinator", "coordinator started");
        return this;
    }

    Fleet startWorkers(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            String name = "worker-" + (++started);
            workers.add(launch(name, List.of("worker")));
            awaitLog(name, "started: slots=");
        }
        return this;
    }

    private Process launch(String name, List<String> args) throws IOException {
        // The production logging config, not this test classpath's quiet logback-test.xml.
        String logback = Path.of("target", "classes", "logback.xml").toAbsolutePath().toString();
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlogback.configurationFile=" + logback, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        cmd.addAll(List.of("--amqp", AmqpTestBroker.uri().toString(), "--topology-prefix", topology.prefix(),
                "--storage", storage.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()));
        pb.environment().put("WARREN_LOG_LEVEL", "DEBUG");
        return pb.start();
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    void awaitLog(String name, String text) {
        Path log = logs.resolve(name + ".log");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            String content = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            if (!content.contains(text) && !anyAlive()) throw new IllegalStateException(name + " exited:\n" + content);
            return content.contains(text);
        });
    }

    private boolean anyAlive() {
        return (coordinator != null && coordinator.isAlive()) || workers.stream().anyMatch(Process::isAlive);
    }

    /** Submits through the job queue, exactly as any AMQP client would, and waits for the job to end. */
    JobUpdate run(JobSpec spec, Duration timeout) throws Exception {
        CompletableFuture<JobUpdate> done = new CompletableFuture<>();
        try (Subscription ignored = client.progress().follow(spec.jobId(), u -> {
            if (u.state().isTerminal()) done.complete(u);
        })) {
            client.jobs().publish(spec);
            return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    JobRecord record(String jobId) {
        return new FileJobStore(layout()).load(jobId).orElseThrow();
    }

    StorageLayout layout() {
        return StorageLayout.under(storage);
    }

    Topology topology() {
        return topology;
    }

    RabbitBroker client() {
        return client;
    }

    @Override
    public void close() {
        workers.forEach(Process::destroyForcibly);
        if (coordinator != null) coordinator.destroyForcibly();
        for (Process p : workers) waitFor(p);
        if (coordinator != null) waitFor(coordinator);
        client.deleteTopology();
        client.close();
    }

    private static void waitFor(Process p) {
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
