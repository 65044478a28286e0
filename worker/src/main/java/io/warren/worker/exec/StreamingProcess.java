package io.warren.worker.exec;

import io.warren.api.Counters;
import io.warren.protocol.Printable;
import io.warren.protocol.Streaming;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of a streaming command (mapper, reducer or combiner) for one task: the process, a feeder thread that writes
 * its stdin, the caller's thread that reads its stdout ({@link #stdout()}), a thread that reads its stderr, and a
 * watchdog. Data goes through the pipes in blocks of {@link PipeLines#BLOCK}, and since stdin and stdout are served
 * by different threads, a process whose stdout fills while it is being fed never deadlocks.
 *
 * <p>Stderr goes to a {@link StderrLog}: kept in a file, its last lines the failure reason, its reporter lines counters
 * (reported only with the run's success, so re-runs never count twice) and status. The watchdog kills the whole process tree when the task thread is interrupted (its job
 * ended, or the worker stops) or when neither stdin, stdout nor stderr moved for {@code stallMillis}.
 */
final class StreamingProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamingProcess.class);
    private static final String OWNER = OrphanedProcesses.owner();
    private static final java.util.regex.Pattern SCRIPT = java.util.regex.Pattern.compile(".+\\.(py|sh|awk|pl|rb|R|js|lua|php|jar)");

    /** What a feeder writes to the process's stdin; the stream is closed after it returns. */
    interface Feed {
        void writeTo(OutputStream stdin) throws Exception;
    }

    /** Where and how a task's processes run. */
    record Launch(Path workDir, Map<String, String> env, Path logDir, String logName, Thread taskThread,
                  long stallMillis, int maxRecordBytes, Progress progress, Counters counters, LiveProcesses live) {
    }

    private final String who;
    private final List<String> argv;
    private final Launch launch;
    private final Process process;
    private final Thread stderrThread;
    private final Thread watchdog;
    private final StderrLog stderr;
    private volatile String killedBecause;
    private volatile Throwable feedFailure;
    private volatile boolean stdinClosedEarly;
    private volatile boolean closed;
    private Thread feeder;

    private StreamingProcess(String who, List<String> argv, Launch launch, Process process, Path logFile) {
        this.who = who;
        this.argv = argv;
        this.launch = launch;
        this.process = process;
        this.stderr = new StderrLog(who, logFile, launch.counters(), launch.progress());
        this.stderrThread = daemon(() -> stderr.readFrom(process.getErrorStream()), "stderr-" + process.pid());
        this.watchdog = daemon(this::watch, "watchdog-" + process.pid());
    }

    /** Starts {@code command} as {@code role} ("mapper", "reducer", "combiner") in the task's working directory. */
    static StreamingProcess start(String role, String command, Launch launch) throws StreamingFailure {
        String who = role + " " + Printable.quote(command);
        List<String> argv = new ArrayList<>(Streaming.argv(role, command));
        argv.set(0, executable(who, argv.get(0), launch.workDir()));
        ProcessBuilder builder = new ProcessBuilder(argv).directory(launch.workDir().toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("WARREN_")); // the worker's own settings, the broker's URI among them
        env.putAll(launch.env());
        env.put(OrphanedProcesses.OWNER_VARIABLE, OWNER);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            String why = String.valueOf(e.getMessage());
            if (why.contains("error=2,")) {
                throw new StreamingFailure("cannot start " + who + ": " + Printable.quote(argv.get(0)) + " was not found"
                        + " (not a shipped file, nor on the worker's PATH)", e);
            }
            if (why.contains("error=13,")) {
                throw new StreamingFailure("cannot start " + who + ": " + Printable.quote(argv.get(0)) + " is not"
                        + " executable; chmod +x it before submitting, or run it through its interpreter ('python3 map.py')", e);
            }
            throw new StreamingFailure("cannot start " + who + ": " + why, e);
        }
        Path logFile = launch.logDir().resolve(launch.logName() + "." + role + ".stderr");
        StreamingProcess p = new StreamingProcess(who, List.copyOf(argv), launch, process, logFile);
        launch.live().add(p);
        p.stderrThread.start();
        p.watchdog.start();
        return p;
    }

    /**
     * A command's first word: a shipped file (or a relative path) runs from the working directory, as in Hadoop
     * Streaming; anything else is looked up on the PATH by the system.
     */
    private static String executable(String who, String program, Path workDir) throws StreamingFailure {
        Path local = workDir.resolve(program).normalize();
        boolean relativePath = program.contains("/") && !program.startsWith("/");
        if (!relativePath && (program.contains("/") || !Files.exists(local))) return program;
        if (!local.startsWith(workDir)) return program;
        if (!Files.isRegularFile(local)) {
            throw new StreamingFailure("cannot start " + who + ": " + Printable.quote(program) + " is not in the task's"
                    + " working directory (shipped files: " + shipped(workDir) + ")");
        }
        if (!Files.isExecutable(local)) {
            throw new StreamingFailure("cannot start " + who + ": " + Printable.quote(program) + " is not executable;"
                    + " chmod +x it before submitting (the executable bit is shipped), or run it through its"
                    + " interpreter ('python3 " + program + "')");
        }
        return local.toString();
    }

    static String shipped(Path workDir) {
        try (var files = Files.list(workDir)) {
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            return names.isEmpty() ? "none" : String.join(", ", names);
        } catch (IOException e) {
            return "unknown: " + e.getMessage();
        }
    }

    /** Starts the feeder thread, which writes {@code feed} to stdin in large blocks and then closes it. */
    void feed(Feed feed) {
        feeder = daemon(() -> {
            OutputStream stdin = new BlockOutput(process.getOutputStream(), PipeLines.BLOCK);
            try {
                feed.writeTo(stdin);
                stdin.flush();
            } catch (IOException e) {
                if (!process.isAlive() || isBrokenPipe(e)) {
                    stdinClosedEarly = true; // the process stopped reading; its exit status says whether it failed
                } else {
                    failFeed(e);
                }
            } catch (Throwable e) {
                failFeed(e);
            } finally {
                try {
                    process.getOutputStream().close();
                } catch (IOException e) {
                    stdinClosedEarly |= e.getMessage() != null && isBrokenPipe(e);
                }
            }
        }, "stdin-" + process.pid());
        feeder.start();
    }

    private void failFeed(Throwable e) {
        feedFailure = e;
        kill(null);
    }

    private static boolean isBrokenPipe(IOException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("Broken pipe") || m.contains("Stream closed");
    }

    /** The process's stdout, as checked lines. */
    PipeLines stdout() {
        return new PipeLines(process.getInputStream(), who, launch.maxRecordBytes());
    }

    /**
     * After stdout ended: waits for the process and its threads, then throws if anything went wrong, in order of
     * what explains it best: a stop or stall, a failure to produce its input, a non-zero exit, input left unread.
     */
    void finish() throws Exception {
        int status;
        try {
            while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
                if (Thread.currentThread().isInterrupted()) throw new InterruptedException();
            }
            status = process.exitValue();
            if (feeder != null) feeder.join();
            stderrThread.join();
        } catch (InterruptedException e) {
            kill("stopped: the worker abandoned the task");
            throw new InterruptedIOException(who + " stopped: the task was abandoned");
        }
        if (killedBecause != null) throw new StreamingFailure(who + " " + killedBecause + stderrTail());
        if (feedFailure instanceof Exception e) throw e;
        if (feedFailure instanceof Error e) throw e;
        if (status != 0) {
            throw new StreamingFailure(who + " exited with status " + status + missingFiles() + stderrTail());
        }
        if (stdinClosedEarly) {
            // Like `head`: a command may stop reading once it has what it wants. Its status decides, as the amount of
            // input a pipe still took before it closed would otherwise decide by chance.
            log.info("{} exited with status 0 before reading all of its input", who);
        }
    }

    /** A hint for the most common mistake: a script named in the command but not shipped. */
    private String missingFiles() {
        List<String> missing = new ArrayList<>();
        for (String word : argv.subList(1, argv.size())) {
            if (word.startsWith("-") || word.contains("/") || !SCRIPT.matcher(word).matches()) continue;
            if (!Files.exists(launch.workDir().resolve(word))) missing.add(word);
        }
        return missing.isEmpty() ? "" : " (" + String.join(", ", missing) + " is not among the shipped files: "
                + shipped(launch.workDir()) + "; ship it with --file)";
    }

    String stderrTail() {
        return stderr.tail();
    }

    /** Kills the process tree when the task thread is interrupted or the process stalls; ends with the process. */
    private void watch() {
        long lastTicks = launch.progress().ticks();
        long lastMove = System.nanoTime();
        try {
            while (!process.waitFor(50, TimeUnit.MILLISECONDS)) {
                if (closed) return;
                if (launch.taskThread().isInterrupted()) {
                    kill("was stopped: the worker abandoned the task (its job ended, or the worker is shutting down)");
                    return;
                }
                long ticks = launch.progress().ticks();
                long now = System.nanoTime();
                if (ticks != lastTicks) {
                    lastTicks = ticks;
                    lastMove = now;
                } else if (now - lastMove > TimeUnit.MILLISECONDS.toNanos(launch.stallMillis())) {
                    kill("made no progress for " + launch.stallMillis() + " ms (read no input, wrote no output, reported"
                            + " nothing on stderr), the task timeout; its processes were killed. A command that computes"
                            + " for long should write reporter:status:<message> lines on stderr");
                    return;
                }
            }
        } catch (InterruptedException e) {
            kill(null);
        }
    }

    /** Kills the process and every descendant; {@code reason} (if not null and the first) becomes the failure. */
    void kill(String reason) {
        if (reason != null && killedBecause == null && process.isAlive()) killedBecause = reason;
        killTree(process.toHandle());
    }

    /**
     * Kills a process and all its descendants, found before any is killed (an orphan is re-parented and can no longer
     * be found); children a dying process forks meanwhile are looked for again, a few rounds.
     */
    static void killTree(ProcessHandle root) {
        for (int round = 0; round < 5; round++) {
            List<ProcessHandle> tree = new ArrayList<>();
            root.descendants().forEach(tree::add);
            java.util.Collections.reverse(tree);
            if (root.isAlive()) tree.add(root);
            if (tree.isEmpty()) return;
            tree.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle h : tree) {
                try {
                    h.onExit().get(2, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // still alive after 2 s: the next round tries again
                }
            }
            if (tree.stream().noneMatch(ProcessHandle::isAlive) && root.descendants().findAny().isEmpty()) return;
        }
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        closed = true;
        if (process.isAlive()) kill(null);
        launch.live().remove(this);
        try {
            if (feeder != null) feeder.join(5_000);
            stderrThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
