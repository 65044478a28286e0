package io.warren.cli;

import io.warren.protocol.JobUpdate;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Shows a job's progress: one line redrawn in place on a terminal, or a plain line per change when the output is a
 * file or a pipe (so logs stay readable).
 */
final class ProgressPrinter {
    private final PrintStream out;
    private final boolean terminal;
    private final Instant started = Instant.now();
    private String last = "";

    ProgressPrinter(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    synchronized void show(JobUpdate u) {
        String line = String.format(Locale.ROOT, "%s %-9s map %d/%d  reduce %d/%d  %s", u.jobId(), u.state(),
                u.mapsDone(), u.maps(), u.reducesDone(), u.reduces(), elapsed());
        String key = u.state() + " " + u.mapsDone() + " " + u.reducesDone();
        if (key.equals(last)) return;
        last = key;
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
            if (u.state().isTerminal()) out.println();
        } else {
            out.println(line);
        }
        out.flush();
    }

    private String elapsed() {
        Duration d = Duration.between(started, Instant.now());
        return String.format(Locale.ROOT, "%d.%01ds", d.toSeconds(), d.toMillisPart() / 100);
    }
}
