package io.warren.worker.exec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The streaming processes a worker leaves behind when it dies without a word (SIGKILL, a crash, the machine's OOM
 * killer): nothing is left to kill their trees, and one that neither reads nor writes (a busy loop, a {@code sleep})
 * would run forever. Every streaming process is started with {@link #OWNER_VARIABLE} in its environment, naming the
 * worker process that started it (its pid and start time, so a reused pid is not taken for it), and its children
 * inherit it. A worker that starts kills every process of this machine that carries the variable of a worker process
 * that no longer runs. Linux only ({@code /proc/<pid>/environ}); elsewhere, and for other users' processes, it finds
 * nothing.
 */
public final class OrphanedProcesses {
    private static final Logger log = LoggerFactory.getLogger(OrphanedProcesses.class);
    static final String OWNER_VARIABLE = "WARREN_STREAMING_OWNER";
    private static final Path PROC = Path.of("/proc");

    private OrphanedProcesses() {
    }

    /** This process, as {@link #OWNER_VARIABLE}'s value: {@code <pid>@<start time in epoch milliseconds>}. */
    static String owner() {
        return owner(ProcessHandle.current());
    }

    private static String owner(ProcessHandle p) {
        return p.pid() + "@" + p.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    /** Whether the worker process named by {@code value} still runs. */
    static boolean ownerAlive(String value) {
        int at = value.indexOf('@');
        long pid;
        try {
            pid = Long.parseLong(at < 0 ? value : value.substring(0, at));
        } catch (NumberFormatException e) {
            return true; // not ours to judge
        }
        Optional<ProcessHandle> p = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (p.isEmpty()) return false;
        String started = at < 0 ? "0" : value.substring(at + 1);
        // Without a start time to compare (this system gives none), a live pid is taken for the owner.
        return started.equals("0") || p.get().info().startInstant().isEmpty() || owner(p.get()).equals(value);
    }

    /** Kills the processes left by worker processes that no longer run; returns how many it killed. */
    public static int killLeftBehind() {
        if (!Files.isDirectory(PROC)) return 0;
        List<ProcessHandle> orphans = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses().filter(p -> p.pid() != self).forEach(p -> {
            String value = ownerOf(p.pid());
            if (value != null && !ownerAlive(value)) orphans.add(p);
        });
        List<String> named = orphans.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
        for (ProcessHandle p : orphans) StreamingProcess.killTree(p);
        if (!orphans.isEmpty()) {
            log.warn("killed {} streaming process(es) left running by worker(s) that died: {}", orphans.size(), named);
        }
        return orphans.size();
    }

    /** The process's {@link #OWNER_VARIABLE}, or null if it has none or its environment cannot be read. */
    static String ownerOf(long pid) {
        byte[] environ;
        try {
            environ = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("environ"));
        } catch (IOException | SecurityException e) {
            return null; // gone, or another user's
        }
        byte[] prefix = (OWNER_VARIABLE + "=").getBytes(StandardCharsets.US_ASCII);
        int start = 0;
        for (int i = 0; i <= environ.length; i++) {
            if (i == environ.length || environ[i] == 0) {
                if (i - start > prefix.length && Arrays.equals(environ, start, start + prefix.length, prefix, 0, prefix.length)) {
                    return new String(environ, start + prefix.length, i - start - prefix.length, StandardCharsets.US_ASCII);
                }
                start = i + 1;
            }
        }
        return null;
    }
}
