package io.warren.cli.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test bed of hosts on this machine: each host is a Linux network namespace whose one link (a veth pair) plugs into
 * a bridge of this test bed, so hosts reach each other and the gateway, the bridge's address in this machine's own
 * namespace. Processes on a host see the same file system (the shared storage) and reach services of this machine
 * through forwarders on the gateway ({@link #forward}); a host's {@code /etc/hosts} names the gateway {@code localhost},
 * so a process started with the URI it would use beside a local broker ({@code amqp://guest:guest@localhost:PORT})
 * reaches that forwarder, and RabbitMQ, which sees the forwarder's connection from 127.0.0.1, accepts the guest
 * account. Faults are cuts ({@link NetHost#cut}, {@link NetHost#dropInbound}, {@link NetHost#dropOutbound}): this
 * kernel has no netem.
 *
 * <p>Needs root, iproute2, iptables and socat. Each test bed takes a slot of its own, 0 to {@value #SLOTS} - 1, with
 * names {@code nb<slot>...} and the subnet {@code 10.233.<30 + slot>.0/24}, so test beds of concurrent runs never
 * collide; a slot whose owner process died is cleaned up and reused. {@link #close} kills every process on its hosts
 * (by pid, from {@code ip netns pids}) and deletes the namespaces, the bridge and the hosts files.
 */
public final class Hosts implements AutoCloseable {
    static final int SLOTS = 40;
    private static final int FIRST_SUBNET = 30;
    private static final Path OWNERS = Path.of(System.getProperty("java.io.tmpdir"), "warren-testbed");

    private final int slot;
    private final Map<String, NetHost> hosts = new LinkedHashMap<>();
    private final List<Process> forwarders = new ArrayList<>();
    private final Map<Integer, Integer> forwarded = new ConcurrentHashMap<>();

    private Hosts(int slot) {
        this.slot = slot;
    }

    /** A test bed with these hosts (names as tests call them: "coordinator-a", "worker-1"...). */
    public static Hosts create(String... names) {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new AssertionError("the network test bed creates network namespaces, which needs root: run the"
                    + " partition tests as root (CI does), see docs/testing.md");
        }
        Hosts bed = new Hosts(takeSlot());
        try {
            bed.build(names);
            return bed;
        } catch (RuntimeException e) {
            bed.close();
            throw e;
        }
    }

    private void build(String... names) {
        String ip = Shell.tool("ip");
        Shell.run(ip, "link", "add", bridge(), "type", "bridge");
        Shell.run(ip, "addr", "add", gateway() + "/24", "dev", bridge());
        Shell.run(ip, "link", "set", bridge(), "up");
        int i = 0;
        for (String name : names) {
            NetHost h = new NetHost(name, "nb" + slot + "h" + i, subnet() + "." + (10 + i), gateway());
            hosts.put(name, h);
            h.create(bridge());
            i++;
        }
        for (NetHost h : hosts.values()) h.writeHosts(hosts(), false);
    }

    /**
     * Splits the test bed in two: no packet passes between a host of one side and a host of the other; each still
     * reaches its own side and the gateway. {@link NetHost#heal} on each host of {@code side} ends it.
     */
    public void split(List<NetHost> side, List<NetHost> otherSide) {
        for (NetHost h : side) h.isolateFrom(otherSide);
    }

    /** Gives the host a loopback {@code localhost} (RabbitMQ nodes need it), instead of the gateway. */
    void loopbackLocalhost(NetHost h) {
        h.writeHosts(hosts(), true);
    }

    public NetHost host(String name) {
        NetHost h = hosts.get(name);
        if (h == null) throw new IllegalArgumentException("no host " + name + " in this test bed: " + hosts.keySet());
        return h;
    }

    public List<NetHost> hosts() {
        return List.copyOf(hosts.values());
    }

    /** This machine's address on the test bed: the hosts' way to it. */
    public String gateway() {
        return subnet() + ".1";
    }

    /**
     * Forwards the gateway's {@code listenPort} to this machine's 127.0.0.1:{@code targetPort} (a socat process that
     * lives as long as the test bed), for processes on the hosts to reach a service that listens on loopback only.
     */
    public void forward(int listenPort, int targetPort) {
        try {
            Process socat = new ProcessBuilder(Shell.tool("socat"), "TCP-LISTEN:" + listenPort + ",bind=" + gateway()
                    + ",fork,reuseaddr", "TCP:127.0.0.1:" + targetPort).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            forwarders.add(socat);
            forwarded.put(targetPort, listenPort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start socat", e);
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> listens(listenPort));
    }

    private boolean listens(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(gateway(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The URI a process on a host uses for a service this machine's processes reach with {@code uri}: every
     * {@code localhost:PORT} (or 127.0.0.1) of it, forwarded, becomes {@code localhost:LISTEN_PORT}.
     */
    public URI onHost(URI uri) {
        Matcher m = Pattern.compile("(localhost|127\\.0\\.0\\.1):(\\d+)").matcher(uri.toString());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Integer port = forwarded.get(Integer.parseInt(m.group(2)));
            if (port == null) throw new IllegalStateException("port " + m.group(2) + " is not forwarded to the hosts");
            m.appendReplacement(out, "localhost:" + port);
        }
        m.appendTail(out);
        return URI.create(out.toString());
    }

    private String subnet() {
        return "10.233." + (FIRST_SUBNET + slot);
    }

    private String bridge() {
        return "nb" + slot + "br";
    }

    @Override
    public void close() {
        for (NetHost h : hosts.values()) h.killAll();
        for (Process p : forwarders) p.destroyForcibly();
        for (Process p : forwarders) waitFor(p);
        for (NetHost h : hosts.values()) h.delete();
        Shell.tryRun(List.of(Shell.tool("ip"), "link", "del", bridge()));
        try {
            Files.deleteIfExists(owner(slot));
        } catch (IOException e) {
            // a stale owner file is reclaimed by the next test bed that finds its process gone
        }
    }

    private static void waitFor(Process p) {
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The first slot that no live process owns: its owner file, created only if absent, holds this JVM's pid. */
    private static int takeSlot() {
        try {
            Files.createDirectories(OWNERS);
            for (int s = 0; s < SLOTS; s++) {
                if (take(s)) return s;
                if (!ProcessHandle.of(Long.parseLong(Files.readString(owner(s)).strip())).map(ProcessHandle::isAlive)
                        .orElse(false)) {
                    reclaim(s);
                    if (take(s)) return s;
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot take a test bed slot under " + OWNERS + ": " + e.getMessage(), e);
        }
        throw new IllegalStateException("all " + SLOTS + " test bed slots are taken by live processes");
    }

    private static boolean take(int s) throws IOException {
        try {
            Files.writeString(Files.createFile(owner(s)), Long.toString(ProcessHandle.current().pid()));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    /** Deletes what a dead owner left of slot s: its hosts' processes and namespaces, its bridge. */
    private static void reclaim(int s) throws IOException {
        String ip = Shell.tool("ip");
        String list = Shell.tryRun(List.of(ip, "netns", "list"));
        for (String line : list == null ? new String[0] : list.split("\n")) {
            String ns = line.split("\\s+")[0];
            if (ns.startsWith("nb" + s + "h")) NetHost.deleteNamespace(ns);
        }
        Shell.tryRun(List.of(ip, "link", "del", "nb" + s + "br"));
        Files.deleteIfExists(owner(s));
    }

    private static Path owner(int s) {
        return OWNERS.resolve("slot-" + s);
    }
}
