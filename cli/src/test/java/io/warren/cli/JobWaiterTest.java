package io.warren.cli;

import io.warren.coordinator.Coordinator;
import io.warren.coordinator.CoordinatorConfig;
import io.warren.coordinator.domain.BackupPolicy;
import io.warren.coordinator.storage.FileJobPlanner;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.broker.local.LocalBroker;
import io.warren.broker.port.Subscription;
import io.warren.protocol.storage.StorageLayout;
import io.warren.worker.Worker;
import io.warren.worker.WorkerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code submit --wait} when no coordinator takes the job: it says so, and waits on or gives up at the timeout. */
class JobWaiterTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir
    Path root;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final LocalBroker broker = new LocalBroker();
    private final List<AutoCloseable> started = new ArrayList<>();
    private JobSpec spec;

    @BeforeEach
    void input() throws Exception {
        Files.createDirectories(root.resolve("in"));
        Files.writeString(root.resolve("in/a.txt"), "the cat and the hat\n");
        spec = JobSpec.of("waited", "wordcount", null, List.of("in/a.txt"), "out", 1, Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) started.get(i).close();
        broker.close();
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private JobWaiter waiter(Duration patience) {
        return new JobWaiter(broker, new ProgressPrinter(out, false), out, patience);
    }

    private void startCoordinator(boolean withWorker) {
        StorageLayout layout = StorageLayout.under(root);
        CoordinatorConfig config = new CoordinatorConfig(layout, Duration.ofSeconds(30), 2, true,
                BackupPolicy.standard(), FileJobPlanner.DEFAULT_SPLIT_SIZE, CoordinatorConfig.DEFAULT_KEEP_HISTORY);
        Coordinator coordinator = new Coordinator(config, broker, Clock.systemUTC());
        coordinator.start();
        started.add(coordinator);
        if (withWorker) {
            Worker worker = new Worker(new WorkerConfig(layout, 1, WorkerConfig.newWorkerId()), broker, Clock.systemUTC());
            worker.start();
            started.add(worker);
        }
    }

    @Test
    void withNoCoordinatorItSaysSoAfterItsPatienceAndWaitsOnUntilOneTakesTheJob() throws Exception {
        CompletableFuture<JobWaiter.Outcome> outcome = new CompletableFuture<>();
        Thread waiting = new Thread(() -> {
            try {
                outcome.complete(waiter(Duration.ofMillis(100)).submitAndWait(spec, null));
            } catch (Throwable e) {
                outcome.completeExceptionally(e);
            }
        });
        waiting.start();

        await().atMost(WAIT).until(() -> printed().contains("no coordinator has accepted job waited yet after 100ms;"
                + " is one running (warren coordinator)? Still waiting..."));
        assertThat(outcome).isNotDone();
        startCoordinator(true);

        JobWaiter.Outcome end = outcome.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(end.ended()).isTrue();
        assertThat(end.end().state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(root.resolve("out/_SUCCESS")).exists();
    }

    @Test
    void withNoCoordinatorItGivesUpAtTheTimeoutAndTheSpecStaysQueued() throws Exception {
        JobWaiter.Outcome outcome = waiter(Duration.ofMillis(50)).submitAndWait(spec, Duration.ofMillis(300));

        assertThat(outcome.ended()).isFalse();
        assertThat(outcome.accepted()).isFalse();
        assertThat(printed()).contains("no coordinator has accepted job waited yet after 50ms", "for at most 300ms");
        List<JobSpec> queued = new CopyOnWriteArrayList<>();
        try (Subscription ignored = broker.jobs().subscribe(1, d -> queued.add(d.message()))) {
            await().atMost(WAIT).until(() -> !queued.isEmpty());
        }
        assertThat(queued).containsExactly(spec);
    }

    @Test
    void aTimeoutShorterThanThePatienceGivesUpWithoutANotice() throws Exception {
        JobWaiter.Outcome outcome = waiter(Duration.ofSeconds(5)).submitAndWait(spec, Duration.ofMillis(200));

        assertThat(outcome.ended()).isFalse();
        assertThat(outcome.accepted()).isFalse();
        assertThat(printed()).isEmpty();
    }

    @Test
    void aJobStillRunningAtTheTimeoutCountsAsTaken() throws Exception {
        startCoordinator(false); // takes the job, but no worker runs it

        JobWaiter.Outcome outcome = waiter(Duration.ofSeconds(5)).submitAndWait(spec, Duration.ofSeconds(3));

        assertThat(outcome.ended()).isFalse();
        assertThat(outcome.accepted()).isTrue();
        assertThat(printed()).contains("waited MAPPING").doesNotContain("no coordinator");
    }

    @Test
    void whenTheCoordinatorThatTookTheJobGoesItSaysNoneIsAnsweringAndGoesOnWhenOneIsBack() throws Exception {
        startCoordinator(false); // takes the job, but no worker runs it
        CompletableFuture<JobWaiter.Outcome> outcome = new CompletableFuture<>();
        Thread waiting = new Thread(() -> {
            try {
                outcome.complete(waiter(Duration.ofMillis(100)).submitAndWait(spec, null));
            } catch (Throwable e) {
                outcome.completeExceptionally(e);
            }
        });
        waiting.start();
        await().atMost(WAIT).until(() -> printed().contains("waited MAPPING"));
        started.remove(0).close(); // the coordinator goes

        await().atMost(WAIT).until(() -> printed().contains("no coordinator is answering: none listens for the"
                + " workers' reports, so job waited cannot move on"));
        assertThat(outcome).isNotDone();
        startCoordinator(true);

        JobWaiter.Outcome end = outcome.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(end.end().state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(printed()).contains("a coordinator is answering again");
    }
}
