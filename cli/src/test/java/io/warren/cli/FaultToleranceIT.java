package io.warren.cli;

import io.warren.apps.WordCount;
import io.warren.apps.probe.Probe;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.TaskRecord;
import io.warren.coordinator.domain.TaskRun;
import io.warren.coordinator.domain.TaskState;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.storage.FileNames;
import io.warren.broker.testing.AmqpTestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real faults on real processes: workers and coordinators are separate JVMs, killed with SIGKILL, frozen with
 * SIGSTOP, stopped with SIGTERM, cut off from the broker. Every surviving job's output is compared with a sequential
 * computation; every failed job must say why.
 */
class FaultToleranceIT {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    private static final String PROBE = Probe.class.getName();

    @TempDir
    Path storage;
    private Fleet fleet;
    private Map<String, Path> docs;

    @AfterEach
    void stopFleet() {
        if (fleet != null) fleet.close();
    }

    private Fleet fleet(String... coordinatorArgs) throws IOException {
        docs = TextGenerator.write(storage, "in", 10, 300, 77);
        fleet = new Fleet(getClass().getSimpleName(), storage, coordinatorArgs);
        return fleet;
    }

    private static JobSpec probe(String id, int reduces, Map<String, String> params) {
        return JobSpec.of(id, PROBE, null, List.of("in/*.txt"), "out/" + id, reduces, params);
    }

    private void assertCorrectOutput(String jobId) throws Exception {
        Path out = storage.resolve("out").resolve(jobId);
        assertThat(out.resolve(FileNames.SUCCESS)).exists();
        assertThat(SequentialReference.output(out)).isEqualTo(SequentialReference.run(new Probe(), Map.of(), docs));
    }

    private JobUpdate succeed(CompletableFuture<JobUpdate> job, String jobId) throws Exception {
        JobUpdate end = job.get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(end.state()).as("job %s: %s", jobId, fleet.record(jobId).error()).isEqualTo(JobState.SUCCEEDED);
        assertCorrectOutput(jobId);
        return end;
    }

    private static boolean anyRunning(JobRecord r) {
        return Stream.concat(r.maps().stream(), r.reduces().stream())
                .anyMatch(t -> t.runs().stream().anyMatch(TaskRun::isOpen));
    }

