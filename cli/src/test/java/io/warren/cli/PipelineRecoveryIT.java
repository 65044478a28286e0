package io.warren.cli;

import io.warren.apps.probe.Probe;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.pipeline.PipelineRecord;
import io.warren.coordinator.pipeline.PipelineState;
import io.warren.coordinator.storage.FilePipelineStore;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.PipelineStep;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A coordinator SIGKILLed in the middle of a pipeline, twice: in its first step and in its second. Each coordinator
 * started after a kill resumes the pipeline in the step it was in; the step that had finished never runs again (its
 * job keeps its record, and the workers ran none of its maps after it ended); the outputs match a sequential
 * computation of the same steps.
 */
class PipelineRecoveryIT {
    private static final Duration WAIT = Duration.ofMinutes(2);
    @TempDir
    Path storage;
    @TempDir
    Path scratch;
    private Fleet fleet;

    @AfterEach
    void stopFleet() {
        if (fleet != null) fleet.close();
    }

    private PipelineRecord pipeline() {
        return new FilePipelineStore(fleet.layout()).load("recov").orElseThrow();
    }

    private static long files(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void aCoordinatorKilledMidPipelineResumesInTheStepItWasInAndNoFinishedStepRunsAgain() throws Exception {
        Map<String, Path> books = TextGenerator.write(storage, "in", 8, 300, 77);
        Path countRuns = storage.resolve("runs-count");
        Path echoRuns = storage.resolve("runs-echo");
        fleet = new Fleet(getClass().getSimpleName(), storage, "--no-backup-tasks");
        fleet.startCoordinator().startWorkers(2);
        // count: a word count whose maps take a while; echo: a slow job over count's output (a word count of it: each
        // word once); top: the 20 most frequent words of count's output.
        JobSpec spec = JobSpec.pipeline("recov", List.of(
                new PipelineStep("count", new JobSpec(1, null, Probe.class.getName(), null, List.of("in/*.txt"), null, 3,
                        Map.of("runsDir", countRuns.toString(), "mapDelayMillis", "400"))),
                new PipelineStep("echo", new JobSpec(1, null, Probe.class.getName(), null, List.of("@count"), "out/echo", 2,
                        Map.of("runsDir", echoRuns.toString(), "mapDelayMillis", "400"), 256L, null)),
                new PipelineStep("top", JobSpec.of(null, "topcount", null, List.of("@count"), "out/top", 1, Map.of()))),
                false);
        CompletableFuture<JobUpdate> end = fleet.submit(spec);

        // Kill 1: in the first step, once some of its maps are done.
        fleet.awaitRecord("recov.count", j -> j.mapsDone() >= 2, WAIT);
        fleet.kill("coordinator-1");
        assertThat(pipeline().current()).as("killed in step 1").isZero();
        fleet.startCoordinator();
        fleet.awaitLog("coordinator-2", "pipeline=recov resumed in step 1 of 3: count");

        // Kill 2: in the second step, once the first has ended and some of the second's maps are done.
        fleet.awaitRecord("recov.echo", j -> j.mapsDone() >= 2, WAIT);
        fleet.kill("coordinator-2");
        JobRecord countAtKill = fleet.record("recov.count");
        assertThat(countAtKill.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(fleet.record("recov.echo").state()).as("killed in step 2").isEqualTo(JobState.MAPPING);
        long countRunsAtKill = files(countRuns);
        fleet.startCoordinator();
        fleet.awaitLog("coordinator-3", "pipeline=recov resumed in step 2 of 3: echo");

        JobUpdate last = end.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(last.state()).as("pipeline: %s", pipeline().error()).isEqualTo(JobState.SUCCEEDED);
        assertThat(pipeline().state()).isEqualTo(PipelineState.SUCCEEDED);

        // The finished step never ran again: its record is as it was, and the workers ran none of its maps since.
        assertThat(fleet.record("recov.count")).isEqualTo(countAtKill);
        assertThat(files(countRuns)).isEqualTo(countRunsAtKill);
        assertThat(fleet.allLogs()).containsOnlyOnce("pipeline=recov step 1 of 3: count starts")
                .containsOnlyOnce("pipeline=recov step 2 of 3: echo starts")
                .containsOnlyOnce("pipeline=recov step 3 of 3: top starts");

        // The outputs are those of the same steps computed one after the other in this process.
        List<String> counts = SequentialReference.run(new Probe(), Map.of(), books);
        Path countFile = Files.write(scratch.resolve("counts.txt"), counts);
        assertThat(SequentialReference.output(storage.resolve("out/echo")))
                .isEqualTo(SequentialReference.run(new Probe(), Map.of(), Map.of("counts", countFile)));
        assertThat(Files.readAllLines(storage.resolve("out/top/mr-out-0"))).containsExactlyElementsOf(PipelineIT.top(counts, 20));
        assertThat(fleet.layout().workDir().resolve("pipelines/recov/steps")).doesNotExist();
    }
}
