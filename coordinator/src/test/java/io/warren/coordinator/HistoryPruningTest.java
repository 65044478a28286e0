package io.warren.coordinator;

import io.warren.coordinator.domain.BackupPolicy;
import io.warren.coordinator.domain.JobChange;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.pipeline.PipelineRecord;
import io.warren.coordinator.pipeline.PipelineState;
import io.warren.coordinator.pipeline.StepRecord;
import io.warren.coordinator.storage.FileJobStore;
import io.warren.coordinator.storage.FilePipelineStore;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.broker.local.LocalBroker;
import io.warren.protocol.PipelineStep;
import io.warren.protocol.storage.StorageLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class HistoryPruningTest {
    @TempDir
    Path root;

    private static JobRecord ended(String id, JobState state, Instant finishedAt) {
        return new JobRecord(id, JobSpec.of(id, "wordcount", null, List.of("in"), "out/" + id, 1, Map.of()), state,
                finishedAt.minusSeconds(60), finishedAt, null, null, List.of(), List.of(), List.of());
    }

    /** Saves a job the store does not hold yet: it takes the whole record. */
    private static void create(FileJobStore store, JobRecord job) {
        store.save(new JobChange(job.jobId(), job.state(), job.finishedAt(), job.error(), job.errorDetail(), List.of(), List.of()),
                () -> job);
    }

    @Test
    void recordsOfJobsThatEndedLongerAgoThanTheHistoryAgeAreDeletedAndTheRestKept() {
        StorageLayout layout = StorageLayout.under(root);
        FileJobStore store = new FileJobStore(layout);
        Instant now = Instant.now();
        create(store, ended("old-ok", JobState.SUCCEEDED, now.minus(Duration.ofDays(8))));
        create(store, ended("old-failed", JobState.FAILED, now.minus(Duration.ofDays(30))));
        create(store, ended("recent", JobState.SUCCEEDED, now.minus(Duration.ofDays(6))));
        CoordinatorConfig config = new CoordinatorConfig(layout, Duration.ofSeconds(30), 3, true, BackupPolicy.off(),
                64 << 20, Duration.ofDays(7));

        try (LocalBroker broker = new LocalBroker();
             Observability observability = new Observability(Clock.systemUTC());
             Coordinator coordinator = new Coordinator(config, broker, Clock.systemUTC(), observability,
                     new FileJobStore(layout))) {
            coordinator.start();
            // The gauges follow each deletion a moment later, on the coordinator's loop: await both.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(store.loadAll().stream().map(JobRecord::jobId).toList()).containsExactly("recent");
                assertThat(observability.metrics().scrape()).contains("warren_jobs{state=\"succeeded\"} 1.0",
                        "warren_jobs{state=\"failed\"} 0.0", "warren_jobs{state=\"mapping\"} 0.0");
            });
        }
        assertThat(store.load("old-ok")).isEmpty();
        assertThat(layout.jobStateFile("old-failed").getParent()).doesNotExist();
    }

    @Test
    void pipelinesThatEndedLongerAgoThanTheHistoryAgeGoWithTheirDirectoryAndTheRestStay() throws Exception {
        StorageLayout layout = StorageLayout.under(root);
        FilePipelineStore pipelines = new FilePipelineStore(layout);
        Instant now = Instant.now();
        for (var p : List.of(Map.entry("old-pipeline", now.minus(Duration.ofDays(9))), Map.entry("new-pipeline", now))) {
            pipelines.save(new PipelineRecord(p.getKey(), JobSpec.pipeline(p.getKey(), List.of(new PipelineStep("a",
                    JobSpec.of(null, "wordcount", null, List.of("in"), "out/" + p.getKey(), 1, Map.of()))), false),
                    PipelineState.FAILED, List.of(new StepRecord("a", p.getKey() + ".a", "out", false, JobState.FAILED,
                    p.getValue().minusSeconds(5), p.getValue(), "boom")), 0, p.getValue().minusSeconds(9), p.getValue(),
                    "step a failed: boom"));
        }
        java.nio.file.Files.createDirectories(root.resolve(pipelines.intermediateOutput("old-pipeline", "kept")));
        CoordinatorConfig config = new CoordinatorConfig(layout, Duration.ofSeconds(30), 3, true, BackupPolicy.off(),
                64 << 20, Duration.ofDays(7));

        try (LocalBroker broker = new LocalBroker();
             Coordinator coordinator = new Coordinator(config, broker, Clock.systemUTC())) {
            coordinator.start();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(pipelines.loadAll())
                    .extracting(PipelineRecord::pipelineId).containsExactly("new-pipeline"));
        }
        assertThat(pipelines.pipelinesDir().resolve("old-pipeline")).doesNotExist();
    }
}
