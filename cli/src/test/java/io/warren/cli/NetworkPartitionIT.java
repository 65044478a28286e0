package io.warren.cli;

import io.warren.apps.probe.Probe;
import io.warren.broker.testing.AmqpTestBroker;
import io.warren.cli.net.Hosts;
import io.warren.cli.net.NetHost;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.TaskRecord;
import io.warren.coordinator.domain.TaskRun;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.storage.FileNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
 * Network partitions on a test bed of hosts ({@link Hosts}): the coordinators and workers run each on a host of its
 * own, reach the broker through the test bed's gateway, and share the storage. A cut host keeps running and keeps
 * the storage; only its network goes. Every cut outlasts the AMQP heartbeat timeout (10 s: the broker drops the cut
 * connection and hands its lease or its tasks on) and the task timeout, so takeovers really happen. Every job's output
 * is compared with a sequential run; {@link CommitWatch} holds that each reduce partition is committed once and never
 * changes, also after the heal, when the cut-off process comes back; the job's record must be consistent after the
 * heal and stay as it is.
 */
class NetworkPartitionIT {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    private static final String PROBE = Probe.class.getName();
    /** The gateway port that forwards to the broker (the test bed's ports: 5930-5939). */
    private static final int BROKER_FORWARD = 5930;

    @TempDir
    Path storage;
    private Hosts bed;
    private Fleet fleet;
    private Map<String, Path> docs;
    private CommitWatch watch;

    @AfterEach
    void tearDown() {
        if (watch != null) watch.close();
        if (fleet != null) fleet.close();
        if (bed != null) bed.close();
    }

    /** A fleet on hosts named coordinator-a, coordinator-b, worker-1..3; nothing started yet. */
    private Fleet fleet(int files, String... coordinatorArgs) throws Exception {
        docs = TextGenerator.write(storage, "in", files, 200, 2424);
        bed = Hosts.create("coordinator-a", "coordinator-b", "worker-1", "worker-2", "worker-3");
        bed.forward(BROKER_FORWARD, AmqpTestBroker.uri().getPort() < 0 ? 5672 : AmqpTestBroker.uri().getPort());
        fleet = new Fleet(getClass().getSimpleName(), storage, coordinatorArgs).onHosts(bed);
        return fleet;
    }

    private static JobSpec probe(String id, int reduces, long mapDelay, long reduceDelay) {
        return JobSpec.of(id, PROBE, null, List.of("in/*.txt"), "out/" + id, reduces,
                Map.of("mapDelayMillis", Long.toString(mapDelay), "reduceDelayMillis", Long.toString(reduceDelay)));
    }

    private CompletableFuture<JobUpdate> submitWatched(JobSpec spec) {
        watch = new CommitWatch(storage.resolve(spec.output()));
        return fleet.submit(spec);
    }

    /** Active coordinator on coordinator-a, a standby on coordinator-b, workers on worker-1..n. */
    private void startFleet(int workers) throws Exception {
        String active = fleet.startCoordinatorOn(bed.host("coordinator-a"));
        fleet.awaitLog(active, "coordinator started");
        String standby = fleet.startCoordinatorOn(bed.host("coordinator-b"));
        fleet.awaitLog(standby, "standing by");
        for (int i = 1; i <= workers; i++) fleet.startWorkerOn(bed.host("worker-" + i));
    }

    /** The job succeeded with the sequential run's output, committed once, and its record is consistent. */
    private JobRecord assertExact(CompletableFuture<JobUpdate> job, String id) throws Exception {
        JobUpdate end = job.get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(end.state()).as("job %s: %s", id, fleet.record(id).error()).isEqualTo(JobState.SUCCEEDED);
        Path out = storage.resolve("out").resolve(id);
        assertThat(out.resolve(FileNames.SUCCESS)).exists();
        assertThat(SequentialReference.output(out)).isEqualTo(SequentialReference.run(new Probe(), Map.of(), docs));
        JobRecord record = fleet.record(id);
        assertThat(CommitWatch.consistent(record)).as("record of %s", id).isEmpty();
        assertThat(record.counters()).containsAllEntriesOf(SequentialReference.expectedCounters(new Probe(), Map.of(), docs));
        return record;
    }

