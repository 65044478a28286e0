package io.warren.broker.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * A RabbitMQ cluster of three nodes on this machine, for tests that stop, kill and restart broker nodes: never the
 * shared broker on 5672. Each node is the installed {@code rabbitmq-server} with a name ({@code wc1@localhost}...), ports
 * (AMQP 5681-5683, Erlang distribution 25681-25683) and config file of its own, in a scratch directory; all run as the
 * {@code rabbitmq} user, so they share its Erlang cookie (through {@code runuser} as root, {@code sudo -n} otherwise).
 * One cluster serves every test of a JVM ({@link #shared()}); it is stopped and deleted when the JVM exits. A test that
 * cannot start it fails, saying why.
 */
public final class RabbitCluster implements AutoCloseable {
    public static final int NODES = 3;
    private static final int AMQP_BASE = 5680;
    private static final int DIST_BASE = 25680;
    private static final Duration NODE_START = Duration.ofSeconds(120);
    private static RabbitCluster shared;

    private final String dir;
    private final String home;
    private final String[] pids = new String[NODES + 1];

    private RabbitCluster(String dir, String home) {
        this.dir = dir;
        this.home = home;
    }

    /** The one cluster of this JVM, started on first use. */
    public static synchronized RabbitCluster shared() {
        if (shared == null) {
            shared = start();
            RabbitCluster c = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(c::close, "stop-rabbit-cluster"));
        }
        return shared;
    }

    private static RabbitCluster start() {
        for (int n = 1; n <= NODES; n++) {
            if (answers(AMQP_BASE + n)) {
                throw new AssertionError("port " + (AMQP_BASE + n) + " is taken: a node of an earlier test run may still"
                        + " be up; stop it (rabbitmqctl -n wc" + n + "@localhost stop) and run the tests again");
            }
        }
        String home = run(List.of("getent", "passwd", "rabbitmq")).split(":")[5].strip();
        String dir = asRabbitmq(home, List.of("mktemp", "-d", "-t", "warren-cluster-XXXXXX")).strip();
        RabbitCluster cluster = new RabbitCluster(dir, home);
        try {
            for (int n = 1; n <= NODES; n++) cluster.writeConfig(n);
            for (int n = 1; n <= NODES; n++) cluster.startNode(n);
            for (int n = 1; n <= NODES; n++) cluster.awaitNode(n);
            for (int n = 2; n <= NODES; n++) {
                cluster.ctl(n, "stop_app");
                cluster.ctl(n, "join_cluster", node(1));
                cluster.ctl(n, "start_app");
            }
            cluster.awaitRunning(NODES);
            return cluster;
        } catch (RuntimeException | AssertionError e) {
            cluster.close();
            throw new AssertionError("could not start a " + NODES + "-node RabbitMQ cluster for the cluster tests (it"
                    + " needs rabbitmq-server installed and root, or sudo to the rabbitmq user): " + e.getMessage(), e);
        }
    }

    public static String node(int n) {
        return "wc" + n + "@localhost";
    }

    public static int amqpPort(int n) {
        return AMQP_BASE + n;
    }

    /** Every node, one URI: {@code amqp://guest:guest@localhost:5681,localhost:5682,localhost:5683}. */
    public URI uri() {
        return URI.create("amqp://guest:guest@" + IntStream.rangeClosed(1, NODES)
                .mapToObj(n -> "localhost:" + amqpPort(n)).collect(Collectors.joining(",")));
    }

    /** One node only. */
    public URI uri(int n) {
        return URI.create("amqp://guest:guest@localhost:" + amqpPort(n));
    }

    private void writeConfig(int n) {
        String conf = "listeners.tcp.default = 127.0.0.1:" + amqpPort(n) + "\\nloopback_users = none\\n";
        asRabbitmq(home, List.of("sh", "-c", "mkdir -p " + dir + "/" + n + " && printf '" + conf + "' > " + dir + "/"
                + n + "/rabbitmq.conf && echo '[].' > " + dir + "/" + n + "/plugins"));
    }

    /** Starts node n (again), keeping its data; returns once it has been told to start. */
    public void startNode(int n) {
        String d = dir + "/" + n;
        asRabbitmq(home, List.of("env", "RABBITMQ_NODENAME=" + node(n), "RABBITMQ_CONFIG_FILE=" + d + "/rabbitmq.conf",
                "RABBITMQ_DIST_PORT=" + (DIST_BASE + n), "RABBITMQ_MNESIA_BASE=" + d + "/mnesia",
                "RABBITMQ_LOG_BASE=" + d + "/log", "RABBITMQ_ENABLED_PLUGINS_FILE=" + d + "/plugins",
                "rabbitmq-server", "-detached"));
    }

    /** Waits until node n runs RabbitMQ and takes AMQP connections. */
    public void awaitNode(int n) {
        await().atMost(NODE_START).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> answers(amqpPort(n)) && ctl(n, "-q", "await_startup") != null);
        // Asked now, so that a kill later is one signal, at the moment the test chooses.
        pids[n] = ctl(n, "-q", "eval", "list_to_integer(os:getpid()).").strip();
    }

    /** Waits until {@code count} nodes are running in the cluster. */
    public void awaitRunning(int count) {
        await().atMost(NODE_START).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> runningNodes().size() == count);
    }

    /** The names of the nodes running in the cluster, as a live node sees them. */
    public List<String> runningNodes() {
        for (int n = 1; n <= NODES; n++) {
            if (!answers(amqpPort(n))) continue;
            String out = ctl(n, "-q", "eval", "rabbit_nodes:all_running().");
            List<String> nodes = new ArrayList<>();
            var m = java.util.regex.Pattern.compile("'?(wc\\d@localhost)'?").matcher(out);
            while (m.find()) nodes.add(m.group(1));
            return nodes;
        }
        return List.of();
    }

    /** The node that hosts the leader of a quorum queue (or a classic queue's only copy): 1 to {@link #NODES}. */
    public int leaderOf(String queue) {
        for (int n = 1; n <= NODES; n++) {
            if (!answers(amqpPort(n))) continue;
            for (String line : ctl(n, "-q", "list_queues", "name", "leader", "--no-table-headers").split("\n")) {
                String[] f = line.strip().split("\\s+");
                if (f.length >= 2 && f[0].equals(queue)) return Integer.parseInt(f[1].replaceAll("\\D*(\\d+)@.*", "$1"));
            }
            throw new IllegalStateException("no queue " + queue + " on the cluster");
        }
        throw new IllegalStateException("no node of the cluster answers");
    }

    /** The node a classic or exclusive queue lives on. */
    public int nodeOf(String queue) {
        for (int n = 1; n <= NODES; n++) {
            if (!answers(amqpPort(n))) continue;
            for (String line : ctl(n, "-q", "list_queues", "name", "pid", "--no-table-headers").split("\n")) {
                String[] f = line.strip().split("\\s+");
                if (f.length >= 2 && f[0].equals(queue)) return Integer.parseInt(f[1].replaceAll("^<wc(\\d)@.*", "$1"));
            }
            throw new IllegalStateException("no queue " + queue + " on the cluster");
        }
        throw new IllegalStateException("no node of the cluster answers");
    }

    /** Whether stopping node n now leaves every quorum queue a majority of running members. */
    public boolean quorumSafeToStop(int n) {
        List<String> cmd = new ArrayList<>(List.of("rabbitmq-queues", "-n", node(n), "check_if_node_is_quorum_critical"));
        try {
            asRabbitmq(home, cmd);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** SIGKILL to node n's Erlang VM: a crash, with no goodbye to clients or peers. */
    public void kill(int n) {
        run(List.of("kill", "-9", pids[n]));
        await().atMost(Duration.ofSeconds(30)).until(() -> !answers(amqpPort(n)));
    }

    /** A clean stop of node n, as in a rolling restart. */
    public void stop(int n) {
        ctl(n, "stop");
        await().atMost(Duration.ofSeconds(60)).until(() -> !answers(amqpPort(n)));
    }

    /** Starts node n again and waits until it runs in the cluster with the others. */
    public void restart(int n) {
        startNode(n);
        awaitNode(n);
    }

    public boolean isUp(int n) {
        return answers(amqpPort(n));
    }

    public String ctl(int n, String... args) {
        List<String> cmd = new ArrayList<>(List.of("rabbitmqctl", "-n", node(n)));
        cmd.addAll(List.of(args));
        return asRabbitmq(home, cmd);
    }

    /** Stops every node and deletes their data. */
    @Override
    public void close() {
        for (int n = 1; n <= NODES; n++) {
            try {
                if (answers(amqpPort(n))) ctl(n, "stop");
            } catch (RuntimeException e) {
                // already gone
            }
        }
        try {
            asRabbitmq(home, List.of("rm", "-rf", dir));
        } catch (RuntimeException e) {
            // a scratch directory left behind
        }
    }

    private static String asRabbitmq(String home, List<String> command) {
        List<String> cmd = new ArrayList<>();
        String me = System.getProperty("user.name");
        if ("rabbitmq".equals(me)) {
            cmd.addAll(List.of("env", "HOME=" + home));
        } else if ("root".equals(me)) {
            cmd.addAll(List.of("runuser", "-u", "rabbitmq", "--", "env", "HOME=" + home));
        } else {
            cmd.addAll(List.of("sudo", "-n", "-u", "rabbitmq", "env", "HOME=" + home));
        }
        cmd.addAll(command);
        return run(cmd);
    }

    private static String run(List<String> cmd) {
        try {
            List<String> withPath = new ArrayList<>(cmd);
            ProcessBuilder pb = new ProcessBuilder(withPath).redirectErrorStream(true);
            pb.environment().merge("PATH", "/usr/local/sbin:/usr/sbin:/sbin", (a, b) -> a + ":" + b);
            Process p = pb.start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish within 120 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", cmd), e);
        }
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
