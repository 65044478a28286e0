package io.warren.cli;

import io.warren.apps.probe.Probe;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.TaskRecord;
import io.warren.coordinator.domain.TaskRun;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.storage.FileNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coordinator killed at each phase boundary and restarted: right after the last map completed, between reduce
 * commits, and once {@code _SUCCESS} is written but the job's success not yet saved. These moments last microseconds,
 * too short to hit reliably with a SIGKILL from outside, so the first coordinator, a {@link HaltingCoordinator} of
 * the test classpath, halts itself there (as a SIGKILL would: no shutdown hook, nothing saved) when its job store is
 * asked to save the boundary; a second one, a plain {@code warren coordinator} started afterwards, must finish the job
 * with exact output and exactly one {@code _SUCCESS}.
 */
class PhaseBoundaryKillIT {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);

    @TempDir
    Path storage;
    private Fleet fleet;

    @AfterEach
    void stop() {
        if (fleet != null) fleet.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"MAPS_DONE", "REDUCE_COMMITTED", "SUCCESS_WRITTEN"})
    void aCoordinatorKilledAtAPhaseBoundaryIsResumedToExactOutputAndOneSuccessFile(String boundary) throws Exception {
        Map<String, Path> docs = TextGenerator.write(storage, "in", 6, 300, 31);
        fleet = new Fleet(getClass().getSimpleName(), storage, "--task-timeout", "10s");
        String first = fleet.startCoordinatorMain(HaltingCoordinator.class, "--halt-at", boundary);
        fleet.awaitLog(first, "coordinator started");
        fleet.startWorkers(2);
        Map<String, String> params = Map.of("reduceDelayMillis", "300");
        CompletableFuture<JobUpdate> job = fleet.submit(JobSpec.of("boundary", Probe.class.getName(), null,
                List.of("in/*.txt"), "out/boundary", 3, params));

        Process coordinator = fleet.process(first);
        assertThat(coordinator.waitFor(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .as("the coordinator halted at %s", boundary).isTrue();
        assertThat(coordinator.exitValue()).isEqualTo(137);
        assertThat(fleet.log(first)).contains("reached " + boundary + ": halting");
        assertThat(job).as("no one was told the job ended").isNotDone();

        fleet.startCoordinator();
        JobUpdate end = job.get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(end.state()).as(fleet.record("boundary").error()).isEqualTo(JobState.SUCCEEDED);
        Path out = storage.resolve("out/boundary");
        assertThat(SequentialReference.output(out)).isEqualTo(SequentialReference.run(new Probe(), params, docs));
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .as("the output directory: each part once, _SUCCESS once, nothing half-written")
                    .containsExactly(FileNames.SUCCESS, FileNames.output(0), FileNames.output(1), FileNames.output(2));
        }
        JobRecord record = fleet.record("boundary");
        for (TaskRecord t : record.reduces()) {
            assertThat(t.runs().stream().filter(r -> r.outcome() == TaskRun.Outcome.SUCCEEDED))
                    .as("reduce %d won once", t.number()).hasSize(1);
        }
        assertThat(fleet.layout().intermediateDir("boundary")).doesNotExist();
    }
}