    /** The output and the record stay exactly as they were for a while, and no commit was ever made twice. */
    private void assertStable(String id, JobRecord done) throws Exception {
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> fleet.record(id).equals(done) && watch.violations().isEmpty());
        assertThat(watch.violations()).as("commits of %s", id).isEmpty();
        assertThat(watch.committed()).contains(FileNames.SUCCESS).hasSize(done.reduces().size() + 1);
        assertThat(fleet.record(id)).isEqualTo(done);
    }

    private static int occurrences(String text, String line) {
        int n = 0;
        for (int i = text.indexOf(line); i >= 0; i = text.indexOf(line, i + 1)) n++;
        return n;
    }

    /** A worker running an open run of a task: its fleet name, its host, and the run's log prefix. */
    private record Victim(String name, NetHost host, String task) {
        /**
         * The line a worker logs when it is through with the run: done, dropped, abandoned, failed, or a reduce denied
         * its commit (or unanswered) that discarded its output.
         */
        boolean through(String log) {
            return java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(task)
                    + ":? (done|.*dropping|.*abandoned|.*failed|.*discarded its output)").matcher(log).find();
        }
    }

    /** A worker running an open run of the phase (reduces or maps) now, on a host not in {@code spare}. */
    private Victim runningOn(JobRecord r, boolean reduces, List<NetHost> spare) throws Exception {
        for (TaskRecord t : reduces ? r.reduces() : r.maps()) {
            for (TaskRun run : t.runs()) {
                if (!run.isOpen()) continue;
                String name = fleet.nameOf(run.worker());
                if (spare.contains(fleet.hostOf(name))) continue;
                return new Victim(name, fleet.hostOf(name), "job=" + r.jobId() + " task=" + (reduces ? "reduce-" : "map-")
                        + t.number() + " attempt=" + run.attempt() + " worker=" + run.worker());
            }
        }
        return null;
    }

    /** Waits until a worker runs a task of the phase on a host not in {@code spare}; that worker. */
    private Victim awaitVictim(String jobId, boolean reduces, List<NetHost> spare) {
        java.util.concurrent.atomic.AtomicReference<Victim> found = new java.util.concurrent.atomic.AtomicReference<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
            found.set(runningOn(fleet.record(jobId), reduces, spare));
            return found.get() != null;
        });
        return found.get();
    }

    @Test
    void theActiveCoordinatorCutOffMidJobIsReplacedByTheStandbyAndStepsDownWhenHealed() throws Exception {
        fleet(16, "--task-timeout", "5s");
        startFleet(2);
        CompletableFuture<JobUpdate> job = submitWatched(probe("coord-cut", 3, 1_500, 500));
        fleet.awaitRecord("coord-cut", r -> r.mapsDone() >= 2, Duration.ofSeconds(60));

        NetHost a = bed.host("coordinator-a");
        long cut = System.nanoTime();
        a.cut();
        fleet.awaitLog("coordinator-2", "coordinator started");
        Duration takeover = Duration.ofNanos(System.nanoTime() - cut);
        System.out.printf("takeover %.1f s after the active coordinator was cut off (load %s)%n",
                takeover.toMillis() / 1000.0, java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        assertThat(takeover).as("takeover after the cut").isLessThan(Duration.ofSeconds(45));
        JobRecord done = assertExact(job, "coord-cut");
        assertThat(fleet.log("coordinator-2")).contains("job=coord-cut");

        int standing = occurrences(fleet.log("coordinator-1"), "standing by");
        a.heal();
        // Back on the network, the old coordinator stands by, and nothing it held changes.
        await().atMost(Duration.ofSeconds(60)).until(() -> occurrences(fleet.log("coordinator-1"), "standing by") > standing);
        assertStable("coord-cut", done);
    }

    /** The worker mid-map is cut off; the one mid-reduce goes deaf (it still sends, it hears nothing). */
    @Test
    void aWorkerCutOffMidMapAndOneDeafMidReduceNeverChangeTheOutput() throws Exception {
        fleet(10, "--task-timeout", "5s", "--no-backup-tasks");
        startFleet(3);
        CompletableFuture<JobUpdate> job = submitWatched(probe("worker-cut", 3, 2_000, 6_000));

        Victim midMap = awaitVictim("worker-cut", false, List.of());
        midMap.host().cut();
        Victim midReduce = awaitVictim("worker-cut", true, List.of(midMap.host()));
        midReduce.host().dropInbound();

        JobRecord done = assertExact(job, "worker-cut");
        assertThat(Stream.concat(done.maps().stream(), done.reduces().stream()).flatMap(t -> t.runs().stream())
                .map(TaskRun::outcome)).as("runs lost to the cuts").contains(TaskRun.Outcome.TIMED_OUT);
        midMap.host().heal();
        midReduce.host().heal();
        // Back on the network, each zombie reports its stale run (or drops it), which must change nothing.
        for (Victim v : List.of(midMap, midReduce)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> v.through(fleet.log(v.name())));
        }
        assertStable("worker-cut", done);
    }

    /**
     * The active coordinator's host and a busy worker's host lose one direction each, at once: the coordinator hears
     * nothing (it still sends) and nobody hears the worker (it still hears). The standby takes over, the task runs
     * again elsewhere, and after the heal nothing changes. (The reverse directions: the worker that goes deaf mid-reduce
     * above, and the coordinator that nobody hears in the pipeline below.)
     */
    @Test
    void oneWayCutsACoordinatorThatHearsNothingAndAWorkerThatNobodyHears() throws Exception {
        String id = "one-way";
        fleet(12, "--task-timeout", "5s", "--no-backup-tasks");
        startFleet(3);
        CompletableFuture<JobUpdate> job = submitWatched(probe(id, 3, 1_500, 1_000));
        fleet.awaitRecord(id, r -> r.mapsDone() >= 2, Duration.ofSeconds(60));
        Victim worker = awaitVictim(id, false, List.of());
        NetHost coordinator = bed.host("coordinator-a");
        coordinator.dropInbound();
        worker.host().dropOutbound();
        fleet.awaitLog("coordinator-2", "coordinator started");
        JobRecord done = assertExact(job, id);
        int standing = occurrences(fleet.log("coordinator-1"), "standing by");
        coordinator.heal();
        worker.host().heal();
        await().atMost(Duration.ofSeconds(60)).until(() -> occurrences(fleet.log("coordinator-1"), "standing by") > standing);
        await().atMost(Duration.ofSeconds(60)).until(() -> worker.through(fleet.log(worker.name())));
        assertStable(id, done);
    }

    /**
     * A pipeline (a word count, then the top words of its output) under a partition and SIGKILLs: nobody hears the
     * active coordinator (it still hears) in the first step, and the standby carries on; once the cut-off one has
     * healed and stands
     * by, the new active coordinator and a worker running a reduce of the first step are SIGKILLed, and the healed
     * one finishes the pipeline. Both steps' outputs are those of a sequential run, each committed once.
     */
    @Test
    void aPartitionDuringAPipelineStepThenSigkillsOfTheNewCoordinatorAndAWorker() throws Exception {
        fleet(10, "--task-timeout", "5s");
        startFleet(2);
        JobSpec spec = JobSpec.pipeline("pl", List.of(
                new io.warren.protocol.PipelineStep("count", JobSpec.of(null, PROBE, null, List.of("in/*.txt"), "out/pl-count",
                        3, Map.of("mapDelayMillis", "1500", "reduceDelayMillis", "3000"))),
                new io.warren.protocol.PipelineStep("top", JobSpec.of(null, "topcount", null, List.of("@count"), "out/pl-top",
                        1, Map.of()))), false);
        watch = new CommitWatch(storage.resolve("out/pl-count"));
        CompletableFuture<JobUpdate> end = fleet.submit(spec);
        fleet.awaitRecord("pl.count", r -> r.mapsDone() >= 2, Duration.ofSeconds(60));

        NetHost a = bed.host("coordinator-a");
        a.dropOutbound();
        fleet.awaitLog("coordinator-2", "coordinator started");
        int standing = occurrences(fleet.log("coordinator-1"), "standing by");
        a.heal();
        await().atMost(Duration.ofSeconds(60)).until(() -> occurrences(fleet.log("coordinator-1"), "standing by") > standing);

        try (CommitWatch top = new CommitWatch(storage.resolve("out/pl-top"))) {
            Victim worker = awaitVictim("pl.count", true, List.of());
            fleet.kill("coordinator-2");
            fleet.kill(worker.name());
            fleet.startWorkerOn(bed.host("worker-3"));
            fleet.awaitLog("coordinator-1", "pipeline=pl resumed in step 1");

            JobUpdate last = end.get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(last.state()).as("pipeline").isEqualTo(JobState.SUCCEEDED);
            List<String> counts = SequentialReference.run(new Probe(), Map.of(), docs);
            assertThat(SequentialReference.output(storage.resolve("out/pl-count"))).isEqualTo(counts);
            assertThat(java.nio.file.Files.readAllLines(storage.resolve("out/pl-top/mr-out-0")))
                    .containsExactlyElementsOf(PipelineIT.top(counts, 20));
            for (String step : List.of("pl.count", "pl.top")) {
                assertThat(CommitWatch.consistent(fleet.record(step))).as("record of %s", step).isEmpty();
            }
            assertThat(watch.violations()).as("commits of step 1").isEmpty();
            assertThat(top.violations()).as("commits of step 2").isEmpty();
        }
    }

    /**
     * The zombie coordinator: the active coordinator is frozen (SIGSTOP) and cut off mid-job, the standby takes over,
     * the network heals, and the old one wakes (SIGCONT) while the new one is still running the job. It wakes with the
     * job in its memory and its connections looking open until their heartbeats fail, so it may time tasks out, write
     * job state, send tasks, commit or end the job on the storage the new one is using, unless a fence stops it. The
     * job must still succeed with the sequential output, committed once, and its record must stay consistent.
     */
    @Test
    void aCoordinatorFrozenWhileCutOffWakesAfterTheTakeoverAndChangesNothing() throws Exception {
        fleet(16, "--task-timeout", "5s");
        startFleet(2);
        CompletableFuture<JobUpdate> job = submitWatched(probe("zombie", 3, 1_500, 1_000));
        fleet.awaitRecord("zombie", r -> r.mapsDone() >= 2, Duration.ofSeconds(60));
        NetHost a = bed.host("coordinator-a");
        fleet.signal("coordinator-1", "STOP");
        a.cut();
        fleet.awaitLog("coordinator-2", "coordinator started");
        long done = fleet.record("zombie").mapsDone();
        a.heal();
        fleet.awaitRecord("zombie", r -> r.mapsDone() > done, Duration.ofSeconds(60));
        int standing = occurrences(fleet.log("coordinator-1"), "standing by");
        fleet.signal("coordinator-1", "CONT");
        JobRecord record = assertExact(job, "zombie");
        await().atMost(Duration.ofSeconds(60)).until(() -> occurrences(fleet.log("coordinator-1"), "standing by") > standing);
        assertStable("zombie", record);
    }
}
