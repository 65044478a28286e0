package io.warren.cli;

import io.warren.apps.Indexer;
import io.warren.apps.WordCount;
import io.warren.apps.probe.Probe;
import io.warren.broker.rabbit.QueueType;
import io.warren.broker.testing.AmqpTestBroker;
import io.warren.cli.net.Hosts;
import io.warren.cli.net.NetHost;
import io.warren.cli.net.RabbitHosts;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.pipeline.PipelineRecord;
import io.warren.coordinator.storage.FilePipelineStore;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.PipelineStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The randomized partition run behind {@code bench/partitions.sh MINUTES}, not a CI test (its name does not end in
 * IT): for MINUTES, a stream of mixed jobs (a word count with slow tasks, the indexer, a streaming word count in
 * Python, a two-step pipeline), two at a time, on two coordinators and three workers each on a host of its own and,
 * with {@code warren.partitions.cluster}, a three-node RabbitMQ cluster on three more hosts with quorum queues; all the
 * while {@link PartitionChaos} cuts, splits, heals and SIGKILLs them at random. Every job's output is compared with a
 * sequential run, watched for a second commit ({@link CommitWatch}), and its record checked after the heal. Prints
 * the jobs run, the faults applied, and the wrong outputs, failed and lost jobs, which must all be 0.
 * Properties: warren.partitions.minutes (2), .cluster (true), .seed (random), .report (a file for the summary).
 */
class PartitionsBench {
    @TempDir
    Path storage;
    private final Map<String, String> outcomes = new ConcurrentSkipListMap<>();

    /** A job of the stream: its id, what it submits, and how its output is checked. */
    private record Submitted(String id, String kind, long startNanos, List<CommitWatch> watches) {
    }

    @Test
    void mixedJobsUnderRandomPartitionsHealsAndKills() throws Exception {
        double minutes = Double.parseDouble(System.getProperty("warren.partitions.minutes", "2"));
        boolean onCluster = Boolean.parseBoolean(System.getProperty("warren.partitions.cluster", "true"));
        long seed = Long.getLong("warren.partitions.seed", System.nanoTime() % 100_000);
        Map<String, Path> docs = TextGenerator.write(storage, "in", 8, 200, seed);
        List<String> names = new ArrayList<>(List.of("coordinator-a", "coordinator-b", "worker-1", "worker-2", "worker-3"));
        if (onCluster) names.addAll(List.of("rabbit-1", "rabbit-2", "rabbit-3"));
        try (Hosts bed = Hosts.create(names.toArray(String[]::new));
             RabbitHosts cluster = onCluster ? RabbitHosts.start(bed, List.of(bed.host("rabbit-1"), bed.host("rabbit-2"),
                     bed.host("rabbit-3"))) : null) {
            String[] args = {"--task-timeout", "10s"};
            Fleet fleet;
            if (cluster != null) {
                fleet = new Fleet(cluster.uri(), QueueType.QUORUM, "partitions", storage, args);
            } else {
                bed.forward(5930, AmqpTestBroker.uri().getPort() < 0 ? 5672 : AmqpTestBroker.uri().getPort());
                fleet = new Fleet("partitions", storage, args);
            }
            try (fleet; PartitionChaos chaos = new PartitionChaos(fleet.onHosts(bed), bed, cluster, new Random(seed))) {
                chaos.startFleet();
                Map<String, List<String>> expected = expected(docs);
                List<Submitted> running = new ArrayList<>();
                List<Submitted> all = new ArrayList<>();
                long end = System.nanoTime() + (long) (minutes * 60e9);
                String[] kinds = {"wordcount", "indexer", "streaming", "pipeline"};
                chaos.start();
                int n = 0;
                while (System.nanoTime() < end || !running.isEmpty()) {
                    if (System.nanoTime() < end && running.size() < 2) {
                        String kind = kinds[n % kinds.length];
                        Submitted s = submit(fleet, kind + "-" + (++n), kind);
                        running.add(s);
                        all.add(s);
                    }
                    if (System.nanoTime() > end + Duration.ofMinutes(6).toNanos()) break; // the rest are lost
                    if (System.nanoTime() >= end) chaos.stopAndHeal();
                    running.removeIf(s -> finished(fleet, s, expected));
                    Thread.sleep(250); // the pace of the job stream, not a synchronisation
                }
                chaos.stopAndHeal();
                for (Submitted s : running) outcomes.put(s.id(), "LOST: no end within 6 minutes after the chaos");
                recheckAfterHeal(fleet, all);
                report(minutes, seed, onCluster, all.size(), chaos);
            }
        }
        assertThat(outcomes.values()).as("every job's outcome").allMatch(o -> o.startsWith("ok"));
    }

