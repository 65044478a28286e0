package io.warren.cli;

import io.warren.apps.probe.Probe;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.TaskRecord;
import io.warren.coordinator.domain.TaskRun;
import io.warren.coordinator.domain.TaskState;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.storage.FileNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A coordinator SIGKILLed in the middle of a job of many tiny map tasks, as its journal takes a record per flush: the
 * one started after it resumes the job from the journal, the output matches a sequential computation, and no task
 * that had completed before the kill runs again: the workers ran its map exactly once (the probe's run files), and
 * its record keeps exactly the runs it had.
 */
class CoordinatorRecoveryIT {
    private static final int FILES = 600;
    private static final String[] WORDS = {"kaka", "romi", "tenu", "sulb", "eano", "zuli", "quar"};

    @TempDir
    Path storage;
    private Fleet fleet;

    @AfterEach
    void stopFleet() {
        if (fleet != null) fleet.close();
    }

    /**
     * One line of the same length (ASCII words of four letters) per file, so that a split size of one file makes one
     * map task per file.
     */
    private Map<String, Path> tinyFiles(long seed) throws IOException {
        Random random = new Random(seed);
        Files.createDirectories(storage.resolve("in"));
        Map<String, Path> docs = new LinkedHashMap<>();
        for (int i = 0; i < FILES; i++) {
            String line = WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)] + " "
                    + WORDS[random.nextInt(WORDS.length)] + "\n";
            String name = String.format("in/%04d.txt", i);
            docs.put(name, Files.writeString(storage.resolve(name), line, StandardCharsets.UTF_8));
        }
        return docs;
    }

    @Test
    void aCoordinatorKilledMidJobResumesFromItsJournalAndNoCompletedTaskRunsAgain() throws Exception {
        Map<String, Path> docs = tinyFiles(11);
        long fileSize = Files.size(docs.values().iterator().next());
        Path runs = storage.resolve("runs");
        fleet = new Fleet(getClass().getSimpleName(), storage, "--no-backup-tasks");
        fleet.startCoordinator().startWorkers(2);
        JobSpec spec = new JobSpec(JobSpec.VERSION, "tiny", Probe.class.getName(), null, List.of("in/*.txt"),
                "out/tiny", 2, Map.of("runsDir", runs.toString()), fileSize, null);
        CompletableFuture<JobUpdate> job = fleet.submit(spec);

        fleet.awaitRecord("tiny", r -> r.mapsDone() >= FILES / 3, Duration.ofSeconds(60));
        fleet.kill("coordinator-1");
        JobRecord atKill = fleet.record("tiny"); // the journal as the dead coordinator left it
        assertThat(atKill.maps()).hasSize(FILES);
        List<TaskRecord> completed = atKill.maps().stream().filter(t -> t.state() == TaskState.SUCCEEDED).toList();
        assertThat(completed).as("completed before the kill").hasSizeGreaterThanOrEqualTo(FILES / 3);
        assertThat(atKill.mapsDone()).as("the kill came mid-job").isLessThan(FILES);

        fleet.startCoordinator();
        fleet.awaitLog("coordinator-2", "resuming 1 unfinished job(s)");
        JobUpdate end = job.get(3, TimeUnit.MINUTES);
        assertThat(end.state()).as("job: %s", fleet.record("tiny").error()).isEqualTo(JobState.SUCCEEDED);
        Path out = storage.resolve("out/tiny");
        assertThat(out.resolve(FileNames.SUCCESS)).exists();
        assertThat(SequentialReference.output(out)).isEqualTo(SequentialReference.run(new Probe(), Map.of(), docs));

        JobRecord done = fleet.record("tiny");
        assertThat(done.maps()).allSatisfy(t -> assertThat(t.runs())
                .filteredOn(r -> r.outcome() == TaskRun.Outcome.SUCCEEDED)
                .as("winning runs of map-%d", t.number()).hasSize(1));
        List<String> runFiles = runFiles(runs);
        for (TaskRecord before : completed) {
            TaskRecord after = done.maps().get(before.number());
            // The runs it had are kept exactly: its winning run's own reports, which the dead coordinator had saved
            // but not acknowledged and the broker delivers again, add nothing, and any other addition would be a run.
            assertThat(after.runs()).as("runs of map-%d, completed before the kill", before.number())
                    .isEqualTo(before.runs());
            String doc = atKill.mapInputs().get(before.number()).get(0).path();
            String prefix = doc.replaceAll("[^A-Za-z0-9._-]", "_") + ".";
            assertThat(runFiles.stream().filter(f -> f.startsWith(prefix)))
                    .as("times the workers ran map-%d (%s)", before.number(), doc).hasSize(1);
        }
    }

    /** The probe's run files: one per map run, named after the task's first document, then the process and a UUID. */
    private static List<String> runFiles(Path runs) throws IOException {
        try (Stream<Path> files = Files.list(runs)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
