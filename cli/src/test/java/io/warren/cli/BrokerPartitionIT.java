package io.warren.cli;

import io.warren.apps.probe.Probe;
import io.warren.broker.rabbit.QueueType;
import io.warren.cli.net.Hosts;
import io.warren.cli.net.NetHost;
import io.warren.cli.net.RabbitHosts;
import io.warren.coordinator.domain.JobRecord;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.storage.FileNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Partitions of the RabbitMQ cluster itself: three nodes, each on a host of its own ({@link RabbitHosts}), quorum
 * queues, and the coordinators and workers on hosts of their own listing all three nodes. A node cut off from the
 * other two pauses (pause_minority) while the majority carries on, and rejoins when healed; a 2|1 split that leaves the
 * active coordinator and a worker with the minority node hands the job to the standby and the worker on the majority
 * side. Every job's output is compared with a sequential run, committed once, and its record stays consistent after
 * the heal. One cluster serves both tests.
 */
class BrokerPartitionIT {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);
    private static Hosts bed;
    private static RabbitHosts cluster;

    @TempDir
    Path storage;
    private Fleet fleet;
    private Map<String, Path> docs;
    private CommitWatch watch;

    @BeforeAll
    static void startCluster() {
        bed = Hosts.create("rabbit-1", "rabbit-2", "rabbit-3", "coordinator-a", "coordinator-b", "worker-1", "worker-2");
        cluster = RabbitHosts.start(bed, List.of(bed.host("rabbit-1"), bed.host("rabbit-2"), bed.host("rabbit-3")));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) cluster.close();
        if (bed != null) bed.close();
    }

    @BeforeEach
    void allHealed() {
        for (NetHost h : bed.hosts()) if (!h.fault().equals("none")) h.heal();
        cluster.awaitRunning(cluster.size());
    }

    @AfterEach
    void stopFleet() {
        if (watch != null) watch.close();
        allHealed(); // deleting the test's quorum queues waits for their members
        if (fleet != null) fleet.close();
    }

    /** Active coordinator on coordinator-a, a standby on coordinator-b, a worker on each worker host; a job running. */
    private String startJob(String id) throws Exception {
        docs = TextGenerator.write(storage, "in", 12, 200, 3131);
        fleet = new Fleet(cluster.uri(), QueueType.QUORUM, getClass().getSimpleName(), storage, "--task-timeout", "5s")
                .onHosts(bed);
        fleet.awaitLog(fleet.startCoordinatorOn(bed.host("coordinator-a")), "coordinator started");
        fleet.awaitLog(fleet.startCoordinatorOn(bed.host("coordinator-b")), "standing by");
        fleet.startWorkerOn(bed.host("worker-1"));
        fleet.startWorkerOn(bed.host("worker-2"));
        watch = new CommitWatch(storage.resolve("out").resolve(id));
        fleet.submit(JobSpec.of(id, Probe.class.getName(), null, List.of("in/*.txt"), "out/" + id, 3,
                Map.of("mapDelayMillis", "1500", "reduceDelayMillis", "1000")));
        fleet.awaitRecord(id, r -> r.mapsDone() >= 2, Duration.ofSeconds(90));
        return id;
    }

    /**
     * Waits for the job's end through its record (the test's own connection may be on a cut node); then the output,
     * the commits and the record as they must be, and, after the heal, nothing changes.
     */
    private void assertExactAndStable(String id) throws Exception {
        JobRecord done = fleet.awaitRecord(id, r -> r.state().isTerminal(), JOB_TIMEOUT);
        assertThat(done.state()).as("job %s: %s", id, done.error()).isEqualTo(JobState.SUCCEEDED);
        Path out = storage.resolve("out").resolve(id);
        assertThat(SequentialReference.output(out)).isEqualTo(SequentialReference.run(new Probe(), Map.of(), docs));
        assertThat(CommitWatch.consistent(done)).as("record of %s", id).isEmpty();
        allHealed();
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> fleet.record(id).equals(done) && watch.violations().isEmpty());
        assertThat(watch.violations()).as("commits of %s", id).isEmpty();
        assertThat(watch.committed()).contains(FileNames.SUCCESS).hasSize(done.reduces().size() + 1);
    }

    @Test
    void theNodeHostingTheQueueLeadersIsolatedFromTheOtherTwoMidJob() throws Exception {
        String id = startJob("node-isolated");
        int leader = cluster.leaderOf(fleet.topology().tasksQueue(), 1);
        cluster.host(leader).cut();
        int other = leader % cluster.size() + 1;
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                .until(() -> cluster.leaderOf(fleet.topology().tasksQueue(), other) != leader);
        assertExactAndStable(id);
    }

    @Test
    void aTwoOneSplitLeavesTheActiveCoordinatorAndAWorkerWithTheMinorityNode() throws Exception {
        String id = startJob("split");
        List<NetHost> minority = List.of(bed.host("rabbit-3"), bed.host("coordinator-a"), bed.host("worker-1"));
        List<NetHost> majority = List.of(bed.host("rabbit-1"), bed.host("rabbit-2"), bed.host("coordinator-b"),
                bed.host("worker-2"));
        // Counted before the split: the cut-off coordinator may already stand by again when the job is checked.
        int standing = fleet.log("coordinator-1").split("standing by", -1).length;
        bed.split(minority, majority);
        fleet.awaitLog("coordinator-2", "coordinator started");
        assertExactAndStable(id);
        await().atMost(Duration.ofSeconds(90))
                .until(() -> fleet.log("coordinator-1").split("standing by", -1).length > standing);
    }
}