    private Submitted submit(Fleet fleet, String id, String kind) {
        List<CommitWatch> watches = new ArrayList<>();
        JobSpec spec = switch (kind) {
            case "wordcount" -> JobSpec.of(id, Probe.class.getName(), null, List.of("in/*.txt"), "out/" + id, 3,
                    Map.of("mapDelayMillis", "800", "reduceDelayMillis", "800"));
            case "indexer" -> JobSpec.of(id, "indexer", null, List.of("in/*.txt"), "out/" + id, 2, Map.of());
            case "streaming" -> JobSpec.of(id, null, null, List.of("in/*.txt"), "out/" + id, 2, Map.of())
                    .withStreaming(StreamingJobs.pythonWordCount());
            default -> JobSpec.pipeline(id, List.of(
                    new PipelineStep("count", JobSpec.of(null, "wordcount", null, List.of("in/*.txt"), "out/" + id + "-count",
                            3, Map.of())),
                    new PipelineStep("top", JobSpec.of(null, "topcount", null, List.of("@count"), "out/" + id + "-top",
                            1, Map.of()))), false);
        };
        for (String out : kind.equals("pipeline") ? List.of(id + "-count", id + "-top") : List.of(id)) {
            watches.add(new CommitWatch(storage.resolve("out").resolve(out)));
        }
        // The broker may be partitioned or a node down at this moment: a client retries, as this one does.
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions().until(() -> fleet.submit(spec) != null);
        return new Submitted(id, kind, System.nanoTime(), watches);
    }

    /** Whether the job has ended; if so, its outcome is recorded: ok, or what is wrong. */
    private boolean finished(Fleet fleet, Submitted s, Map<String, List<String>> expected) {
        try {
            JobState state;
            String error;
            if (s.kind().equals("pipeline")) {
                PipelineRecord p = new FilePipelineStore(fleet.layout()).load(s.id()).orElse(null);
                if (p == null || !p.state().isTerminal()) return false;
                state = p.state().asJobState();
                error = p.error();
            } else {
                JobRecord r = new io.warren.coordinator.storage.FileJobStore(fleet.layout()).load(s.id()).orElse(null);
                if (r == null || !r.state().isTerminal()) return false;
                state = r.state();
                error = r.error();
            }
            String seconds = String.format("%.0f s", (System.nanoTime() - s.startNanos()) / 1e9);
            if (state != JobState.SUCCEEDED) {
                outcomes.put(s.id(), "FAILED after " + seconds + ": " + error);
            } else {
                List<String> wrong = wrongOutput(fleet, s, expected);
                outcomes.put(s.id(), wrong.isEmpty() ? "ok, " + seconds : "WRONG: " + wrong);
            }
            System.out.printf("%s %s: %s%n", java.time.LocalTime.now().withNano(0), s.id(), outcomes.get(s.id()));
            return true;
        } catch (Exception e) {
            return false; // a record being written: look again
        }
    }

