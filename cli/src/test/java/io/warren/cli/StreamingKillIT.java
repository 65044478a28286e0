package io.warren.cli;

import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.Streaming;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A streaming task's whole process tree dies with its task, on a real fleet: when its job is cancelled, when its
 * worker JVM gets SIGTERM and the shutdown grace runs out, and (killed by the next worker to start on the machine)
 * when its worker is SIGKILLed. The commands report status on stderr every second, so
 * they are alive and making progress (no timeout kills them), and start a child of their own.
 */
class StreamingKillIT {
    @TempDir
    static Path storage;
    static Fleet fleet;

    @BeforeAll
    static void startFleet() throws Exception {
        TextGenerator.write(storage, "in", 1, 20, 3);
        fleet = new Fleet("stream-kill", storage, "--task-timeout", "10s");
        fleet.startCoordinator();
    }

    /** Markers unique to this run, so that no process of another run (or test) is taken for ours. */
    private static final int CANCEL = 100_000 + new java.util.Random().nextInt(400_000);
    private static final int TERM = CANCEL + 1;
    private static final int SIGKILL = CANCEL + 2;

    @AfterAll
    static void stopFleet() {
        if (fleet != null) fleet.close();
        // A failed test may leave its tree behind (the fleet's workers die by SIGKILL, which no child hears of).
        for (int marker : new int[]{CANCEL, TERM, SIGKILL}) {
            processes(".*sleep " + marker).forEach(ProcessHandle::destroyForcibly);
            processes(".*alive-" + marker + ".*").forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** A mapper that never ends: a background {@code sleep <marker>} and a loop reporting status. */
    private static JobSpec endless(String id, int marker) {
        String command = "sh -c 'sleep " + marker + " & while :; do echo reporter:status:alive-" + marker
                + " >&2; sleep 1; done'";
        return JobSpec.of(id, null, null, List.of("in/*.txt"), "out/" + id, 1, Map.of())
                .withStreaming(new Streaming(command, null, null, List.of()));
    }

    /** Live processes of this machine whose command line matches {@code regex}. */
    private static List<ProcessHandle> processes(String regex) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.matches(regex)).orElse(false)).toList();
    }

    /** The mapper's shell and its background sleep, once both run. */
    private static boolean running(int marker) {
        return processes(".*sleep " + marker).size() == 1 && processes(".*alive-" + marker + ".*").size() == 1;
    }

    @Test
    void cancellingTheJobKillsItsRunningProcessTree() throws Exception {
        onlyNewWorker();
        JobSpec spec = endless("kill-cancel", CANCEL);
        CompletableFuture<JobUpdate> end = fleet.submit(spec);
        await().atMost(Duration.ofSeconds(60)).until(() -> running(CANCEL));

        List<ProcessHandle> tree = tree(CANCEL);

        assertThat(cancel(spec.jobId())).isZero();

        assertThat(end.get(60, TimeUnit.SECONDS).state()).isEqualTo(JobState.CANCELLED);
        await().atMost(Duration.ofSeconds(30)).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void aWorkerStoppedWithSigtermKillsItsRunningProcessTreeWhenTheGraceRunsOut() throws Exception {
        String worker = onlyNewWorker("--shutdown-grace", "1s");
        JobSpec spec = endless("kill-term", TERM);
        fleet.submit(spec);
        await().atMost(Duration.ofSeconds(60)).until(() -> running(TERM));

        List<ProcessHandle> tree = tree(TERM);

        fleet.signal(worker, "TERM");

        assertThat(fleet.process(worker).waitFor(60, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(cancel(spec.jobId())).isZero(); // the task went back to the queue; no other test should run it
    }

    @Test
    void theProcessesOfAWorkerKilledWithSigkillAreKilledByTheNextWorkerToStartOnTheMachine() throws Exception {
        String worker = onlyNewWorker();
        JobSpec spec = endless("kill-sigkill", SIGKILL);
        fleet.submit(spec);
        await().atMost(Duration.ofSeconds(60)).until(() -> running(SIGKILL));
        List<ProcessHandle> sleeps = processes(".*sleep " + SIGKILL);
        List<ProcessHandle> tree = tree(SIGKILL);

        fleet.kill(worker);
        // Nobody is left to kill them: the status loop dies at its next write to the dead worker's pipe, but the
        // sleep, which writes nothing, would run for days.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> sleeps.stream().allMatch(ProcessHandle::isAlive));

        fleet.startWorker();

        await().atMost(Duration.ofSeconds(60)).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(cancel(spec.jobId())).isZero(); // the new worker took the task again; no other test should run it
    }

    /** Each test's task runs on a worker of its own: the other test's worker is gone. */
    private static String onlyNewWorker(String... args) throws Exception {
        for (String w : fleet.liveWorkers()) fleet.kill(w);
        return fleet.startWorker(args);
    }

    private static List<ProcessHandle> tree(int marker) {
        List<ProcessHandle> tree = new java.util.ArrayList<>(processes(".*sleep " + marker));
        tree.addAll(processes(".*alive-" + marker + ".*"));
        assertThat(tree).hasSize(2);
        return tree;
    }

    private static int cancel(String jobId) {
        String[] broker = {"--amqp", io.warren.broker.testing.AmqpTestBroker.uri().toString(),
                "--topology-prefix", fleet.topology().prefix()};
        return Main.execute(EndToEndIT.concat(new String[]{"cancel", jobId}, broker));
    }
}
