package io.warren.cli;

import io.warren.api.Counters;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows a job's progress. On a terminal, one line redrawn in place with bars for map and reduce, the time so far and
 * the input read per second; when the output is a file or a pipe, a plain line per change, so logs stay readable.
 * {@link #summary} is the one line that says how the job ended.
 */
final class ProgressPrinter {
    private static final int BAR = 20;
    /** How the coordinator's update for a job it refused at submission begins. */
    private static final String REFUSED = "refused: ";
    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier nanos;
    private final long started;
    private String last = "";
    /** The number of the pipeline step last shown (0: none), and whether its line has been ended. */
    private int lastStep;
    private boolean lineEnded;
    /** Seconds from the start to the job's end as first shown, so the summary and the last line agree; -1 until then. */
    private double endedAt = -1;

    ProgressPrinter(PrintStream out, boolean terminal) {
        this(out, terminal, System::nanoTime);
    }

    ProgressPrinter(PrintStream out, boolean terminal, LongSupplier nanos) {
        this.out = out;
        this.terminal = terminal;
        this.nanos = nanos;
        this.started = nanos.getAsLong();
    }

    /**
     * Shows an update. A pipeline's updates carry the step they concern, and each step gets a line of its own: on a
     * terminal, the line of a step is finished when the next one starts.
     */
    synchronized void show(JobUpdate u) {
        if (u.state().isTerminal() && endedAt < 0) endedAt = seconds();
        if (isRefusal(u)) return; // a job that never ran has no progress to show; the summary gives the reason
        JobUpdate.Step step = u.step();
        JobState shown = step == null ? u.state() : step.state();
        String who = step == null ? u.jobId() : String.format(Locale.ROOT, "%s step %d/%d %s", u.jobId(), step.number(),
                step.of(), step.name());
        if (step != null && terminal && step.number() != lastStep && lastStep > 0 && !lineEnded) out.println();
        if (step != null) lastStep = step.number();
        String key = who + " " + shown + " " + u.mapsDone() + "/" + u.maps() + " " + u.reducesDone() + "/" + u.reduces() + " "
                + u.counter(Counters.MAP_INPUT_BYTES);
        if (key.equals(last)) return;
        last = key;
        double seconds = u.state().isTerminal() ? endedAt : seconds();
        long input = u.counter(Counters.MAP_INPUT_BYTES);
        String rate = input > 0 ? "  " + Cells.bytes(input / seconds) + "/s" : "";
        String line = String.format(Locale.ROOT, "%s %-9s map %s%d/%d  reduce %s%d/%d  %.1fs%s", who, shown,
                bar(u.mapsDone(), u.maps()), u.mapsDone(), u.maps(), bar(u.reducesDone(), u.reduces()),
                u.reducesDone(), u.reduces(), seconds, rate);
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
            lineEnded = u.state().isTerminal();
            if (lineEnded) out.println();
        } else {
            out.println(line);
        }
        out.flush();
    }

    /**
     * How the job ended, in one line: time, tasks and data for a success; the reason otherwise. The time is the
     * printer's, from just before the job was submitted, so it agrees with the progress lines.
     */
    synchronized String summary(JobUpdate end, String output) {
        double seconds = endedAt < 0 ? seconds() : endedAt;
        String took = String.format(Locale.ROOT, "%.1fs", seconds);
        if (end.step() != null) return pipelineSummary(end, output, took);
        return switch (end.state()) {
            case SUCCEEDED -> {
                long input = end.counter(Counters.MAP_INPUT_BYTES);
                yield String.format(Locale.ROOT, "job %s succeeded in %s: %d map and %d reduce tasks, read %s (%s/s),"
                                + " %,d records out, %s written; output in %s/mr-out-*", end.jobId(), took, end.maps(),
                        end.reduces(), Cells.bytes(input), Cells.bytes(input / seconds), end.counter(Counters.REDUCE_OUTPUT_RECORDS),
                        Cells.bytes(end.counter(Counters.BYTES_WRITTEN)), output);
            }
            case CANCELLED -> "job " + end.jobId() + " cancelled after " + took + ": " + reason(end, "cancelled: ");
            default -> isRefusal(end) ? "job " + end.jobId() + " refused: " + reason(end, "refused: ")
                    : "job " + end.jobId() + " failed after " + took + ": " + reason(end, "failed: ");
        };
    }

    /** A pipeline's end: where its output is, or which step failed and why (the reason names the step). */
    private String pipelineSummary(JobUpdate end, String output, String took) {
        JobUpdate.Step step = end.step();
        return switch (end.state()) {
            case SUCCEEDED -> String.format(Locale.ROOT, "pipeline %s succeeded in %s: %d steps, the last wrote %,d"
                            + " records, %s; output in %s", end.jobId(), took, step.of(),
                    end.counter(Counters.REDUCE_OUTPUT_RECORDS), Cells.bytes(end.counter(Counters.BYTES_WRITTEN)), output);
            case CANCELLED -> "pipeline " + end.jobId() + " cancelled after " + took + " in step " + step.number() + "/"
                    + step.of() + " " + step.name() + ": " + reason(end, "cancelled: ");
            default -> isRefusal(end) ? "pipeline " + end.jobId() + " refused: " + reason(end, "refused: ")
                    : "pipeline " + end.jobId() + " failed after " + took + " in step " + step.number() + "/" + step.of()
                    + " " + step.name() + ": " + reason(end, "failed: ");
        };
    }

    private double seconds() {
        return Math.max(1e-3, (nanos.getAsLong() - started) / 1e9);
    }

    private static boolean isRefusal(JobUpdate u) {
        return u.state() == JobState.FAILED && u.message().startsWith(REFUSED);
    }

    private static String reason(JobUpdate u, String prefix) {
        String m = u.message().startsWith(prefix) ? u.message().substring(prefix.length()) : u.message();
        return m.isBlank() ? "no reason given (warren status " + u.jobId() + ")" : m;
    }

    /** A bar and a space on a terminal; nothing in plain lines. */
    private String bar(int done, int total) {
        if (!terminal) return "";
        int filled = total == 0 ? 0 : (int) ((long) done * BAR / total);
        return "[" + "#".repeat(filled) + "-".repeat(BAR - filled) + "] ";
    }
}