    private List<String> wrongOutput(Fleet fleet, Submitted s, Map<String, List<String>> expected) throws Exception {
        List<String> wrong = new ArrayList<>();
        Path out = storage.resolve("out");
        if (s.kind().equals("pipeline")) {
            if (!SequentialReference.output(out.resolve(s.id() + "-count")).equals(expected.get("count"))) wrong.add("count output");
            if (!Files.readAllLines(out.resolve(s.id() + "-top/mr-out-0")).equals(expected.get("top"))) wrong.add("top output");
            for (String step : List.of(".count", ".top")) wrong.addAll(CommitWatch.consistent(fleet.record(s.id() + step)));
        } else {
            List<String> lines = SequentialReference.output(out.resolve(s.id()));
            if (s.kind().equals("streaming")) lines = lines.stream().map(l -> l.replace('\t', ' ')).sorted().toList();
            if (!lines.equals(expected.get(s.kind()))) wrong.add("output differs from the sequential run");
            wrong.addAll(CommitWatch.consistent(fleet.record(s.id())));
        }
        for (CommitWatch w : s.watches()) wrong.addAll(w.violations());
        return wrong;
    }

    /** After the heal: no output changed, no record of a finished job changed. */
    private void recheckAfterHeal(Fleet fleet, List<Submitted> all) throws Exception {
        Map<String, JobRecord> before = new TreeMap<>();
        for (Submitted s : all) for (String id : jobIds(s)) {
            new io.warren.coordinator.storage.FileJobStore(fleet.layout()).load(id).ifPresent(r -> before.put(id, r));
        }
        Thread.sleep(15_000); // a quiet time after the heal, for a stale process to do harm if it would
        for (Submitted s : all) {
            for (String id : jobIds(s)) {
                JobRecord now = new io.warren.coordinator.storage.FileJobStore(fleet.layout()).load(id).orElse(null);
                if (before.containsKey(id) && !before.get(id).equals(now)) {
                    outcomes.merge(s.id(), "WRONG: record of " + id + " changed after the heal", (a, b) -> b + "; " + a);
                }
            }
            for (CommitWatch w : s.watches()) {
                List<String> v = w.violations();
                if (!v.isEmpty()) outcomes.merge(s.id(), "WRONG: " + v, (a, b) -> b + "; " + a);
                w.close();
            }
        }
    }

    private static List<String> jobIds(Submitted s) {
        return s.kind().equals("pipeline") ? List.of(s.id() + ".count", s.id() + ".top") : List.of(s.id());
    }

    private static Map<String, List<String>> expected(Map<String, Path> docs) throws Exception {
        List<String> counts = SequentialReference.run(new WordCount(), Map.of(), docs);
        return Map.of("wordcount", SequentialReference.run(new Probe(), Map.of(), docs), "count", counts, "indexer", SequentialReference.run(new Indexer(), Map.of(), docs),
                "streaming", StreamingJobs.expectedWordCount(docs), "top", PipelineIT.top(counts, 20));
    }

    private void report(double minutes, long seed, boolean onCluster, int jobs, PartitionChaos chaos) throws Exception {
        long wrong = outcomes.values().stream().filter(o -> o.startsWith("WRONG")).count();
        long failed = outcomes.values().stream().filter(o -> o.startsWith("FAILED")).count();
        long lost = outcomes.values().stream().filter(o -> o.startsWith("LOST")).count() + (jobs - outcomes.size());
        StringBuilder r = new StringBuilder(String.format("partitions: %.1f minutes, seed %d, broker %s, load %s%n",
                minutes, seed, onCluster ? "3 RabbitMQ nodes on hosts (quorum queues)" : "this machine's, forwarded",
                Files.readString(Path.of("/proc/loadavg")).strip()));
        outcomes.forEach((id, o) -> r.append("  ").append(id).append(": ").append(o).append('\n'));
        r.append(String.format("jobs run: %d; faults: %s; wrong outputs: %d, failed jobs: %d, lost jobs: %d%n",
                jobs, chaos.applied(), wrong, failed, lost));
        System.out.print(r);
        String file = System.getProperty("warren.partitions.report");
        if (file != null) Files.writeString(Path.of(file), r);
    }
}
