package io.warren.coordinator;

import io.warren.broker.local.LocalBroker;
import io.warren.broker.port.Subscription;
import io.warren.coordinator.domain.BackupPolicy;
import io.warren.coordinator.domain.JobEnd;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.storage.FileEpochStore;
import io.warren.coordinator.storage.FileJobStore;
import io.warren.coordinator.storage.StateStores;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.storage.StorageLayout;
import io.warren.storage.JobDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A coordinator that takes over an unfinished job carries out the end an older term had decided for it (that term may
 * be deleting the job's files right now), and runs the job on when the newest older term's word is that it went on
 * (docs/fencing.md, "Ending a job").
 */
class EndAdoptionTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir
    Path root;

    private StorageLayout layout() {
        return StorageLayout.under(root);
    }

    private Coordinator coordinator(LocalBroker broker) {
        CoordinatorConfig config = new CoordinatorConfig(layout(), Duration.ofSeconds(30), 3, true, BackupPolicy.off(),
                64 << 20, Duration.ZERO);
        return new Coordinator(config, broker, Clock.systemUTC());
    }

    /** Term 1 accepts a job that no worker runs, and stops: the job is unfinished on record, its map queued. */
    private void acceptedByTermOne(String jobId) throws Exception {
        Files.createDirectories(root.resolve("in"));
        Files.writeString(root.resolve("in/a.txt"), "some words\n");
        try (LocalBroker broker = new LocalBroker()) {
            Coordinator first = coordinator(broker);
            first.start();
            JobSpec spec = JobSpec.of(jobId, "wordcount", null, List.of("in/a.txt"), "out/" + jobId, 1, Map.of());
            CompletableFuture<JobUpdate> accepted = new CompletableFuture<>();
            try (Subscription ignored = broker.progress().follow(spec, accepted::complete)) {
                broker.jobs().publish(spec);
                assertThat(accepted.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).state()).isEqualTo(JobState.MAPPING);
            } finally {
                first.close();
            }
        }
        assertThat(new FileEpochStore(layout()).latest()).isEqualTo(1);
        assertThat(Files.isDirectory(intermediate(jobId))).isTrue();
    }

    private Path intermediate(String jobId) {
        return layout().workDir().resolve(JobDirectory.of(layout(), jobId).intermediateKey());
    }

    private JobRecord record(String jobId) {
        return new FileJobStore(layout()).load(jobId).orElseThrow();
    }

    @Test
    void aCancelTheOldTermDecidedIsCarriedOutByTheNewOne() throws Exception {
        acceptedByTermOne("j1");
        // Term 1 decided to cancel the job and recorded it; then it was frozen, past its check, before it deleted.
        StateStores.ends(layout()).claim("j1", 1, new JobEnd(JobState.CANCELLED, "cancelled by alice", null));

        try (LocalBroker broker = new LocalBroker(); Coordinator second = coordinator(broker)) {
            second.start();
            await().atMost(WAIT).until(() -> record("j1").state() == JobState.CANCELLED);
        }
        assertThat(record("j1").error()).isEqualTo("cancelled by alice");
        assertThat(intermediate("j1")).doesNotExist();
        assertThat(StateStores.ends(layout()).takeOver("j1", 3)).as("term 2 wrote the end as its own")
                .contains(new JobEnd(JobState.CANCELLED, "cancelled by alice", null));
    }

    @Test
    void aFailureTheOldTermDecidedKeepsItsReasonAndDetail() throws Exception {
        acceptedByTermOne("j2");
        StateStores.ends(layout()).claim("j2", 1, new JobEnd(JobState.FAILED, "map-0 failed 4 times", "at Mapper.map"));

        try (LocalBroker broker = new LocalBroker(); Coordinator second = coordinator(broker)) {
            second.start();
            await().atMost(WAIT).until(() -> record("j2").state() == JobState.FAILED);
        }
        assertThat(record("j2").error()).isEqualTo("map-0 failed 4 times");
        assertThat(record("j2").errorDetail()).isEqualTo("at Mapper.map");
        assertThat(intermediate("j2")).doesNotExist();
    }

    @Test
    void anEndWrittenByATermThatALaterTermRanOnIsNotAdopted() throws Exception {
        acceptedByTermOne("j3");
        // Term 2 took the job over and went on with it; only then did deposed term 1 write its end (its check refused
        // the deletion that would have followed).
        Optional<JobEnd> found = StateStores.ends(layout()).takeOver("j3", new FileEpochStore(layout()).claimNext());
        assertThat(found).isEmpty();
        StateStores.ends(layout()).claim("j3", 1, new JobEnd(JobState.CANCELLED, "too late", null));

        JobSpec spec = record("j3").spec();
        try (LocalBroker broker = new LocalBroker(); Coordinator third = coordinator(broker)) {
            CompletableFuture<JobUpdate> resumed = new CompletableFuture<>();
            try (Subscription ignored = broker.progress().follow(spec, resumed::complete)) {
                third.start();
                // Term 3 runs the job on: it tells the job's followers that it resumed it, still mapping.
                assertThat(resumed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).state()).isEqualTo(JobState.MAPPING);
            }
        }
        assertThat(new FileEpochStore(layout()).latest()).isEqualTo(3);
        assertThat(record("j3").state()).isEqualTo(JobState.MAPPING);
        assertThat(intermediate("j3")).isDirectory();
    }
}
