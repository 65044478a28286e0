package io.warren.cli.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One host of a {@link Hosts} test bed: a network namespace with one link, {@code <ns>i} inside and {@code <ns>o} on
 * the bridge. Cuts do what a partition does: nothing is reset, packets stop, and each side notices only through its
 * own heartbeats and timeouts.
 */
public final class NetHost {
    private final String name;
    private final String ns;
    private final String address;
    private final String gateway;
    private volatile String fault = "none";

    NetHost(String name, String ns, String address, String gateway) {
        this.name = name;
        this.ns = ns;
        this.address = address;
        this.gateway = gateway;
    }

    void create(String bridge) {
        String ip = Shell.tool("ip");
        Shell.run(ip, "netns", "add", ns);
        Shell.run(ip, "link", "add", outer(), "type", "veth", "peer", "name", inner());
        Shell.run(ip, "link", "set", inner(), "netns", ns);
        Shell.run(ip, "link", "set", outer(), "master", bridge);
        Shell.run(ip, "link", "set", outer(), "up");
        in(ip, "addr", "add", address + "/24", "dev", inner());
        in(ip, "link", "set", inner(), "up");
        in(ip, "link", "set", "lo", "up");
    }

    /**
     * Writes the host's {@code /etc/hosts} ({@code ip netns exec} binds {@code /etc/netns/<ns>/hosts} over it for the
     * processes it starts): every host of the test bed by its namespace name, and {@code localhost} as the gateway
     * (see {@link Hosts}) or, with {@code loopback}, as 127.0.0.1.
     */
    void writeHosts(List<NetHost> all, boolean loopback) {
        StringBuilder lines = new StringBuilder(loopback ? "127.0.0.1 localhost\n" : gateway + " localhost\n");
        for (NetHost h : all) lines.append(h.address).append(' ').append(h.ns).append('\n');
        try {
            Path etc = etc(ns);
            Files.createDirectories(etc);
            Files.writeString(etc.resolve("hosts"), lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the hosts file of " + ns, e);
        }
    }

    /** What tests call it. */
    public String name() {
        return name;
    }

    /** The namespace's name, as {@code ip netns} knows it. */
    public String namespace() {
        return ns;
    }

    public String address() {
        return address;
    }

    /** A command line that runs {@code command} on this host. */
    public List<String> command(List<String> command) {
        List<String> all = new ArrayList<>(List.of(Shell.tool("ip"), "netns", "exec", ns));
        all.addAll(command);
        return all;
    }

    /** Takes the host's link down: it can neither send nor receive, to anyone. */
    public void cut() {
        Shell.run(Shell.tool("ip"), "link", "set", outer(), "down");
        fault = "cut";
    }

    /** Drops every packet that arrives at the host: it can send, but hears nothing. */
    public void dropInbound() {
        in(Shell.tool("iptables"), "-w", "-I", "INPUT", "-i", inner(), "-j", "DROP");
        fault = "drop-inbound";
    }

    /** Drops every packet the host sends: it hears everything, but nobody hears it. */
    public void dropOutbound() {
        in(Shell.tool("iptables"), "-w", "-I", "OUTPUT", "-o", inner(), "-j", "DROP");
        fault = "drop-outbound";
    }

    /**
     * Drops every packet between this host and those (both ways), while both still reach everyone else: one side of a
     * split of the test bed.
     */
    public void isolateFrom(List<NetHost> others) {
        String iptables = Shell.tool("iptables");
        for (NetHost o : others) {
            in(iptables, "-w", "-I", "INPUT", "-s", o.address, "-j", "DROP");
            in(iptables, "-w", "-I", "OUTPUT", "-d", o.address, "-j", "DROP");
        }
        fault = "split";
    }

    /** Ends every fault: the link up, the drop rules gone. */
    public void heal() {
        Shell.run(Shell.tool("ip"), "link", "set", outer(), "up");
        in(Shell.tool("iptables"), "-w", "-F", "INPUT");
        in(Shell.tool("iptables"), "-w", "-F", "OUTPUT");
        fault = "none";
    }

    /** The fault in force: none, cut, drop-inbound, drop-outbound or split. */
    public String fault() {
        return fault;
    }

    /** The pids of the processes running on this host. */
    public List<Long> pids() {
        String out = Shell.tryRun(List.of(Shell.tool("ip"), "netns", "pids", ns));
        if (out == null || out.isBlank()) return List.of();
        return Arrays.stream(out.strip().split("\\s+")).map(Long::parseLong).toList();
    }

    /** SIGKILLs every process on this host. */
    void killAll() {
        for (long pid : pids()) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    void delete() {
        deleteNamespace(ns);
    }

    static void deleteNamespace(String ns) {
        String ip = Shell.tool("ip");
        String pids = Shell.tryRun(List.of(ip, "netns", "pids", ns));
        if (pids != null && !pids.isBlank()) {
            for (String pid : pids.strip().split("\\s+")) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        // The veth pair would go with the namespace, but only once its last process is reaped: delete it now, so that
        // the next test bed can use the names at once.
        Shell.tryRun(List.of(ip, "link", "del", ns + "o"));
        Shell.tryRun(List.of(ip, "netns", "del", ns));
        try {
            Path etc = etc(ns);
            Files.deleteIfExists(etc.resolve("hosts"));
            Files.deleteIfExists(etc);
        } catch (IOException e) {
            // a stale hosts file, replaced when the name is used again
        }
    }

    private void in(String... command) {
        List<String> all = new ArrayList<>(List.of(Shell.tool("ip"), "netns", "exec", ns));
        all.addAll(List.of(command));
        Shell.run(all);
    }

    private static Path etc(String ns) {
        return Path.of("/etc/netns", ns);
    }

    private String inner() {
        return ns + "i";
    }

    private String outer() {
        return ns + "o";
    }

    @Override
    public String toString() {
        return name + " (" + ns + ", " + address + ")";
    }
}
