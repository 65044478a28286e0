package io.warren.coordinator.storage;

import io.warren.coordinator.domain.JobRecord;
import io.warren.protocol.storage.FileNames;
import io.warren.protocol.storage.StorageLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kills a separate JVM with SIGKILL while it saves a job through a {@link FileJobStore} (appending, and writing
 * snapshots in the background), at random moments and at moments when a snapshot is half written, then recovers the
 * job from what the dead process left: it must be exactly a state the process saved, and no older than the last save
 * the process reported as done.
 */
class JournalCrashIT {
    private static final int MAPS = 300;
    private static final int REDUCES = 8;
    /** Small, so snapshots are written every few dozen saves and a kill often meets one. */
    private static final long MIN_JOURNAL_BYTES = 16 << 10;
    private static final int RUNS = 16;

    @TempDir
    Path root;

    @Test
    void aWriterKilledAtAnyMomentLeavesExactlyTheJobItLastSavedOrTheSaveInFlight() throws Exception {
        Random random = new Random(20260101);
        int duringSnapshot = 0;
        int tornOrRolled = 0;
        for (int run = 0; run < RUNS; run++) {
            long seed = 1_000 + run;
            Path storage = root.resolve("run-" + run);
            StorageLayout layout = StorageLayout.under(storage);
            JobFiles files = new JobFiles(layout, SchedulerWorkload.JOB);
            Process child = start(storage, seed);
            AtomicInteger saved = new AtomicInteger();
            AtomicBoolean done = new AtomicBoolean();
            Thread reader = follow(child, saved, done);
            boolean waitForSnapshot = run % 2 == 1;
            int after = 20 + random.nextInt(400);
            await().atMost(Duration.ofSeconds(60)).until(() -> saved.get() >= after || done.get());
            if (waitForSnapshot) {
                // Kill as soon as a snapshot is being written: its temporary file exists.
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!done.get() && System.nanoTime() < until && !snapshotBeingWritten(files)) Thread.onSpinWait();
            } else {
                Thread.sleep(random.nextInt(50));
            }
            child.destroyForcibly(); // SIGKILL
            child.waitFor();
            reader.join();
            if (snapshotBeingWritten(files)) duringSnapshot++;
            if (files.segments().size() > 1) tornOrRolled++;

            List<JobRecord> states = SchedulerWorkload.states(seed, MAPS, REDUCES);
            JobRecord read = new FileJobStore(layout).load(SchedulerWorkload.JOB).orElseThrow();
            List<JobRecord> recovered = new FileJobStore(layout).recover();
            assertThat(recovered).as("run %d", run).containsExactly(read);
            // Counted by the writer in a file, not from the lines read through its stdout pipe: under load, the lines
            // a killed child wrote last were seen to go missing (the pipe's last reads), which made a correct journal
            // look ahead of its writer.
            int reported = Math.toIntExact(SchedulerWorkload.savesReturned(storage));
            assertThat(states.indexOf(read)).as("run %d: the recovered job is a state the writer saved", run).isNotNegative();
            // Save n (1-based) returned before "saved n" was printed; save n+1 may have become durable unreported. (Two
            // saves in a row may hold the same job, so the state is compared, not its first position in the list.)
            assertThat(read).as("run %d: the job as of save %d, or of the save after it (state %d of %d; the last"
                            + " line read from its stdout said %d); the writer's stderr:%n%s", run, reported,
                            states.indexOf(read) + 1, states.size(), saved.get(), tail(storage))
                    .isIn(states.subList(Math.max(0, reported - 1), Math.min(states.size(), reported + 1)));
            assertThat(new FileJobStore(layout).recover()).as("run %d: recovery is repeatable", run).containsExactly(read);
            assertThat(snapshotBeingWritten(files)).as("left-over temporary snapshots are removed").isFalse();
        }
        assertThat(duringSnapshot).as("kills that met a snapshot half written").isPositive();
        System.out.printf("%d kills, %d during a snapshot, %d with more than one segment left%n", RUNS, duringSnapshot,
                tornOrRolled);
    }

    private static Process start(Path storage, long seed) throws IOException {
        Files.createDirectories(storage);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), SchedulerWorkload.class.getName(), storage.toString(),
                Long.toString(seed), Integer.toString(MAPS), Integer.toString(REDUCES), Long.toString(MIN_JOURNAL_BYTES))
                .redirectError(storage.resolve("writer.err").toFile()).start();
    }

    private static Thread follow(Process child, AtomicInteger saved, AtomicBoolean done) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("saved ")) saved.set(Integer.parseInt(line.substring(6)));
                    else if (line.equals("done")) done.set(true);
                }
            } catch (IOException e) {
                // the process died
            }
        }, "child-output");
        t.start();
        return t;
    }

    /** The errors the killed writer logged (a save that failed and was tried again shows there), at most 40. */
    private static String tail(Path storage) throws IOException {
        List<String> errors = Files.readAllLines(storage.resolve("writer.err")).stream()
                .filter(l -> l.contains("ERROR") || l.contains("Exception")).toList();
        return errors.isEmpty() ? "(no errors)" : String.join("\n", errors.subList(Math.max(0, errors.size() - 40), errors.size()));
    }

    private static boolean snapshotBeingWritten(JobFiles files) throws IOException {
        if (!Files.isDirectory(files.dir())) return false;
        try (Stream<Path> paths = Files.list(files.dir())) {
            return paths.anyMatch(p -> FileNames.isTemporary(p.getFileName().toString()));
        }
    }
}
