package io.warren.cli;

import io.warren.api.Counters;
import io.warren.protocol.JobUpdate;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows a job's progress. On a terminal, one line redrawn in place with bars for map and reduce, the time so far and
 * the input read per second; when the output is a file or a pipe, a plain line per change, so logs stay readable. The
 * job's end gets a summary line either way.
 */
final class ProgressPrinter {
    private static final int BAR = 20;
    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier nanos;
    private final long started;
    private String last = "";

    ProgressPrinter(PrintStream out, boolean terminal) {
        this(out, terminal, System::nanoTime);
    }

    ProgressPrinter(PrintStream out, boolean terminal, LongSupplier nanos) {
        this.out = out;
        this.terminal = terminal;
        this.nanos = nanos;
        this.started = nanos.getAsLong();
    }

    synchronized void show(JobUpdate u) {
        String key = u.state() + " " + u.mapsDone() + "/" + u.maps() + " " + u.reducesDone() + "/" + u.reduces() + " "
                + u.counter(Counters.MAP_INPUT_BYTES);
        if (key.equals(last)) return;
        last = key;
        double seconds = Math.max(1e-3, (nanos.getAsLong() - started) / 1e9);
        long input = u.counter(Counters.MAP_INPUT_BYTES);
        String rate = input > 0 ? "  " + bytes(input / seconds) + "/s" : "";
        String line = String.format(Locale.ROOT, "%s %-9s map %s%d/%d  reduce %s%d/%d  %.1fs%s", u.jobId(), u.state(),
                bar(u.mapsDone(), u.maps()), u.mapsDone(), u.maps(), bar(u.reducesDone(), u.reduces()),
                u.reducesDone(), u.reduces(), seconds, rate);
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
            if (u.state().isTerminal()) out.println();
        } else {
            out.println(line);
        }
        if (u.state().isTerminal() && input > 0) {
            out.printf(Locale.ROOT, "%s %s in %.1fs: read %s (%s/s), %d record(s) out, %s written%n", u.jobId(),
                    u.state().name().toLowerCase(Locale.ROOT), seconds, bytes(input), bytes(input / seconds),
                    u.counter(Counters.REDUCE_OUTPUT_RECORDS), bytes(u.counter(Counters.BYTES_WRITTEN)));
        }
        out.flush();
    }

    /** A bar and a space on a terminal; nothing in plain lines. */
    private String bar(int done, int total) {
        if (!terminal) return "";
        int filled = total == 0 ? 0 : (int) ((long) done * BAR / total);
        return "[" + "#".repeat(filled) + "-".repeat(BAR - filled) + "] ";
    }

    static String bytes(double n) {
        if (n >= 1L << 30) return String.format(Locale.ROOT, "%.2f GiB", n / (1L << 30));
        if (n >= 1L << 20) return String.format(Locale.ROOT, "%.1f MiB", n / (1L << 20));
        if (n >= 1L << 10) return String.format(Locale.ROOT, "%.1f KiB", n / (1L << 10));
        return String.format(Locale.ROOT, "%.0f B", n);
    }
}
