package io.warren.cli;

import io.warren.broker.testing.AmqpTestBroker;
import io.warren.cli.net.Hosts;
import io.warren.cli.net.NetHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How long a standby takes to take over once the active coordinator is cut off, with every setting at its default;
 * not a CI test (its name does not end in IT): {@code ./mvnw verify -pl cli -Dit.test=TakeoverBench
 * -Dtest=skip -Dsurefire.failIfNoSpecifiedTests=false [-Dwarren.takeover.rounds=5]}. Two coordinators on two hosts of
 * a test bed, a worker on a third running a job of slow tasks; each round cuts the active coordinator's host off and
 * times the moment the standby says it coordinates, then heals and waits for the cut-off one to stand by, so the next
 * round cuts the other. Prints each round, the median and the load.
 */
class TakeoverBench {
    @TempDir
    Path storage;

    @Test
    void takeoverAfterTheActiveCoordinatorIsCutOff() throws Exception {
        int rounds = Integer.getInteger("warren.takeover.rounds", 5);
        TextGenerator.write(storage, "in", 200, 5, 7); // a map task per file (Splitter), 1 s each
        try (Hosts bed = Hosts.create("coordinator-a", "coordinator-b", "worker-1")) {
            bed.forward(5930, AmqpTestBroker.uri().getPort() < 0 ? 5672 : AmqpTestBroker.uri().getPort());
            try (Fleet fleet = new Fleet("takeover", storage).onHosts(bed)) {
                List<String> coordinators = List.of(fleet.startCoordinatorOn(bed.host("coordinator-a")),
                        fleet.startCoordinatorOn(bed.host("coordinator-b")));
                fleet.awaitLog(coordinators.get(0), "coordinator started");
                fleet.startWorkerOn(bed.host("worker-1"));
                fleet.submit(io.warren.protocol.JobSpec.of("slow", io.warren.apps.probe.Probe.class.getName(), null,
                        List.of("in/*.txt"), "out/slow", 2, java.util.Map.of("mapDelayMillis", "1000")));
                List<Double> seconds = new ArrayList<>();
                int active = 0;
                for (int round = 1; round <= rounds; round++) {
                    String standby = coordinators.get(1 - active);
                    int starts = count(fleet.log(standby), "coordinator started");
                    NetHost host = fleet.hostOf(coordinators.get(active));
                    long cut = System.nanoTime();
                    host.cut();
                    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                            .until(() -> count(fleet.log(standby), "coordinator started") > starts);
                    seconds.add((System.nanoTime() - cut) / 1e9);
                    System.out.printf("round %d: %s took over %.1f s after %s was cut off (load %s)%n", round, standby,
                            seconds.get(seconds.size() - 1), host.name(), load());
                    String old = coordinators.get(active);
                    int standing = count(fleet.log(old), "standing by");
                    host.heal();
                    await().atMost(Duration.ofMinutes(2)).until(() -> count(fleet.log(old), "standing by") > standing);
                    active = 1 - active;
                }
                List<Double> sorted = seconds.stream().sorted().toList();
                System.out.printf("takeover after a cut, default settings: median %.1f s, max %.1f s over %d rounds"
                        + " (load %s)%n", sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), rounds, load());
                assertThat(sorted).isNotEmpty();
            }
        }
    }

    private static int count(String text, String line) {
        return text.split(java.util.regex.Pattern.quote(line), -1).length - 1;
    }

    private static String load() throws java.io.IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }
}
