package io.warren.worker.exec;

import io.warren.api.Counters;
import io.warren.protocol.Printable;
import io.warren.protocol.Streaming;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of a streaming command (mapper, reducer or combiner) for one task: the process, a feeder thread that writes
 * its stdin, the caller's thread that reads its stdout ({@link #stdout()}), a thread that reads its stderr, and a
 * watchdog. Data goes through the pipes in blocks of {@link PipeLines#BLOCK}, and since stdin and stdout are served
 * by different threads, a process whose stdout fills while it is being fed never deadlocks.
 *
 * <p>Stderr is kept in a file (up to {@link #MAX_LOG} bytes) and its last lines become the failure reason.
 * {@code reporter:counter:<group>,<name>,<n>} lines add to the task's counter {@code <group>.<name>} (reported only
 * with the run's success, so re-runs never count twice), and {@code reporter:status:<message>} lines are logged;
 * both count as progress. The watchdog kills the whole process tree when the task thread is interrupted (its job
 * ended, or the worker stops) or when neither stdin, stdout nor stderr moved for {@code stallMillis}.
 */
final class StreamingProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamingProcess.class);
    static final long MAX_LOG = 8L << 20;
    private static final int TAIL_LINES = 20;
    private static final int TAIL_LINE_CHARS = 500;
    private static final String COUNTER = "reporter:counter:";
    private static final String STATUS = "reporter:status:";
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
    private final Deque<String> tail = new ArrayDeque<>();
    private final Path logFile;
    private volatile String killedBecause;
    private volatile Throwable feedFailure;
    private volatile boolean stdinClosedEarly;
    private volatile String lastStatus;
    private volatile boolean closed;
    private Thread feeder;

    private StreamingProcess(String who, List<String> argv, Launch launch, Process process, Path logFile) {
        this.who = who;
        this.argv = argv;
        this.launch = launch;
        this.process = process;
        this.logFile = logFile;
        this.stderrThread = daemon(this::readStderr, "stderr-" + process.pid());
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
            OutputStream stdin = new BufferedOutputStream(process.getOutputStream(), PipeLines.BLOCK);
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
        List<String> lines;
        synchronized (tail) {
            lines = List.copyOf(tail);
        }
        StringBuilder s = new StringBuilder();
        if (lastStatus != null) s.append("; its last status: ").append(lastStatus);
        if (lines.isEmpty()) return s.append("; it wrote nothing on stderr").toString();
        s.append("; the end of its stderr (all of it in ").append(logFile.getFileName()).append(" under the job's logs):");
        for (String line : lines) s.append("\n  ").append(line);
        return s.toString();
    }

    private void readStderr() {
        OutputStream logOut = null;
        long logged = 0;
        try (InputStream err = process.getErrorStream()) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] block = new byte[1 << 16];
            for (int n = err.read(block); n >= 0; n = err.read(block)) {
                int from = 0;
                for (int i = 0; i < n; i++) {
                    if (block[i] != '\n') continue;
                    line.write(block, from, i - from);
                    from = i + 1;
                    String text = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    if (!report(text)) {
                        if (logOut == null) logOut = openLog();
                        logged = log(logOut, text, logged);
                    }
                }
                if (line.size() < (1 << 20)) line.write(block, from, n - from);
            }
            if (line.size() > 0) {
                String text = line.toString(StandardCharsets.UTF_8);
                if (!report(text)) {
                    if (logOut == null) logOut = openLog();
                    log(logOut, text, logged);
                }
            }
        } catch (IOException e) {
            log.debug("stderr of {} ended: {}", who, e.toString());
        } finally {
            if (logOut != null) {
                try {
                    logOut.close();
                } catch (IOException e) {
                    log.debug("cannot close {}: {}", logFile, e.toString());
                }
            }
        }
    }

    /** Hadoop Streaming's reporter lines; true if {@code line} was one (it is then not part of the kept stderr). */
    private boolean report(String line) {
        if (line.startsWith(COUNTER)) {
            String[] parts = line.substring(COUNTER.length()).split(",", -1);
            if (parts.length == 3 && !parts[0].isBlank() && !parts[1].isBlank()) {
                try {
                    long n = Long.parseLong(parts[2].trim());
                    launch.counters().increment(parts[0].trim() + "." + parts[1].trim(), n);
                    launch.progress().tick();
                    return true;
                } catch (NumberFormatException e) {
                    // kept in stderr below, with the reason
                }
            }
            remember("(not a valid reporter:counter:<group>,<name>,<amount> line) " + line);
            return false;
        }
        if (line.startsWith(STATUS)) {
            lastStatus = Printable.quote(line.substring(STATUS.length()));
            launch.progress().tick();
            log.debug("{} status: {}", who, lastStatus);
            return true;
        }
        remember(line);
        return false;
    }

    private void remember(String line) {
        synchronized (tail) {
            if (tail.size() == TAIL_LINES) tail.removeFirst();
            tail.addLast(line.length() > TAIL_LINE_CHARS ? line.substring(0, TAIL_LINE_CHARS) + "..." : line);
        }
    }

    private OutputStream openLog() {
        try {
            Files.createDirectories(logFile.getParent());
            return new BufferedOutputStream(Files.newOutputStream(logFile, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND));
        } catch (IOException e) {
            log.warn("cannot keep the stderr of {} in {}: {}", who, logFile, e.toString());
            return OutputStream.nullOutputStream();
        }
    }

    private long log(OutputStream out, String line, long logged) {
        if (logged > MAX_LOG) return logged;
        try {
            byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
            if (logged + b.length > MAX_LOG) b = ("[stderr cut here: more than " + MAX_LOG + " bytes]\n").getBytes(StandardCharsets.UTF_8);
            out.write(b);
            return logged + b.length;
        } catch (IOException e) {
            return MAX_LOG + 1;
        }
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
