package io.warren.coordinator;

import io.warren.broker.local.LocalBroker;
import io.warren.coordinator.domain.BackupPolicy;
import io.warren.coordinator.storage.FileEpochStore;
import io.warren.coordinator.storage.FileJobPlanner;
import io.warren.coordinator.storage.FileJobStore;
import io.warren.protocol.storage.StorageLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One process coordinates while it holds the lease; another stands by and takes over when the first stops. */
class ActiveStandbyTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path root;

    private ActiveStandby role(LocalBroker broker, Observability observability, String name) {
        StorageLayout layout = StorageLayout.under(root);
        CoordinatorConfig config = new CoordinatorConfig(layout, Duration.ofSeconds(30), 3, true, BackupPolicy.off(),
                FileJobPlanner.DEFAULT_SPLIT_SIZE, Duration.ZERO);
        return new ActiveStandby(broker, name, () -> new FileJobStore(layout),
                store -> new Coordinator(config, broker, Clock.systemUTC(), observability, store));
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
