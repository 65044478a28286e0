package io.warren.cli;

import io.warren.cli.net.Hosts;
import io.warren.cli.net.NetHost;
import io.warren.cli.net.RabbitHosts;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;

/**
 * The faults of {@link PartitionsBench}, one at a time, at random: a host cut off (a coordinator's, a worker's or a
 * broker node's), a host that hears nothing or that nobody hears, a 2|1 split of the broker cluster with some
 * coordinators and workers on each side, and SIGKILLs of a coordinator, a worker or a broker node. A network fault
 * lasts 15 to 35 s, beyond the AMQP heartbeat and task timeouts, so that takeovers happen; a killed process is started
 * again on its host 3 to 10 s later. Two coordinators run on coordinator-a and coordinator-b, a worker on each of
 * worker-1..3.
 */
final class PartitionChaos implements AutoCloseable {
    private final Fleet fleet;
    private final Hosts bed;
    private final RabbitHosts cluster;
    private final Random random;
    private final Map<String, Integer> applied = new ConcurrentSkipListMap<>();
    /** Host name to the fleet name of the process that runs on it now. */
    private final Map<String, String> running = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private Thread thread;

    PartitionChaos(Fleet fleet, Hosts bed, RabbitHosts cluster, Random random) {
        this.fleet = fleet;
        this.bed = bed;
        this.cluster = cluster;
        this.random = random;
    }

    void startFleet() throws IOException {
        for (String h : List.of("coordinator-a", "coordinator-b", "worker-1", "worker-2", "worker-3")) restart(h);
        fleet.awaitLog(running.get("coordinator-a"), "coordinator started");
    }

    private void restart(String host) throws IOException {
        NetHost h = bed.host(host);
        running.put(host, host.startsWith("coordinator") ? fleet.startCoordinatorOn(h) : fleet.startWorkerOn(h));
    }

    void start() {
        thread = new Thread(this::run, "partition-chaos");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (!stopping) {
                Thread.sleep(3_000 + random.nextInt(5_000)); // a random pause between faults
                fault();
            }
        } catch (InterruptedException e) {
            // stopping
        } catch (IOException | RuntimeException e) {
            System.out.println("chaos stopped: " + e);
        }
    }

    private void fault() throws InterruptedException, IOException {
        List<String> kinds = new ArrayList<>(List.of("cut", "drop-inbound", "drop-outbound", "kill-coordinator", "kill-worker"));
        if (cluster != null) kinds.addAll(List.of("cut-broker-node", "split", "kill-broker-node"));
        String kind = kinds.get(random.nextInt(kinds.size()));
        List<String> processHosts = List.copyOf(running.keySet());
        String host = switch (kind) {
            case "kill-worker" -> "worker-" + (1 + random.nextInt(3));
            case "kill-coordinator" -> random.nextBoolean() ? "coordinator-a" : "coordinator-b";
            default -> processHosts.get(random.nextInt(processHosts.size()));
        };
        int node = cluster == null ? 0 : 1 + random.nextInt(cluster.size());
        applied.merge(kind, 1, Integer::sum);
        System.out.printf("%s fault: %s %s%n", java.time.LocalTime.now().withNano(0), kind,
                kind.contains("broker") ? "node " + node : kind.equals("split") ? "node " + node + " from the others" : host);
        switch (kind) {
            case "cut" -> hold(List.of(bed.host(host)), NetHost::cut);
            case "drop-inbound" -> hold(List.of(bed.host(host)), NetHost::dropInbound);
            case "drop-outbound" -> hold(List.of(bed.host(host)), NetHost::dropOutbound);
            case "cut-broker-node" -> hold(List.of(cluster.host(node)), NetHost::cut);
            case "split" -> split(node);
            case "kill-coordinator", "kill-worker" -> {
                fleet.kill(running.get(host));
                Thread.sleep(3_000 + random.nextInt(7_000)); // down for a while: that is the fault
                restart(host);
            }
            default -> { // kill-broker-node
                cluster.kill(node);
                Thread.sleep(3_000 + random.nextInt(7_000));
                cluster.restart(node);
            }
        }
    }

    /** Node {@code node} and a random part of the processes' hosts on one side; the other nodes and the rest. */
    private void split(int node) throws InterruptedException {
        List<NetHost> minority = new ArrayList<>(List.of(cluster.host(node)));
        List<NetHost> majority = new ArrayList<>();
        for (int n = 1; n <= cluster.size(); n++) if (n != node) majority.add(cluster.host(n));
        for (String h : running.keySet()) (random.nextInt(3) == 0 ? minority : majority).add(bed.host(h));
        bed.split(minority, majority);
        try {
            Thread.sleep(15_000 + random.nextInt(20_000)); // the partition's length is the fault under test
        } finally {
            for (NetHost h : minority) h.heal();
        }
    }

    private void hold(List<NetHost> hosts, java.util.function.Consumer<NetHost> fault) throws InterruptedException {
        hosts.forEach(fault);
        try {
            Thread.sleep(15_000 + random.nextInt(20_000)); // the partition's length is the fault under test
        } finally {
            hosts.forEach(NetHost::heal);
        }
    }

    /** Ends the chaos: heals every host and brings back every process and node that is down. */
    void stopAndHeal() throws InterruptedException, IOException {
        if (stopping) return;
        stopping = true;
        if (thread != null) {
            thread.interrupt();
            thread.join(120_000);
        }
        for (NetHost h : bed.hosts()) if (!h.fault().equals("none")) h.heal();
        if (cluster != null) for (int n = 1; n <= cluster.size(); n++) if (!cluster.isRunning(n)) cluster.restart(n);
        for (var e : Map.copyOf(running).entrySet()) if (!fleet.process(e.getValue()).isAlive()) restart(e.getKey());
    }

    /** The faults applied, by kind: "cut 3, kill-worker 2, ...". */
    String applied() {
        return applied.isEmpty() ? "none" : applied.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")) + " (" + applied.values().stream().mapToInt(i -> i).sum() + " in all)";
    }

    @Override
    public void close() throws InterruptedException, IOException {
        stopAndHeal();
    }
}
