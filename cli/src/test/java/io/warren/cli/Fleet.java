package io.warren.cli;

import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.JobStore;
import io.warren.coordinator.storage.FileJobStore;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.Topology;
import io.warren.broker.port.Subscription;
import io.warren.broker.rabbit.QueueType;
import io.warren.broker.rabbit.RabbitBroker;
import io.warren.protocol.storage.StorageLayout;
import io.warren.broker.testing.AmqpTestBroker;
import io.warren.cli.net.Hosts;
import io.warren.cli.net.NetHost;

import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    private String storageRoot;
    private JobStore records;
    private final java.net.URI brokerUri;
    private final QueueType queueType;
    private final Topology topology;
    private final Path logs;
    private final RabbitBroker client;
    private final Map<String, Process> processes = new ConcurrentHashMap<>();
    private final List<String> coordinatorArgs;
    private int workersStarted;
    private int coordinatorsStarted;
    private volatile Thread supervisor;
    private final Map<String, String> environment = new ConcurrentHashMap<>();
    private Hosts hosts;
    private final Map<String, NetHost> hostOf = new ConcurrentHashMap<>();

    Fleet(String name, Path storage, String... coordinatorArgs) throws IOException {
        this(AmqpTestBroker.uri(), name, storage, coordinatorArgs);
    }

    /** A fleet that logs in to the broker with this URI; it reaches each process through its environment, not argv. */
    Fleet(java.net.URI brokerUri, String name, Path storage, String... coordinatorArgs) throws IOException {
        this(brokerUri, QueueType.CLASSIC, name, storage, coordinatorArgs);
    }

    /** As above, every process with Warren's queues of this type (through WARREN_QUEUE_TYPE). */
    Fleet(java.net.URI brokerUri, QueueType queueType, String name, Path storage, String... coordinatorArgs)
            throws IOException {
        this.brokerUri = brokerUri;
        this.queueType = queueType;
        this.storage = storage;
        this.topology = AmqpTestBroker.uniqueTopology(name);
        this.logs = Path.of("target", "fleet-logs", topology.prefix()).toAbsolutePath();
        Files.createDirectories(logs);
        this.client = RabbitBroker.connect(brokerUri, null, topology, queueType, "warren-test");
        this.coordinatorArgs = List.of(coordinatorArgs);
    }

    /**
     * Every process started from now on gets this storage root, a bucket ({@code s3://bucket/prefix}), where the job
     * records are too: {@link #record} reads them through {@code records}.
     */
    Fleet withStorageRoot(String uri, JobStore records) {
        this.storageRoot = uri;
        this.records = records;
        return this;
    }

    /** Every process started from now on gets these environment variables too (say, an S3 endpoint). */
    Fleet withEnvironment(Map<String, String> variables) {
        environment.putAll(variables);
        return this;
    }

    Fleet startCoordinator() throws IOException {
        String name = startStandbyCoordinator();
        awaitLog(name, "coordinator started");
        return this;
    }

    /** Starts a coordinator without waiting for it to become active; returns its name. */
    String startStandbyCoordinator() throws IOException {
        List<String> args = new ArrayList<>(List.of("coordinator", "--http-port", "0"));
        args.addAll(coordinatorArgs);
        return startCoordinatorProcess(Main.class, args);
    }

    /**
     * Starts a coordinator from a test's own main class (for example one whose storage fails on purpose), with these
     * arguments and the fleet's coordinator arguments; its name.
     */
    String startCoordinatorMain(Class<?> main, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(coordinatorArgs);
        return startCoordinatorProcess(main, all);
    }

    private String startCoordinatorProcess(Class<?> main, List<String> args) throws IOException {
        return startCoordinatorProcess(main, args, null);
    }

    private String startCoordinatorProcess(Class<?> main, List<String> args, NetHost host) throws IOException {
        String name = "coordinator-" + (++coordinatorsStarted);
        processes.put(name, launch(name, List.of("-Xmx256m"), main, args, host));
        awaitLog(name, "connected to");
        return name;
    }

    /**
     * Runs the processes started with {@link #startCoordinatorOn} and {@link #startWorkerOn} on hosts of this test bed,
     * which must forward the broker's port ({@link Hosts#forward}).
     */
    Fleet onHosts(Hosts bed) {
        this.hosts = bed;
        return this;
    }

    /** Starts a coordinator on a host of the test bed, without waiting for it to become active; its name. */
    String startCoordinatorOn(NetHost host) throws IOException {
        List<String> args = new ArrayList<>(List.of("coordinator", "--http-port", "0"));
        args.addAll(coordinatorArgs);
        return startCoordinatorProcess(Main.class, args, host);
    }

    /** Starts a worker on a host of the test bed and waits for it to come up; its name. */
    String startWorkerOn(NetHost host, String... extraArgs) throws IOException {
        String name = "worker-" + (++workersStarted);
        List<String> args = new ArrayList<>(List.of("worker"));
        args.addAll(List.of(extraArgs));
        processes.put(name, launch(name, List.of("-Xmx256m"), Main.class, args, host));
        awaitLog(name, "started: slots=");
        return name;
    }

    /** The host a process runs on, or null for this machine. */
    NetHost hostOf(String name) {
        return hostOf.get(name);
    }

    Fleet startWorkers(int n, String... extraArgs) throws IOException {
        for (int i = 0; i < n; i++) startWorker(extraArgs);
        return this;
    }

    String startWorker(String... extraArgs) throws IOException {
        return startWorkerJvm(List.of("-Xmx256m"), extraArgs);
    }

    /** Starts a worker without waiting for it to come up, as a supervisor that restarts dead workers at once would. */
    String launchWorker(String... extraArgs) throws IOException {
        String name = "worker-" + (++workersStarted);
        List<String> args = new ArrayList<>(List.of("worker"));
        args.addAll(List.of(extraArgs));
        processes.put(name, launch(name, List.of("-Xmx256m"), args));
        return name;
    }

    /** A worker with JVM options of its own, for example a small heap. */
    String startWorkerJvm(List<String> jvmOptions, String... extraArgs) throws IOException {
        String name = "worker-" + (++workersStarted);
        List<String> args = new ArrayList<>(List.of("worker"));
        args.addAll(List.of(extraArgs));
        processes.put(name, launch(name, jvmOptions, args));
        awaitLog(name, "started: slots=");
        return name;
    }

    private final java.util.Set<String> started = ConcurrentHashMap.newKeySet();

    /** Whether the process has come up: a worker that logged its start, a coordinator that became active. */
    boolean hasStarted(String name) throws IOException {
        if (started.contains(name)) return true;
        Path log = logs.resolve(name + ".log");
        String content = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        if (content.contains("started: slots=") || content.contains("coordinator started")) started.add(name);
        return started.contains(name);
    }

    private final java.util.Set<String> working = ConcurrentHashMap.newKeySet();

    /** Whether the worker has finished a task (it logs each at DEBUG, the fleet's default level). */
    boolean hasFinishedATask(String name) throws IOException {
        if (working.contains(name)) return true;
        Path log = logs.resolve(name + ".log");
        if (Files.exists(log) && java.util.regex.Pattern.compile("task=\\S+ attempt=\\d+ worker=\\S+ done")
                .matcher(Files.readString(log, StandardCharsets.UTF_8)).find()) {
            working.add(name);
        }
        return working.contains(name);
    }

    Process process(String name) {
        return processes.get(name);
    }

    List<String> liveWorkers() {
        return processes.entrySet().stream().filter(e -> e.getKey().startsWith("worker-") && e.getValue().isAlive())
                .map(Map.Entry::getKey).sorted().toList();
    }

    /** SIGKILL: no shutdown hook, no goodbye to the broker. */
    void kill(String name) throws InterruptedException {
        Process p = processes.get(name);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    void signal(String name, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(processes.get(name).pid())).inheritIO().start();
        if (kill.waitFor() != 0) throw new IllegalStateException("kill -" + signal + " " + name + " failed");
    }

    /** The fleet name of the process whose worker id this is (worker ids are generated at start-up). */
    String nameOf(String workerId) throws IOException {
        for (var e : processes.entrySet()) {
            if (log(e.getKey()).contains("worker=" + workerId + " started: slots=")) return e.getKey();
        }
        throw new IllegalStateException("no worker " + workerId + " in this fleet");
    }

    /** Every line every process of this fleet has logged so far. */
    String allLogs() throws IOException {
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(logs)) {
            for (Path f : files.toList()) all.append(Files.readString(f, StandardCharsets.UTF_8));
        }
        return all.toString();
    }

    String log(String name) throws IOException {
        return Files.readString(logs.resolve(name + ".log"), StandardCharsets.UTF_8);
    }

    /** Keeps n workers alive in the background, replacing any that die, like a process supervisor would. */
    void superviseWorkers(int n) {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    while (liveWorkers().size() < n) startWorker();
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException | RuntimeException e) {
                    // a worker that could not start is retried on the next round
                }
            }
        }, "fleet-supervisor");
        t.setDaemon(true);
        t.start();
        supervisor = t;
    }

    private Process launch(String name, List<String> jvmOptions, List<String> args) throws IOException {
        return launch(name, jvmOptions, Main.class, args);
    }

    private Process launch(String name, List<String> jvmOptions, Class<?> main, List<String> args) throws IOException {
        return launch(name, jvmOptions, main, args, null);
    }

    private Process launch(String name, List<String> jvmOptions, Class<?> main, List<String> args, NetHost host)
            throws IOException {
        return launch(name, jvmOptions, System.getProperty("java.class.path"), main, args, host);
    }

    /**
     * A worker run as a user runs it, from the distribution (the cli jar and its {@code lib/}) rather than the test
     * classpath, for a test of its memory: the central directories of the test classpath's jars (Testcontainers,
     * Selenium, ...) take about 7 MiB of a JVM's heap once they are opened, which a user's worker does not carry.
     * It runs built-in apps only (the test classes are not on its classpath).
     */
    String startDistributionWorker(List<String> jvmOptions, String... extraArgs) throws IOException {
        Path jar = Path.of("target", "warren-cli.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) throw new IllegalStateException("no distribution at " + jar + ": package first");
        String name = "worker-" + (++workersStarted);
        List<String> args = new ArrayList<>(List.of("worker"));
        args.addAll(List.of(extraArgs));
        processes.put(name, launch(name, jvmOptions, jar.toString(), Main.class, args, null));
        awaitLog(name, "started: slots=");
        return name;
    }

    private Process launch(String name, List<String> jvmOptions, String classpath, Class<?> main, List<String> args,
                           NetHost host) throws IOException {
        // The production logging config, not this test classpath's quiet logback-test.xml.
        String logback = Path.of("target", "classes", "logback.xml").toAbsolutePath().toString();
        List<String> cmd = new ArrayList<>(List.of(javaBin()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-XX:+UseSerialGC", "-Dlogback.configurationFile=" + logback, "-cp", classpath, main.getName()));
        cmd.addAll(args);
        cmd.addAll(List.of("--topology-prefix", topology.prefix(), "--storage", storageRoot == null ? storage.toString() : storageRoot));
        if (host != null) {
            cmd = host.command(cmd); // ip netns exec execs the JVM: the process's pid is the JVM's
            hostOf.put(name, host);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()));
        pb.environment().put("WARREN_LOG_LEVEL", System.getProperty("warren.fleet.log", "DEBUG"));
        pb.environment().put("WARREN_AMQP_URI", (host == null ? brokerUri : hosts.onHost(brokerUri)).toString());
        pb.environment().put("WARREN_QUEUE_TYPE", queueType.toString());
        pb.environment().putAll(environment);
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
        return processes.values().stream().anyMatch(Process::isAlive);
    }

    /** Submits through the job queue, exactly as any AMQP client would, and waits for the job to end. */
    JobUpdate run(JobSpec spec, Duration timeout) throws Exception {
        return submit(spec).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Submits and returns the job's end, to be awaited. */
    CompletableFuture<JobUpdate> submit(JobSpec spec) {
        CompletableFuture<JobUpdate> done = new CompletableFuture<>();
        Subscription follow = client.progress().follow(spec, u -> {
            if (u.state().isTerminal()) done.complete(u);
        });
        client.jobs().publish(spec);
        return done.whenComplete((u, e) -> follow.close());
    }

    /** Waits until the job's saved record satisfies the condition, and returns that record. */
    JobRecord awaitRecord(String jobId, java.util.function.Predicate<JobRecord> condition, Duration timeout) {
        java.util.concurrent.atomic.AtomicReference<JobRecord> seen = new java.util.concurrent.atomic.AtomicReference<>();
        await().atMost(timeout).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
            JobRecord r = records().load(jobId).orElse(null);
            seen.set(r);
            return r != null && condition.test(r);
        });
        return seen.get();
    }

    JobRecord record(String jobId) {
        return records().load(jobId).orElseThrow();
    }

    /** The base URL of a coordinator's status server or a worker's metrics server, read from the process's log. */
    java.net.URI httpBase(String name) throws IOException {
        var pattern = java.util.regex.Pattern.compile("(?:status page|worker metrics and health) at http:(?:\\\\)?/(?:\\\\)?/[0-9.]+:(\\d+)(?:\\\\)?/")
;
        java.util.concurrent.atomic.AtomicReference<String> port = new java.util.concurrent.atomic.AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            var m = pattern.matcher(log(name));
            if (m.find()) port.set(m.group(1));
            return port.get() != null;
        });
        return java.net.URI.create("http://127.0.0.1:" + port.get() + "/");
    }

    /** GET on a process's HTTP server; the status code and body. */
    java.net.http.HttpResponse<String> get(String name, String path) throws IOException, InterruptedException {
        return HTTP.send(java.net.http.HttpRequest.newBuilder(httpBase(name).resolve(path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    /** The job records of this fleet: in its directory, or in its bucket. */
    JobStore records() {
        return records != null ? records : new FileJobStore(layout());
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
        if (supervisor != null) supervisor.interrupt();
        for (Process p : processes.values()) {
            p.destroyForcibly();
        }
        processes.values().forEach(Fleet::waitFor);
        // The client may still be reconnecting after a fault test cut it off, and a cluster that has just healed may
        // take a while to delete quorum queues. The test's verdict is in by now and its queues are its own (a unique
        // prefix), so queues that cannot be deleted in time are left to the broker, and said so, not made an error.
        try {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                client.deleteTopology();
                return true;
            });
        } catch (ConditionTimeoutException e) {
            System.err.println("fleet " + topology.prefix() + ": its queues could not be deleted within 60 s; left behind");
        }
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