    private static List<String> outputFiles(Path dir) throws IOException {
        if (!Files.exists(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void workersKilledAtRandomMomentsNeverChangeTheOutput() throws Exception {
        fleet("--task-timeout", "5s").startCoordinator().startWorkers(3);
        Random chaos = new Random(2026);
        for (int round = 1; round <= 3; round++) {
            String id = "chaos-" + round;
            Map<String, String> params = new HashMap<>(Map.of("mapDelayMillis", "250", "reduceDelayMillis", "250"));
            if (round == 3) params.put("haltProbability", "0.0005"); // workers also die inside user code
            CompletableFuture<JobUpdate> job = fleet.submit(probe(id, 4, params));
            int kills = 0;
            while (!job.isDone()) {
                Thread.sleep(150 + chaos.nextInt(600)); // a random moment, not a synchronisation
                List<String> live = fleet.liveWorkers();
                if (!live.isEmpty() && !job.isDone()) {
                    fleet.kill(live.get(chaos.nextInt(live.size())));
                    kills++;
                }
                while (fleet.liveWorkers().size() < 3) fleet.startWorker();
            }
            succeed(job, id);
            assertThat(kills).as("round %d killed workers", round).isPositive();
            assertThat(fleet.record(id).counters()).as("counters of round %d, despite re-runs", round)
                    .containsAllEntriesOf(SequentialReference.expectedCounters(new Probe(), Map.of(), docs));
        }
    }

    @Test
    void aFrozenWorkersTaskRunsElsewhereAndItsLateResultIsIgnored() throws Exception {
        fleet("--task-timeout", "3s", "--no-backup-tasks").startCoordinator().startWorkers(2);
        CompletableFuture<JobUpdate> job = fleet.submit(probe("frozen", 2, Map.of("mapDelayMillis", "1500")));
        JobRecord running = fleet.awaitRecord("frozen", FaultToleranceIT::anyRunning, Duration.ofSeconds(30));
        TaskRun victim = running.maps().stream().flatMap(t -> t.runs().stream()).filter(TaskRun::isOpen).findFirst().orElseThrow();
        String frozen = fleet.nameOf(victim.worker());
        fleet.signal(frozen, "STOP");

        succeed(job, "frozen");
        JobRecord done = fleet.record("frozen");
        assertThat(done.maps()).flatMap(TaskRecord::runs).extracting(TaskRun::outcome).contains(TaskRun.Outcome.TIMED_OUT);
        Path out = storage.resolve("out/frozen");
        List<String> before = outputFiles(out);
        Map<String, String> contents = new HashMap<>();
        for (String f : before) contents.put(f, Files.readString(out.resolve(f)));

        fleet.signal(frozen, "CONT");
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.log(frozen).contains("job=frozen")
                && (fleet.log(frozen).contains("abandoned") || fleet.log(frozen).contains("failed:")
                || fleet.log(frozen).contains("dropping")));
        assertThat(outputFiles(out)).isEqualTo(before);
        for (String f : before) assertThat(Files.readString(out.resolve(f))).isEqualTo(contents.get(f));
        assertThat(fleet.layout().intermediateDir("frozen")).doesNotExist();
    }

    @Test
    void userCodeStuckInAnEndlessLoopIsTimedOutAndRunElsewhere() throws Exception {
        fleet("--task-timeout", "3s", "--no-backup-tasks").startCoordinator().startWorkers(2);
        CompletableFuture<JobUpdate> job = fleet.submit(probe("spin", 2,
                Map.of("spinOnceOf", "in/4.txt", "onceDir", storage.resolve("once").toString())));
        succeed(job, "spin");
        TaskRecord map4 = fleet.record("spin").maps().get(4);
        assertThat(map4.runs()).extracting(TaskRun::outcome).containsExactly(TaskRun.Outcome.TIMED_OUT, TaskRun.Outcome.SUCCEEDED);
    }

    @Test
    void aStragglerGetsABackupAttemptAndTheFasterOneWins() throws Exception {
        fleet("--task-timeout", "60s", "--backup-min-runtime", "1s", "--backup-slowness", "2").startCoordinator().startWorkers(3);
        long start = System.nanoTime();
        CompletableFuture<JobUpdate> job = fleet.submit(probe("straggler", 2, Map.of("mapDelayMillis", "200",
                "slowOnceOf", "in/7.txt", "slowMillis", "120000", "onceDir", storage.resolve("once").toString())));
        succeed(job, "straggler");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
        TaskRecord map7 = fleet.record("straggler").maps().get(7);
        assertThat(map7.backups()).isEqualTo(1);
        assertThat(map7.runs()).extracting(TaskRun::outcome).contains(TaskRun.Outcome.SUPERSEDED, TaskRun.Outcome.SUCCEEDED);
        String status = EndToEndIT.captureStdout(() -> Main.execute("status", "straggler", "--storage", storage.toString()));
        assertThat(status).containsPattern("map-7 +SUCCEEDED +2 +1 ");
    }

    @Test
    void failingUserCodeIsRetriedOnOtherWorkersThenFailsOnlyItsJob() throws Exception {
        fleet("--max-attempts", "3").startCoordinator().startWorkers(3);
        CompletableFuture<JobUpdate> bad = fleet.submit(probe("bad", 3, Map.of("failMapOf", "in/3.txt")));
        CompletableFuture<JobUpdate> good = fleet.submit(probe("good", 3, Map.of()));
        assertThat(bad.get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).state()).isEqualTo(JobState.FAILED);
        succeed(good, "good");

        JobRecord record = fleet.record("bad");
        assertThat(record.error()).contains("map-3 failed 3 time(s)").contains("probe failure requested for in/3.txt");
        assertThat(record.errorDetail()).contains("at io.warren.apps.probe.Probe");
        List<String> failedOn = record.maps().get(3).runs().stream()
                .filter(r -> r.outcome() == TaskRun.Outcome.FAILED).map(TaskRun::worker).toList();
        assertThat(failedOn).hasSize(3);
        assertThat(failedOn.stream().distinct().count()).as("retried on other workers").isGreaterThanOrEqualTo(2);
        assertThat(outputFiles(storage.resolve("out/bad"))).noneMatch(f -> f.equals(FileNames.SUCCESS) || FileNames.isOutput(f));
        assertThat(fleet.layout().intermediateDir("bad")).doesNotExist();

        String status = EndToEndIT.captureStdout(() -> Main.execute("status", "bad", "--storage", storage.toString()));
        assertThat(status).contains("FAILED").contains("probe failure requested").contains("at io.warren.apps.probe.Probe");
    }

    @Test
    void aPoisonTaskThatKillsEveryWorkerFailsItsJobAndOtherJobsCarryOn() throws Exception {
        fleet("--max-attempts", "3", "--task-timeout", "5s").startCoordinator().startWorkers(3);
        fleet.superviseWorkers(3);
        CompletableFuture<JobUpdate> poison = fleet.submit(probe("poison", 2, Map.of("haltOf", "in/2.txt")));
        CompletableFuture<JobUpdate> good = fleet.submit(JobSpec.of("innocent", "wordcount", null, List.of("in/*.txt"),
                "out/innocent", 2, Map.of()));
        assertThat(poison.get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).state()).isEqualTo(JobState.FAILED);
        assertThat(fleet.record("poison").error()).contains("poison");
        assertThat(good.get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(SequentialReference.output(storage.resolve("out/innocent")))
                .isEqualTo(SequentialReference.run(new WordCount(), Map.of(), docs));
    }

    @Test
    void aKilledCoordinatorResumesAfterRestartWithoutRerunningFinishedTasks() throws Exception {
        fleet().startCoordinator().startWorkers(2);
        Path runs = storage.resolve("runs");
        CompletableFuture<JobUpdate> job = fleet.submit(probe("resume", 2,
                Map.of("mapDelayMillis", "700", "runsDir", runs.toString())));
        fleet.awaitRecord("resume", r -> r.mapsDone() >= 3, Duration.ofSeconds(60));
        fleet.kill("coordinator-1");
        JobRecord atCrash = fleet.record("resume");
        List<String> finished = atCrash.maps().stream().filter(t -> t.state() == TaskState.SUCCEEDED)
                .map(t -> atCrash.mapInputs().get(t.number()).get(0).path()).toList();
        assertThat(finished).hasSizeGreaterThanOrEqualTo(3);

        fleet.startCoordinator();
        succeed(job, "resume");
        for (String doc : finished) {
            try (Stream<Path> files = Files.list(runs)) {
                String prefix = doc.replaceAll("[^A-Za-z0-9._-]", "_") + ".";
                assertThat(files.filter(p -> p.getFileName().toString().startsWith(prefix)).count())
                        .as("runs of %s, finished before the crash", doc).isEqualTo(1);
            }
        }
    }

    @Test
    void aStandbyCoordinatorTakesOverWithinSecondsWhenTheActiveOneDies() throws Exception {
        fleet().startCoordinator();
        String standby = fleet.startStandbyCoordinator();
        fleet.awaitLog(standby, "standing by");
        fleet.startWorkers(2);
        CompletableFuture<JobUpdate> job = fleet.submit(probe("failover", 2, Map.of("mapDelayMillis", "600")));
        fleet.awaitRecord("failover", r -> r.mapsDone() >= 2, Duration.ofSeconds(60));
        long killed = System.nanoTime();
        fleet.kill("coordinator-1");
        fleet.awaitLog(standby, "coordinator started");
        Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
        assertThat(takeover).isLessThan(Duration.ofSeconds(10));
        // A hot standby: it followed the job's journal while it stood by, and took the job over from that copy.
        fleet.awaitLog(standby, "took over 1 job(s) from the standby's copy; 0 read whole");
        succeed(job, "failover");
    }

    @Test
    void connectionsForceClosedByTheBrokerAreRecoveredAndTheJobCompletes() throws Exception {
        fleet().startCoordinator().startWorkers(2);
        CompletableFuture<JobUpdate> job = fleet.submit(probe("cut", 3, Map.of("mapDelayMillis", "500",
                "reduceDelayMillis", "1500")));
        fleet.awaitRecord("cut", r -> r.mapsDone() >= 2, Duration.ofSeconds(60));
        // coordinator (2: work and lease), 2 workers, this test's client
        assertThat(BrokerAdmin.closeConnections("warren-", 5)).isGreaterThanOrEqualTo(5);
        fleet.awaitRecord("cut", r -> r.mapsDone() >= 6, Duration.ofSeconds(60));
        assertThat(BrokerAdmin.closeConnections("warren-", 5)).isGreaterThanOrEqualTo(5);
        succeed(job, "cut");
    }

    @Test
    void aBrokerRestartMidJobIsSurvived() throws Exception {
        fleet().startCoordinator().startWorkers(2);
        CompletableFuture<JobUpdate> job = fleet.submit(probe("restart", 2, Map.of("mapDelayMillis", "500")));
        fleet.awaitRecord("restart", r -> r.mapsDone() >= 2, Duration.ofSeconds(60));
        BrokerAdmin.rabbitmqctl("stop_app");
        try {
            Thread.sleep(3_000); // the broker stays down for a while: that is the fault under test
        } finally {
            BrokerAdmin.rabbitmqctl("start_app");
        }
        succeed(job, "restart");
    }

    @Test
    void cancelStopsAJobPromptlyAndCleansUp() throws Exception {
        fleet().startCoordinator().startWorkers(2);
        fleet.submit(probe("doomed", 2, Map.of("mapDelayMillis", "20000")));
        fleet.awaitRecord("doomed", FaultToleranceIT::anyRunning, Duration.ofSeconds(30));
        String[] broker = {"--amqp", AmqpTestBroker.uri().toString(), "--topology-prefix", fleet.topology().prefix()};
        long start = System.nanoTime();
        int code = Main.execute(EndToEndIT.concat(new String[]{"cancel", "doomed", "--reason", "test"}, broker));
        assertThat(code).isZero();
        assertThat(fleet.record("doomed").state()).isEqualTo(JobState.CANCELLED);
        assertThat(fleet.layout().intermediateDir("doomed")).doesNotExist();
        assertThat(outputFiles(storage.resolve("out/doomed"))).isEmpty();

        // The workers drop the job's tasks at once: a new job runs without waiting for the 20 s maps.
        succeed(fleet.submit(probe("after", 2, Map.of())), "after");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void sigtermLetsAWorkerFinishItsTaskBeforeExiting() throws Exception {
        fleet().startCoordinator().startWorkers(1);
        CompletableFuture<JobUpdate> job = fleet.submit(probe("term", 1, Map.of("mapDelayMillis", "2000")));
        JobRecord running = fleet.awaitRecord("term", FaultToleranceIT::anyRunning, Duration.ofSeconds(30));
        TaskRecord task = running.maps().stream().filter(t -> t.runs().stream().anyMatch(TaskRun::isOpen)).findFirst().orElseThrow();
        fleet.signal("worker-1", "TERM");
        assertThat(fleet.process("worker-1").waitFor(30, TimeUnit.SECONDS)).isTrue();
        TaskRecord after = fleet.awaitRecord("term", r -> r.maps().get(task.number()).state() == TaskState.SUCCEEDED,
                Duration.ofSeconds(10)).maps().get(task.number());
        assertThat(after.runs()).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(TaskRun.Outcome.SUCCEEDED);
            assertThat(r.worker()).isEqualTo(task.worker());
        });
        fleet.startWorkers(1);
        succeed(job, "term");
    }
}
