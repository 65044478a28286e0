package io.warren.worker;

import io.warren.protocol.InputSplit;
import io.warren.protocol.JobRef;
import io.warren.protocol.MapTask;
import io.warren.protocol.Streaming;
import io.warren.protocol.WorkerBeacon;
import io.warren.protocol.WorkerEvent;
import io.warren.broker.local.LocalBroker;
import io.warren.broker.port.Subscription;
import io.warren.protocol.storage.StorageLayout;
import io.warren.worker.exec.ExecSettings;
import io.warren.worker.http.HealthServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A worker's beacons, metrics and health endpoints, with the in-process broker and a real storage directory. */
class WorkerObservabilityTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path root;

    private static HttpResponse<String> get(HealthServer server, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void beaconsShowTheRunningTaskAndMetricsAndHealthFollowTheWorkersLife() throws Exception {
        StorageLayout layout = StorageLayout.under(root);
        Files.createDirectories(layout.intermediateDir("job-obs"));
        Files.createDirectories(root.resolve("in"));
        String text = "one two three\n".repeat(100);
        Files.writeString(root.resolve("in/a.txt"), text);
        WorkerConfig config = new WorkerConfig(layout, 2, "w-obs-1",
                new ExecSettings(ExecSettings.DEFAULT_SORT_BUFFER, ExecSettings.DEFAULT_CODEC, root.resolve("local"), 4));
        List<WorkerBeacon> beacons = new CopyOnWriteArrayList<>();
        List<WorkerEvent> events = new CopyOnWriteArrayList<>();
        try (LocalBroker broker = new LocalBroker();
             Subscription ignored = broker.beacons().listen(beacons::add);
             Subscription alsoIgnored = broker.events().subscribe(100, d -> {
                 events.add(d.message());
                 d.ack();
             })) {
            Worker worker = new Worker(config, broker, Clock.systemUTC());
            HealthServer health = new HealthServer(new InetSocketAddress("127.0.0.1", 0), worker);
            health.start();
            try {
                assertThat(get(health, "/health/live").statusCode()).isEqualTo(200);
                assertThat(get(health, "/health/ready").statusCode()).isEqualTo(503);
                worker.start();
                assertThat(get(health, "/health/ready").statusCode()).isEqualTo(200);

                broker.tasks().publish(new MapTask("job-obs", 0, 1,
                        new JobRef("io.warren.apps.probe.Probe", null, Map.of("mapDelayMillis", "2500")),
                        List.of(InputSplit.wholeFile("in/a.txt", text.length())), 1, 1_000, List.of()));
                await().atMost(Duration.ofSeconds(10)).until(() -> beacons.stream().anyMatch(b -> !b.running().isEmpty()));
                WorkerBeacon busy = beacons.stream().filter(b -> !b.running().isEmpty()).findFirst().orElseThrow();
                assertThat(busy.workerId()).isEqualTo("w-obs-1");
                assertThat(busy.slots()).isEqualTo(2);
                assertThat(busy.running()).singleElement().satisfies(t -> {
                    assertThat(t.jobId()).isEqualTo("job-obs");
                    assertThat(t.taskId()).isEqualTo("map-0");
                });

                await().atMost(Duration.ofSeconds(20))
                        .until(() -> events.stream().anyMatch(e -> e instanceof WorkerEvent.TaskCompleted));
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> beacons.get(beacons.size() - 1).tasksDone() == 1);
                String metrics = get(health, "/metrics").body();
                assertThat(metrics).contains("warren_worker_tasks_total{outcome=\"succeeded\",phase=\"map\"} 1.0",
                        "warren_worker_input_bytes_total " + text.length() + ".0", "warren_worker_slots 2.0",
                        "warren_worker_task_duration_seconds_count{phase=\"map\"} 1", "jvm_threads_live_threads");
            } finally {
                worker.shutdown(Duration.ofSeconds(5));
            }
            assertThat(get(health, "/health/ready").statusCode()).isEqualTo(503);
            assertThat(get(health, "/health/live").statusCode()).isEqualTo(503);
            assertThat(beacons.get(beacons.size() - 1).stopping()).isTrue();
            health.close();
        }
    }
    @Test
    void aStreamingCommandsStatusLinesRideOnTheHeartbeats() throws Exception {
        StorageLayout layout = StorageLayout.under(root);
        Files.createDirectories(layout.intermediateDir("job-status"));
        Files.createDirectories(layout.shippedFilesDir("job-status"));
        Files.createDirectories(root.resolve("in"));
        String text = "one two\n".repeat(10);
        Files.writeString(root.resolve("in/a.txt"), text);
        // Reports a new status every 100 ms (each counts as progress) for about 3 s, then maps as cat does.
        String mapper = "sh -c 'i=0; while [ $i -lt 30 ]; do echo \"reporter:status:step $i of 30\" >&2; i=$((i+1));"
                + " sleep 0.1; done; cat'";
        WorkerConfig config = new WorkerConfig(layout, 1, "w-status-1",
                new ExecSettings(ExecSettings.DEFAULT_SORT_BUFFER, ExecSettings.DEFAULT_CODEC, root.resolve("local"), 4));
        List<WorkerEvent> events = new CopyOnWriteArrayList<>();
        try (LocalBroker broker = new LocalBroker();
             Subscription ignored = broker.events().subscribe(100, d -> {
                 events.add(d.message());
                 d.ack();
             })) {
            Worker worker = new Worker(config, broker, Clock.systemUTC());
            worker.start();
            try {
                broker.tasks().publish(new MapTask("job-status", 0, 1, new JobRef(Streaming.APP, null, Map.of(),
                        new Streaming(mapper, null, null, List.of())),
                        List.of(InputSplit.wholeFile("in/a.txt", text.length())), 1, 400, List.of()));
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> events.stream().anyMatch(e -> e instanceof WorkerEvent.TaskCompleted));
            } finally {
                worker.shutdown(Duration.ofSeconds(5));
            }
        }
        List<String> statuses = events.stream().filter(e -> e instanceof WorkerEvent.TaskHeartbeat)
                .map(e -> ((WorkerEvent.TaskHeartbeat) e).status()).filter(java.util.Objects::nonNull).toList();
        assertThat(statuses).isNotEmpty().allMatch(st -> st.matches("step \\d+ of 30"));
        // Later heartbeats carry later statuses: the latest wins.
        List<Integer> steps = statuses.stream().map(st -> Integer.parseInt(st.split(" ")[1])).toList();
        assertThat(steps).isSorted();
    }
}
