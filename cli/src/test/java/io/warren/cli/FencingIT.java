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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fencing with real processes (docs/fencing.md). The active coordinator is frozen with SIGSTOP mid-job, for longer than
 * the broker takes to drop its lease: the standby takes over and finishes the job exactly; the frozen one, resumed,
 * finds a newer term and steps down without writing job state, touching output or ending the job. And a worker
 * frozen mid-map until its task ran again elsewhere: resumed, its late output is never used; and one frozen mid-reduce:
 * resumed, it is denied its commit, and only the granted attempt's output is committed.
 */
class FencingIT {
    private static final String[] WORDS = {"kaka", "romi", "tenu", "sulb", "eano", "zuli", "quar"};

    @TempDir
    Path storage;
    private Fleet fleet;

    @AfterEach
    void stopFleet() {
        if (fleet != null) fleet.close();
    }

    /** Small files of a few seeded words each, one map task per file. */
    private Map<String, Path> tinyFiles(int files, long seed) throws IOException {
        Random random = new Random(seed);
        Files.createDirectories(storage.resolve("in"));
        Map<String, Path> docs = new LinkedHashMap<>();
        for (int i = 0; i < files; i++) {
            String line = WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)] + " "
                    + WORDS[random.nextInt(WORDS.length)] + "\n";
            String name = String.format("in/%04d.txt", i);
            docs.put(name, Files.writeString(storage.resolve(name), line, StandardCharsets.UTF_8));
        }
        return docs;
    }

    @Test
    void aFrozenCoordinatorIsSupersededAndWritesNothingOnceResumed() throws Exception {
        int files = 240;
        Map<String, Path> docs = tinyFiles(files, 24);
        fleet = new Fleet(getClass().getSimpleName(), storage); // default settings: the takeover time is theirs
        fleet.startCoordinator();
        String standby = fleet.startStandbyCoordinator();
        fleet.awaitLog(standby, "is standing by");
        fleet.startWorkers(2);
        Map<String, String> params = Map.of("mapDelayMillis", "100");
        JobSpec spec = new JobSpec(JobSpec.VERSION, "fenced", Probe.class.getName(), null, List.of("in/*.txt"),
                "out/fenced", 3, params, Files.size(docs.values().iterator().next()), null);
        CompletableFuture<JobUpdate> job = fleet.submit(spec);

        fleet.awaitRecord("fenced", r -> r.mapsDone() >= files / 10, Duration.ofSeconds(60));
        fleet.signal("coordinator-1", "STOP");
        long frozenAt = System.nanoTime();
        long activeAt = awaitLogNanos(standby, "coordinator started: term=2");
        long resumedAt = awaitLogNanos(standby, "resumed 1 unfinished job(s)");
        System.out.printf("takeover: the standby was active %.1f s and had resumed the job %.1f s after the freeze;"
                        + " load average %s%n", (activeAt - frozenAt) / 1e9, (resumedAt - frozenAt) / 1e9,
                loadAverage());
        assertThat(Duration.ofNanos(resumedAt - frozenAt)).as("takeover time").isLessThanOrEqualTo(Duration.ofSeconds(30));

        JobUpdate end = job.get(3, TimeUnit.MINUTES);
        assertThat(end.state()).as("job: %s", fleet.record("fenced").error()).isEqualTo(JobState.SUCCEEDED);
        Path out = storage.resolve("out/fenced");
        assertThat(out.resolve(FileNames.SUCCESS)).exists();
        assertThat(SequentialReference.output(out)).isEqualTo(SequentialReference.run(new Probe(), params, docs));
        Map<String, String> outputBefore = checksums(out);
        // The ended job's record is folded into one snapshot in the background after the end is told: wait for it.
        Path record = fleet.layout().jobDir("fenced");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Stream<Path> left = Files.list(record)) {
                return left.map(f -> f.getFileName().toString()).toList().equals(List.of("job.snapshot"));
            }
        });
        Map<String, String> stateBefore = checksums(fleet.layout().workDir());

        fleet.signal("coordinator-1", "CONT");
        // It learns either way: its writes are refused (a newer term exists), or its lease is gone.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            String log = fleet.log("coordinator-1");
            return log.contains("steps down to standby") || log.contains("stepping down to standby");
        });
        fleet.awaitLog("coordinator-1", "is standing by");
        assertThat(checksums(out)).as("output after the old coordinator came back").isEqualTo(outputBefore);
        assertThat(checksums(fleet.layout().workDir())).as("job state after the old coordinator came back")
                .isEqualTo(stateBefore);
        assertThat(fleet.record("fenced").state()).isEqualTo(JobState.SUCCEEDED);
        String old = fleet.log("coordinator-1");
        assertThat(old).contains("coordinator term 1 begins").doesNotContain("job=fenced succeeded")
                .doesNotContain("job=fenced failed");
        assertThat(fleet.log(standby)).contains("coordinator term 2 begins").contains("job=fenced succeeded");
        assertThat(fleet.process("coordinator-1").isAlive()).as("the old coordinator stays up, as a standby").isTrue();
    }

    @Test
    void aWorkerFrozenMidMapWhoseTaskRanAgainElsewhereNeverHasItsOutputUsed() throws Exception {
        int files = 24;
        Map<String, Path> docs = tinyFiles(files, 25);
        String slowDoc = "in/0005.txt";
        Path runs = storage.resolve("runs");
        fleet = new Fleet(getClass().getSimpleName() + "-zombie", storage, "--task-timeout", "4s",
                "--no-backup-tasks");
        fleet.startCoordinator().startWorkers(3);
        Map<String, String> params = Map.of("runsDir", runs.toString(), "onceDir", storage.resolve("once").toString(),
                "slowOnceOf", slowDoc, "slowMillis", "8000", "reduceDelayMillis", "4000");
        JobSpec spec = new JobSpec(JobSpec.VERSION, "zombie", Probe.class.getName(), null, List.of("in/*.txt"),
                "out/zombie", 2, params, Files.size(docs.values().iterator().next()), null);
        CompletableFuture<JobUpdate> job = fleet.submit(spec);

        // The slow first run writes its run file, then sleeps: freeze its worker there.
        String zombie = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> workerRunning(slowDoc, runs), Optional::isPresent).orElseThrow();
        fleet.signal(zombie, "STOP");
        String zombieId = workerId(zombie);
        int task = taskOf(fleet.awaitRecord("zombie", r -> !r.mapInputs().isEmpty(), Duration.ofSeconds(10)), slowDoc);
        JobRecord rerun = fleet.awaitRecord("zombie", r -> r.maps().get(task).state() == TaskState.SUCCEEDED,
                Duration.ofSeconds(90));
        assertThat(rerun.maps().get(task).winner()).as("the winner of map-%d", task).isNotEqualTo(zombieId);
        assertThat(rerun.state().isTerminal()).as("the job still runs when the zombie wakes").isFalse();

        fleet.signal(zombie, "CONT");
        JobUpdate end = job.get(3, TimeUnit.MINUTES);
        assertThat(end.state()).as("job: %s", fleet.record("zombie").error()).isEqualTo(JobState.SUCCEEDED);
        Path out = storage.resolve("out/zombie");
        assertThat(SequentialReference.output(out)).isEqualTo(SequentialReference.run(new Probe(), params, docs));
        JobRecord done = fleet.record("zombie");
        TaskRecord slow = done.maps().get(task);
        assertThat(slow.winner()).isEqualTo(rerun.maps().get(task).winner());
        assertThat(slow.runs()).as("runs of map-%d", task).anySatisfy(r -> assertThat(r.worker()).isEqualTo(zombieId));
        // The zombie went on with its task when it woke, and finished it or dropped it because the job had ended.
        String mapId = "task=map-" + task + " attempt=1 worker=" + zombieId;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            String log = fleet.log(zombie);
            return log.contains(mapId + " done") || log.contains(mapId + ": the job ended")
                    || log.contains(mapId + " failed");
        });
        assertThat(runFilesOf(slowDoc, runs)).as("runs of %s", slowDoc).hasSizeGreaterThanOrEqualTo(2);
    }

    /**
     * Two attempts of one reduce race to commit: the first attempt's worker is frozen mid-reduce past the task timeout,
     * the coordinator runs the task again elsewhere, and the frozen one is resumed while the second attempt still runs,
     * so it finishes writing and asks first. Without the gate its create-only commit would win; with it, it is denied
     * (its run timed out), discards its output, and only the granted second attempt commits.
     */
    @Test
    void aReduceFrozenPastTheTaskTimeoutIsDeniedItsCommitAndOnlyTheGrantedAttemptCommits() throws Exception {
        Map<String, Path> docs = tinyFiles(12, 26);
        fleet = new Fleet(getClass().getSimpleName() + "-gate", storage, "--task-timeout", "4s", "--no-backup-tasks");
        fleet.startCoordinator().startWorkers(3);
        Map<String, String> params = Map.of("reduceDelayMillis", "3000");
        JobSpec spec = new JobSpec(JobSpec.VERSION, "gated", Probe.class.getName(), null, List.of("in/*.txt"),
                "out/gated", 2, params, Files.size(docs.values().iterator().next()), null);
        CompletableFuture<JobUpdate> job = fleet.submit(spec);

        // Attempt 1 of reduce-0 runs (its reducer sleeps at its first key): freeze its worker there.
        JobRecord first = fleet.awaitRecord("gated", r -> r.reduces().get(0).runs().stream().anyMatch(
                run -> run.attempt() == 1 && run.isOpen()), Duration.ofSeconds(60));
        String zombieId = first.reduces().get(0).runs().stream().filter(run -> run.attempt() == 1).findFirst()
                .orElseThrow().worker();
        String zombie = workerNamed(zombieId);
        fleet.signal(zombie, "STOP");
        JobRecord again = fleet.awaitRecord("gated", r -> r.reduces().get(0).runs().stream().anyMatch(
                run -> run.attempt() == 2 && run.isOpen()), Duration.ofSeconds(60));
        assertThat(again.reduces().get(0).grant()).as("nobody asked yet: attempt 2 sleeps before it writes").isNull();
        fleet.signal(zombie, "CONT");

        String denied = "task=reduce-0 attempt=1 worker=" + zombieId + ": commit denied";
        fleet.awaitLog(zombie, denied);
        JobUpdate end = job.get(3, TimeUnit.MINUTES);
        assertThat(end.state()).as("job: %s", fleet.record("gated").error()).isEqualTo(JobState.SUCCEEDED);
        Path out = storage.resolve("out/gated");
        assertThat(SequentialReference.output(out)).isEqualTo(SequentialReference.run(new Probe(), params, docs));
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(f -> f.getFileName().toString())).as("no pending write left behind")
                    .containsExactlyInAnyOrder(FileNames.output(0), FileNames.output(1), FileNames.SUCCESS);
        }
        TaskRecord reduce = fleet.record("gated").reduces().get(0);
        assertThat(reduce.winner()).isNotEqualTo(zombieId);
        assertThat(reduce.grant()).as("the grant").satisfies(g -> {
            assertThat(g.worker()).isEqualTo(reduce.winner());
            assertThat(g.attempt()).isEqualTo(2);
        });
        assertThat(reduce.runs()).as("runs of reduce-0").anySatisfy(r -> {
            assertThat(r.worker()).isEqualTo(zombieId);
            assertThat(r.outcome()).isNotEqualTo(TaskRun.Outcome.SUCCEEDED);
        });
        assertThat(fleet.log(zombie)).doesNotContain("task=reduce-0 attempt=1 worker=" + zombieId + " failed");
    }

    /** The fleet name of the live worker with this id. */
    private String workerNamed(String id) throws IOException {
        for (String name : fleet.liveWorkers()) if (workerId(name).equals(id)) return name;
        throw new IllegalStateException("no live worker has id " + id);
    }

    /** The fleet name of the worker whose run of {@code doc} has started, if one has. */
    private Optional<String> workerRunning(String doc, Path runs) throws IOException {
        List<String> found = runFilesOf(doc, runs);
        if (found.isEmpty()) return Optional.empty();
        Matcher m = Pattern.compile("\\.(\\d+)_").matcher(found.get(0));
        if (!m.find()) throw new IllegalStateException("no process id in run file " + found.get(0));
        long pid = Long.parseLong(m.group(1));
        return fleet.liveWorkers().stream().filter(n -> fleet.process(n).pid() == pid).findFirst();
    }

    private static List<String> runFilesOf(String doc, Path runs) throws IOException {
        if (!Files.isDirectory(runs)) return List.of();
        String prefix = doc.replaceAll("[^A-Za-z0-9._-]", "_") + ".";
        try (Stream<Path> files = Files.list(runs)) {
            return files.map(p -> p.getFileName().toString()).filter(f -> f.startsWith(prefix)).toList();
        }
    }

    private String workerId(String name) throws IOException {
        Matcher m = Pattern.compile("worker=(\\S+) started: slots=").matcher(fleet.log(name));
        if (!m.find()) throw new IllegalStateException(name + " has not logged its id");
        return m.group(1);
    }

    private static int taskOf(JobRecord job, String doc) {
        for (int i = 0; i < job.mapInputs().size(); i++) {
            if (job.mapInputs().get(i).get(0).path().equals(doc)) return i;
        }
        throw new IllegalStateException(doc + " is in no map task");
    }

    /** When the line first appeared in the process's log, as seen by polling it every 50 ms. */
    private long awaitLogNanos(String name, String text) {
        AtomicReference<Long> at = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (fleet.log(name).contains(text)) at.set(System.nanoTime());
            return at.get() != null;
        });
        return at.get();
    }

    /** The machine's load averages, to read a measured time by (Linux only). */
    private static String loadAverage() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        return Files.isReadable(loadavg) ? Files.readString(loadavg).trim() : "unknown";
    }

    /** Every file under {@code dir}, by its path relative to it, with its SHA-256. */
    private static Map<String, String> checksums(Path dir) throws IOException {
        Map<String, String> sums = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                sums.put(dir.relativize(p).toString(), sha256(Files.readAllBytes(p)));
            }
        }
        return sums;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
