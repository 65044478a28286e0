package io.warren.cli;

import io.warren.apps.Indexer;
import io.warren.apps.probe.Probe;
import io.warren.coordinator.domain.JobRecord;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.storage.FileNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
 * Storage that fills up mid-job, on a real small file system: a tmpfs of 32 MiB mounted as the storage root (the test
 * needs to be allowed to mount, as root is; it fails, never skips, when it is not). The job fails with a reason that
 * says the disk is full and where, the coordinator goes on, no partial file is read as output or as a job record, and
 * once space is freed a new job succeeds with nothing restarted.
 */
class FullDiskIT {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path scratch;
    private Path storage;
    private Fleet fleet;

    @BeforeEach
    void mountSmallDisk() throws IOException, InterruptedException {
        storage = Files.createDirectories(scratch.resolve("disk"));
        run(asRoot("mount", "-t", "tmpfs", "-o", "size=32m", "warren-full-disk", storage.toString()));
    }

    @AfterEach
    void unmount() throws IOException, InterruptedException {
        if (fleet != null) fleet.close();
        if (storage != null) new ProcessBuilder(asRoot("umount", "-l", storage.toString())).inheritIO().start().waitFor();
    }

    /** The command, through sudo when this is not root (./run-tests requires one or the other). */
    private static String[] asRoot(String... cmd) {
        if ("root".equals(System.getProperty("user.name"))) return cmd;
        String[] sudo = new String[cmd.length + 2];
        sudo[0] = "sudo";
        sudo[1] = "-n";
        System.arraycopy(cmd, 0, sudo, 2, cmd.length);
        return sudo;
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError("FullDiskIT must mount a small tmpfs as its storage root, and could not: '"
                    + String.join(" ", cmd) + "' exited with " + p.exitValue() + ": " + out.strip()
                    + ". Run the tests as root (as CI does) or with passwordless sudo.");
        }
    }

    /** Fills the disk until not one more page fits; returns the file that holds the filling. */
    private Path fill() throws IOException {
        Path ballast = storage.resolve("ballast-" + System.nanoTime());
        byte[] chunk = new byte[4096];
        try (OutputStream out = Files.newOutputStream(ballast)) {
            while (true) {
                out.write(chunk);
                out.flush();
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) throw e;
        }
        return ballast;
    }

    @Test
    void aDiskThatFillsMidJobFailsThatJobOnlyAndANewJobSucceedsOnceSpaceIsFreed() throws Exception {
        Map<String, Path> docs = TextGenerator.write(storage, "in", 12, 2_000, 15);
        fleet = new Fleet(getClass().getSimpleName(), storage, "--task-timeout", "10s").startCoordinator()
                .startWorkers(2);
        CompletableFuture<JobUpdate> full = fleet.submit(JobSpec.of("full", Probe.class.getName(), null,
                List.of("in/*.txt"), "out/full", 4, Map.of("mapDelayMillis", "400")));
        // Once the job is under way, the disk fills up: the workers' map output and the coordinator's journal no
        // longer fit.
        fleet.awaitRecord("full", r -> r.mapsDone() >= 1, JOB_TIMEOUT);
        Path ballast = fill();

        JobUpdate end = full.get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(end.state()).isEqualTo(JobState.FAILED);
        assertThat(end.message()).contains("No space left on device").contains(storage.toString());
        assertThat(fleet.process("coordinator-1").isAlive()).as("the coordinator goes on").isTrue();
        assertThat(fleet.log("coordinator-1")).doesNotContain("coordinator stopping");
        // No partial output: the failed job left no mr-out file and no _SUCCESS.
        assertThat(outputFiles(storage.resolve("out/full"))).noneMatch(n -> FileNames.isOutput(n)
                || n.equals(FileNames.SUCCESS));

        Files.delete(ballast);
        // The failed job's record, written once space was back, reads whole: FAILED, with the reason.
        JobRecord record = fleet.awaitRecord("full", r -> r.state() == JobState.FAILED, JOB_TIMEOUT);
        assertThat(record.error()).contains("No space left on device");

        // Nothing restarted: the same coordinator and workers run a new job to its exact output.
        JobUpdate after = fleet.run(JobSpec.of("after", "indexer", null, List.of("in/*.txt"), "out/after", 3,
                Map.of()), JOB_TIMEOUT);
        assertThat(after.state()).as(fleet.record("after").error()).isEqualTo(JobState.SUCCEEDED);
        assertThat(SequentialReference.output(storage.resolve("out/after")))
                .isEqualTo(SequentialReference.run(new Indexer(), Map.of(), docs));
        assertThat(fleet.log("coordinator-1")).contains("job=full").doesNotContain("coordinator stopping");
    }

    @Test
    void aJobSubmittedToAFullDiskIsRefusedWithTheReasonAndTheNextOneRunsOnceSpaceIsBack() throws Exception {
        Map<String, Path> docs = TextGenerator.write(storage, "in", 4, 300, 16);
        fleet = new Fleet(getClass().getSimpleName(), storage).startCoordinator().startWorkers(1);
        Path ballast = fill();

        JobUpdate refused = fleet.run(JobSpec.of("nospace", "wordcount", null, List.of("in/*.txt"), "out/nospace", 2,
                Map.of()), JOB_TIMEOUT);
        assertThat(refused.state()).isEqualTo(JobState.FAILED);
        assertThat(refused.message()).contains("No space left on device").contains(storage.toString());
        assertThat(fleet.process("coordinator-1").isAlive()).isTrue();

        Files.delete(ballast);
        JobUpdate after = fleet.run(JobSpec.of("after", "indexer", null, List.of("in/*.txt"), "out/after", 2,
                Map.of()), JOB_TIMEOUT);
        assertThat(after.state()).as(fleet.record("after").error()).isEqualTo(JobState.SUCCEEDED);
        assertThat(SequentialReference.output(storage.resolve("out/after")))
                .isEqualTo(SequentialReference.run(new Indexer(), Map.of(), docs));
        assertThat(storage.resolve("out/after").resolve(FileNames.SUCCESS)).exists();
    }

    private static List<String> outputFiles(Path dir) throws IOException {
        if (!Files.exists(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
