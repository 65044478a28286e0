package io.warren.cli;

import io.warren.apps.probe.Probe;
import io.warren.broker.rabbit.QueueType;
import io.warren.broker.testing.RabbitCluster;
import io.warren.coordinator.domain.JobRecord;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.storage.FileNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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
 * Warren on a real three-node RabbitMQ cluster ({@link RabbitCluster}, started once for these tests on ports of its
 * own), with quorum queues and every process given all three nodes: coordinators and workers are separate JVMs, broker
 * nodes are SIGKILLed or restarted in the middle of a job, and every job's output is compared with a sequential run.
 */
class BrokerClusterIT {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(8);
    private static final String PROBE = Probe.class.getName();
    private static RabbitCluster cluster;

    @TempDir
    Path storage;
    private Fleet fleet;
    private Map<String, Path> docs;

    @BeforeAll
    static void startCluster() {
        cluster = RabbitCluster.shared();
    }

    /** Every test starts with all three nodes running, whatever the one before it did. */
    @BeforeEach
    void allNodesUp() {
        for (int n = 1; n <= RabbitCluster.NODES; n++) if (!cluster.isUp(n)) cluster.restart(n);
        cluster.awaitRunning(RabbitCluster.NODES);
    }

    /** All nodes up again first: deleting the test's quorum queues waits for their members. */
    @AfterEach
    void stopFleet() {
        allNodesUp();
        if (fleet != null) fleet.close();
    }

    private Fleet fleet(String name, int files) throws Exception {
        docs = TextGenerator.write(storage, "in", files, 300, 1313);
        fleet = new Fleet(cluster.uri(), QueueType.QUORUM, name, storage, "--task-timeout", "10s");
        return fleet;
    }

    private static JobSpec slowJob(String id, long mapDelayMillis) {
        return JobSpec.of(id, PROBE, null, List.of("in/*.txt"), "out/" + id, 3,
                Map.of("mapDelayMillis", Long.toString(mapDelayMillis), "reduceDelayMillis", "500"));
    }

    private void assertSucceededWithExactOutput(CompletableFuture<JobUpdate> job, String jobId) throws Exception {
        JobUpdate end = job.get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        fleet.awaitRecord(jobId, r -> r.state().isTerminal(), Duration.ofSeconds(30));
        assertThat(end.state()).as("job %s: %s", jobId, fleet.record(jobId).error()).isEqualTo(JobState.SUCCEEDED);
        Path out = storage.resolve("out").resolve(jobId);
        assertThat(out.resolve(FileNames.SUCCESS)).exists();
        assertThat(SequentialReference.output(out)).isEqualTo(SequentialReference.run(new Probe(), Map.of(), docs));
        assertThat(fleet.record(jobId).counters())
                .containsAllEntriesOf(SequentialReference.expectedCounters(new Probe(), Map.of(), docs));
        assertThat(fleet.client().takeDeadLetters(10)).as("dead letters").isEmpty();
    }

    private void awaitSomeMapsDone(String jobId, int maps) {
        fleet.awaitRecord(jobId, r -> r.maps().stream().filter(t -> t.state().name().equals("SUCCEEDED")).count() >= maps,
                Duration.ofSeconds(90));
    }

    @Test
    void theNodeHostingTheQueueLeadersIsKilledMidJobAndTheJobFinishesWithNothingLost() throws Exception {
        fleet("ClusterLeaderKill", 12);
        // The fleet's client declared the queues, so their leaders are on its node, all of them.
        int leader = cluster.leaderOf(fleet.topology().tasksQueue());
        assertThat(List.of(fleet.topology().jobsQueue(), fleet.topology().eventsQueue(), fleet.topology().controlQueue()))
                .allSatisfy(q -> assertThat(cluster.leaderOf(q)).isEqualTo(leader));
        fleet.startCoordinator();
        fleet.startStandbyCoordinator();
        fleet.startWorkers(2);

        CompletableFuture<JobUpdate> job = fleet.submit(slowJob("leaders", 2_000));
        awaitSomeMapsDone("leaders", 2);
        cluster.kill(leader);
        assertThat(fleet.record("leaders").state()).as("killed in the map phase").isEqualTo(JobState.MAPPING);

        // While the queues elect new leaders, a surviving node may not list them for a moment: not yet, not an error.
        await().atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(IllegalStateException.class)
                .until(() -> cluster.leaderOf(fleet.topology().tasksQueue()) != leader);
        assertSucceededWithExactOutput(job, "leaders");
        assertThat(fleet.allLogs()).contains("is now the active coordinator");
    }

    @Test
    void aSubmissionPublishedWhileTheNodeHoldingTheCoordinatorLockIsDownIsNotLost() throws Exception {
        fleet("ClusterLockNodeDown", 6);
        fleet.startCoordinator();
        fleet.startStandbyCoordinator();
        fleet.startWorkers(2);
        int lockNode = cluster.nodeOf(fleet.topology().coordinatorLockQueue());

        cluster.kill(lockNode);
        // The lease died with its node; a coordinator takes it on a node that is left.
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> cluster.nodeOf(fleet.topology().coordinatorLockQueue()) != lockNode);
        CompletableFuture<JobUpdate> job = fleet.submit(slowJob("while-down", 200));
        JobRecord running = fleet.awaitRecord("while-down", r -> true, Duration.ofSeconds(60));
        assertThat(running.spec().jobId()).isEqualTo("while-down");
        cluster.restart(lockNode);
        cluster.awaitRunning(RabbitCluster.NODES);

        assertSucceededWithExactOutput(job, "while-down");
    }

    @Test
    void aRollingRestartOfAllThreeNodesDuringOneJob() throws Exception {
        fleet("ClusterRollingRestart", 40);
        fleet.startCoordinator();
        fleet.startStandbyCoordinator();
        // One worker while the nodes restart, so that the job outlasts the restart on a slow machine too (40 maps of
        // 4 s: over 2.5 minutes); more once it is over, so that the test does not wait for that. Each time the node
        // of the coordinator lock goes, the coordinator that takes the lock resumes the job and sends its waiting
        // tasks again (it cannot know which ones reached the queue), so some maps run twice: harmless duplicates.
        fleet.startWorkers(1);

        CompletableFuture<JobUpdate> job = fleet.submit(slowJob("rolling", 4_000));
        awaitSomeMapsDone("rolling", 1);
        for (int n = 1; n <= RabbitCluster.NODES; n++) {
            int node = n;
            // As an operator would: never stop a node while a quorum queue needs it for its majority.
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> cluster.quorumSafeToStop(node));
            cluster.stop(n);
            cluster.restart(n);
            cluster.awaitRunning(RabbitCluster.NODES);
        }
        assertThat(fleet.record("rolling").state()).as("the job ran through the whole restart")
                .isEqualTo(JobState.MAPPING);
        fleet.startWorkers(3);
        assertSucceededWithExactOutput(job, "rolling");
    }
}
