package io.warren.worker.exec;

import io.warren.api.Counters;
import io.warren.protocol.Printable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * What a streaming process writes on stderr. Hadoop Streaming's {@code reporter:counter:<group>,<name>,<n>} lines add
 * to the task's counter {@code <group>.<name>} and {@code reporter:status:<message>} lines are logged; both count as
 * progress. Every other line is kept in the log file (the first {@link #MAX_LOG} bytes, created on the first line),
 * and the last {@link #TAIL_LINES} of them end the task's failure reason.
 */
final class StderrLog {
    private static final Logger log = LoggerFactory.getLogger(StderrLog.class);
    static final long MAX_LOG = 8L << 20;
    private static final int TAIL_LINES = 20;
    private static final int TAIL_LINE_CHARS = 500;
    private static final String COUNTER = "reporter:counter:";
    private static final String STATUS = "reporter:status:";

    private final String who;
    private final Path logFile;
    private final Counters counters;
    private final Progress progress;
    private final Deque<String> tail = new ArrayDeque<>();
    private volatile String lastStatus;

    StderrLog(String who, Path logFile, Counters counters, Progress progress) {
        this.who = who;
        this.logFile = logFile;
        this.counters = counters;
        this.progress = progress;
    }

    /** The reason's end: the last status and the last lines of stderr, or that there were none. */
    String tail() {
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

    /** Reads the stream to its end; on the stderr thread. */
    void readFrom(InputStream stream) {
        OutputStream logOut = null;
        long logged = 0;
        try (InputStream err = stream) {
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
                    counters.increment(parts[0].trim() + "." + parts[1].trim(), n);
                    progress.tick();
                    return true;
                } catch (NumberFormatException e) {
                    // kept in stderr below, with the reason
                }
            }
            remember("(not a valid reporter:counter:<group>,<name>,<amount> line) " + line);
            return false;
        }
        if (line.startsWith(STATUS)) {
            String status = line.substring(STATUS.length());
            lastStatus = Printable.quote(status);
            progress.status(status);
            progress.tick();
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
}
