package io.warren.cli.net;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * A RabbitMQ cluster whose nodes run each on a host of a {@link Hosts} test bed, so that partitions of the broker
 * cluster itself are real: a node whose host is cut off, or a split of the test bed, leaves the nodes unable to reach
 * each other. Each node is the installed {@code rabbitmq-server} run as the {@code rabbitmq} user (it shares that
 * user's Erlang cookie), named {@code rabbit@<namespace>}, with its own epmd in its namespace (listening on every
 * address there, not on 127.0.0.1 only as Debian's {@code rabbitmq-env.conf} asks: the node's own env file replaces
 * that one), AMQP on port {@value #AMQP_PORT} of its host's address, Erlang distribution on {@value #DIST_PORT}, a
 * short {@code net_ticktime} so that nodes notice a partition within seconds, and {@code pause_minority}, so that
 * a node cut off from the majority pauses and rejoins when healed. Clients log in as {@value #USER}: Warren refuses
 * the guest account anywhere but on localhost.
 */
public final class RabbitHosts implements AutoCloseable {
    public static final int AMQP_PORT = 5931;
    static final int DIST_PORT = 25931;
    public static final String USER = "warren";
    private static final String PASSWORD = "partition-test";
    private static final Duration NODE_START = Duration.ofSeconds(180);

    private final List<NetHost> nodes;
    private final String dir;
    private final String home;

    private RabbitHosts(List<NetHost> nodes, String dir, String home) {
        this.nodes = nodes;
        this.dir = dir;
        this.home = home;
    }

    /** Starts a node on each of these hosts of the test bed and clusters them; returns once all run together. */
    public static RabbitHosts start(Hosts bed, List<NetHost> hosts) {
        String home = Shell.run("getent", "passwd", "rabbitmq").split(":")[5].strip();
        String dir = Shell.run(Shell.tool("runuser"), "-u", "rabbitmq", "--", "mktemp", "-d", "-t",
                "warren-testbed-rabbit-XXXXXX").strip();
        RabbitHosts cluster = new RabbitHosts(List.copyOf(hosts), dir, home);
        try {
            for (NetHost h : hosts) bed.loopbackLocalhost(h);
            for (int n = 1; n <= hosts.size(); n++) cluster.startNode(n);
            for (int n = 1; n <= hosts.size(); n++) cluster.awaitNode(n);
            for (int n = 2; n <= hosts.size(); n++) {
                cluster.ctl(n, "stop_app");
                cluster.ctl(n, "join_cluster", cluster.node(1));
                cluster.ctl(n, "start_app");
            }
            cluster.awaitRunning(hosts.size());
            cluster.ctl(1, "add_user", USER, PASSWORD);
            cluster.ctl(1, "set_permissions", "-p", "/", USER, ".*", ".*", ".*");
            return cluster;
        } catch (RuntimeException | AssertionError e) {
            String logs = cluster.logTails();
            cluster.close();
            throw new AssertionError("could not start RabbitMQ nodes on the test bed's hosts (they need"
                    + " rabbitmq-server installed, and root): " + e.getMessage() + "\n" + logs, e);
        }
    }

    private void startNode(int n) {
        String d = dir + "/" + n;
        NetHost h = nodes.get(n - 1);
        asRabbitmq(null, List.of("sh", "-c", "mkdir -p " + d + " && printf 'listeners.tcp.default = " + AMQP_PORT
                + "\\nloopback_users = none\\ncluster_partition_handling = pause_minority\\nnet_ticktime = 10\\n' > "
                + d + "/rabbitmq.conf && echo '[].' > " + d + "/plugins && printf 'NODENAME=" + node(n) + "\\n' > "
                + d + "/rabbitmq-env.conf"));
        // The host's epmd first, on every address: a rabbitmqctl run before the node would otherwise start one that
        // Debian's rabbitmq-env.conf pins to 127.0.0.1, where the node cannot register under its host's name.
        asRabbitmq(h, List.of("env", "-u", "ERL_EPMD_ADDRESS", "/usr/lib/erlang/bin/epmd", "-daemon"));
        asRabbitmq(h, List.of("env", "-u", "ERL_EPMD_ADDRESS", "RABBITMQ_CONF_ENV_FILE=" + d + "/rabbitmq-env.conf",
                "RABBITMQ_NODENAME=" + node(n), "RABBITMQ_CONFIG_FILE=" + d + "/rabbitmq.conf",
                "RABBITMQ_DIST_PORT=" + DIST_PORT, "RABBITMQ_MNESIA_BASE=" + d + "/mnesia", "RABBITMQ_LOG_BASE=" + d + "/log",
                "RABBITMQ_ENABLED_PLUGINS_FILE=" + d + "/plugins", "ERL_CRASH_DUMP=" + d + "/erl_crash.dump",
                "/usr/lib/rabbitmq/bin/rabbitmq-server", "-detached"));
    }

    /** The last lines of every node's log, to say why a node did not start. */
    private String logTails() {
        String out = Shell.tryRun(List.of("sh", "-c", "tail -n 15 " + dir + "/*/log/*.log 2>/dev/null | cut -c1-300;"
                + " grep -H -m 1 Slogan " + dir + "/*/erl_crash.dump 2>/dev/null | cut -c1-400"));
        return out == null ? "(no node logs)" : out;
    }

    /**
     * Waits until node n has booted. A node whose Erlang VM died while booting (seen on a very loaded machine, where
     * the boot's own deadlines pass) is started again.
     */
    private void awaitNode(int n) {
        await().atMost(NODE_START).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            if (!vmRuns(n)) {
                System.out.println(node(n) + " died while booting: " + logTails().lines()
                        .filter(l -> l.contains("Slogan") || l.contains("error")).limit(3).toList() + "; starting it again");
                startNode(n);
            }
            return tryCtl(n, "-q", "await_startup") != null;
        });
    }

    /** Whether node n's Erlang VM (beam) runs on its host: epmd alone stays after a VM died. */
    private boolean vmRuns(int n) {
        for (long pid : nodes.get(n - 1).pids()) {
            try {
                if (java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "comm")).startsWith("beam")) {
                    return true;
                }
            } catch (java.io.IOException e) {
                // gone meanwhile
            }
        }
        return false;
    }

    /** rabbit@namespace of node n, 1 to the number of nodes. */
    public String node(int n) {
        return "rabbit@" + nodes.get(n - 1).namespace();
    }

    public NetHost host(int n) {
        return nodes.get(n - 1);
    }

    public int size() {
        return nodes.size();
    }

    /** Every node, as clients on the test bed (or on this machine, through the bridge) reach them. */
    public URI uri() {
        return URI.create("amqp://" + USER + ":" + PASSWORD + "@" + nodes.stream()
                .map(h -> h.address() + ":" + AMQP_PORT).collect(Collectors.joining(",")));
    }

    /** Waits until {@code count} nodes run in the cluster, as some node that answers sees it. */
    public void awaitRunning(int count) {
        await().atMost(NODE_START).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> runningNodes().size() == count);
    }

    /** The nodes running in the cluster, as the first node that answers sees them. */
    public List<String> runningNodes() {
        for (int n = 1; n <= nodes.size(); n++) {
            String out = tryCtl(n, "-q", "eval", "rabbit_nodes:all_running().");
            if (out == null) continue;
            List<String> running = new ArrayList<>();
            var m = java.util.regex.Pattern.compile("rabbit@nb\\d+h\\d+").matcher(out);
            while (m.find()) running.add(m.group());
            return running;
        }
        return List.of();
    }

    /** The node (1 to the number of nodes) that hosts the leader of a quorum queue now, as node {@code from} sees it. */
    public int leaderOf(String queue, int from) {
        String out = ctl(from, "-q", "-t", "10", "eval", "{ok, Q} = rabbit_amqqueue:lookup(rabbit_misc:r(<<\"/\">>, queue, <<\""
                + queue + "\">>)), amqqueue:get_pid(Q).");
        var m = java.util.regex.Pattern.compile("rabbit@nb\\d+h\\d+").matcher(out);
        if (m.find()) for (int n = 1; n <= nodes.size(); n++) if (m.group().equals(node(n))) return n;
        throw new IllegalStateException("no leader of " + queue + " seen from " + node(from) + ": " + out.strip());
    }

    /** SIGKILLs node n's Erlang VM and its epmd: a crash, with no goodbye to clients or peers. */
    public void kill(int n) {
        nodes.get(n - 1).killAll();
    }

    /** Starts node n again, keeping its data, and waits until it runs (it rejoins the cluster by itself). */
    public void restart(int n) {
        startNode(n);
        awaitNode(n);
    }

    /** Whether node n's Erlang VM runs (a killed node does not until restarted). */
    public boolean isRunning(int n) {
        return tryCtl(n, "-q", "ping") != null;
    }

    /** rabbitmqctl against node n, run on its host. */
    public String ctl(int n, String... args) {
        // The node's own env file, not Debian's, whose epmd address (127.0.0.1) is not this host's.
        List<String> cmd = new ArrayList<>(List.of("env", "-u", "ERL_EPMD_ADDRESS",
                "RABBITMQ_CONF_ENV_FILE=" + dir + "/" + n + "/rabbitmq-env.conf", "/usr/lib/rabbitmq/bin/rabbitmqctl",
                "-n", node(n)));
        cmd.addAll(List.of(args));
        return asRabbitmq(nodes.get(n - 1), cmd);
    }

    private String tryCtl(int n, String... args) {
        try {
            return ctl(n, args);
        } catch (IllegalStateException e) {
            return null;
        }
    }

    /** SIGKILLs every node (the test bed deletes the hosts) and deletes their data. */
    @Override
    public void close() {
        for (NetHost h : nodes) h.killAll();
        Shell.tryRun(List.of("rm", "-rf", dir));
    }

    /** A command as the rabbitmq user, with its home (the Erlang cookie), on the host (or on this machine: null). */
    private String asRabbitmq(NetHost host, List<String> command) {
        List<String> cmd = new ArrayList<>(List.of(Shell.tool("runuser"), "-u", "rabbitmq", "--", "env", "HOME=" + home,
                "PATH=/usr/lib/rabbitmq/bin:/usr/bin:/bin"));
        cmd.addAll(command);
        return Shell.run(host == null ? cmd : host.command(cmd));
    }
}
