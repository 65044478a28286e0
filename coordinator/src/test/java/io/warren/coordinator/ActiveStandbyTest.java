package io.warren.coordinator;

import io.warren.broker.local.LocalBroker;
import io.warren.coordinator.domain.BackupPolicy;
import io.warren.coordinator.domain.JobChange;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.JobStore;
import io.warren.coordinator.domain.Term;
import io.warren.coordinator.storage.FileEpochStore;
import io.warren.coordinator.storage.FileJobPlanner;
import io.warren.coordinator.storage.FileJobStore;
import io.warren.protocol.storage.StorageLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One process coordinates while it holds the lease; another stands by and takes over when the first stops. */
class ActiveStandbyTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path root;

    private ActiveStandby role(LocalBroker broker, Observability observability, String name) {
        return role(broker, observability, name, () -> new FileJobStore(StorageLayout.under(root)));
    }

    private ActiveStandby role(LocalBroker broker, Observability observability, String name, Supplier<JobStore> stores) {
        StorageLayout layout = StorageLayout.under(root);
        CoordinatorConfig config = new CoordinatorConfig(layout, Duration.ofSeconds(30), 3, true, BackupPolicy.off(),
                FileJobPlanner.DEFAULT_SPLIT_SIZE, Duration.ZERO);
        return new ActiveStandby(broker, name, stores,
                store -> new Coordinator(config, broker, Clock.systemUTC(), observability, store));
    }

    /** A file store that notes when it is asked to follow, when it stops, and when it recovers. */
    private JobStore noting(List<String> calls) {
        FileJobStore files = new FileJobStore(StorageLayout.under(root));
        return new JobStore() {
            @Override
            public Following standBy() {
                calls.add("follow");
                Following following = files.standBy();
                return () -> {
                    following.close();
                    calls.add("stop following");
                };
            }

            @Override
            public List<JobRecord> recover(Term term) {
                calls.add("recover in term " + term.epoch());
                return files.recover(term);
            }

            @Override
            public void save(JobChange change, Supplier<JobRecord> whole) {
                files.save(change, whole);
            }

            @Override
            public Optional<JobRecord> load(String jobId) {
                return files.load(jobId);
            }

            @Override
            public List<JobRecord> loadAll() {
                return files.loadAll();
            }

            @Override
            public void delete(String jobId) {
                files.delete(jobId);
            }
        };
    }

    @Test
    void aStandingByProcessFollowsTheJobsWhileItWaitsAndStopsFollowingBeforeItsTermReadsThem() throws Exception {
        try (LocalBroker broker = new LocalBroker(); Observability observability = new Observability(Clock.systemUTC())) {
            ActiveStandby first = role(broker, observability, "first");
            CompletableFuture<Integer> firstExit = CompletableFuture.supplyAsync(first::run);
            await().atMost(WAIT).until(first::isActive);
            List<String> calls = new CopyOnWriteArrayList<>();
            ActiveStandby second = role(broker, observability, "second", () -> noting(calls));
            CompletableFuture<Integer> secondExit = CompletableFuture.supplyAsync(second::run);

            await().atMost(WAIT).until(() -> calls.contains("follow"));
            assertThat(calls).as("following while the first holds the lease").containsExactly("follow");
            first.close();
            assertThat(firstExit.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isZero();
            await().atMost(WAIT).until(second::isActive);

            assertThat(calls).containsExactly("follow", "stop following", "recover in term 2");
            second.close();
            assertThat(secondExit.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isZero();
        }
    }

    @Test
    void theStandbyCoordinatesOnceTheActiveOneStops() throws Exception {
        try (LocalBroker broker = new LocalBroker(); Observability observability = new Observability(Clock.systemUTC())) {
            ActiveStandby first = role(broker, observability, "first");
            ActiveStandby second = role(broker, observability, "second");
            CompletableFuture<Integer> firstExit = CompletableFuture.supplyAsync(first::run);
            await().atMost(WAIT).until(first::isActive);
            CompletableFuture<Integer> secondExit = CompletableFuture.supplyAsync(second::run);

            assertThat(second.isActive()).as("the lease is held by the first").isFalse();
            first.close();
            assertThat(firstExit.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isZero();
            await().atMost(WAIT).until(second::isActive);
            assertThat(first.isActive()).isFalse();

            second.close();
            assertThat(secondExit.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isZero();
            assertThat(second.isActive()).isFalse();
        }
    }

    @Test
    void aCoordinatorWhoseTermIsSupersededStepsDownInsteadOfExiting() throws Exception {
        try (LocalBroker broker = new LocalBroker(); Observability observability = new Observability(Clock.systemUTC())) {
            ActiveStandby only = role(broker, observability, "only");
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(only::run);
            await().atMost(WAIT).until(only::isActive);
            FileEpochStore epochs = new FileEpochStore(StorageLayout.under(root));
            assertThat(epochs.latest()).isEqualTo(1);

            epochs.claimNext(); // a coordinator elsewhere began term 2, while this one still holds the lease
            // Its next batch (the deadline sweep runs every second) is refused; it steps down, and as nobody holds
            // the lease, takes it again in a term of its own.
            await().atMost(WAIT).until(() -> epochs.latest() == 3 && only.isActive());
            assertThat(exit).as("the process goes on").isNotDone();

            only.close();
            assertThat(exit.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isZero();
        }
    }
}
