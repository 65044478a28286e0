package io.warren.worker.exec;

import io.warren.api.Counters;
import io.warren.worker.io.Merger;
import io.warren.worker.io.RunWriter;
import io.warren.worker.io.SortBuffer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A streaming job's combiner command as a combine step. At each spill (and for the final files when nothing spilled)
 * one combiner process reads the whole sorted buffer, all partitions in order, as {@code key\tvalue} lines, like a
 * reducer, and its output becomes the spill's sections: each line is split at its first tab and filed under its key's
 * partition. A combiner must emit the keys it was given, in the order it read them (as Hadoop's does), so its output
 * arrives sorted; one that does not fails the task with that reason, never a silently unsorted file. Spills are merged
 * without running the combiner again.
 */
final class StreamingCombine implements SortedPairs.Combine {
    /** Starts the combiner's process for one spill. */
    interface Starter {
        StreamingProcess start() throws StreamingFailure;
    }

    private final Partitions partitions;
    private final Starter starter;
    private final Progress progress;
    private StreamingProcess process;
    private byte[] lastKey = new byte[64];
    private int lastKeyLength;
    private int lastPartition;
    private long combineIn;
    private long combineOut;

    StreamingCombine(Partitions partitions, Starter starter, Progress progress) {
        this.partitions = partitions;
        this.starter = starter;
        this.progress = progress;
    }

    @Override
    public void write(SortBuffer sorted, Sections out) throws IOException {
        int n = sorted.size();
        if (n == 0) return;
        lastKeyLength = -1;
        lastPartition = 0;
        process = starter.start();
        try {
            PipeLines lines = process.stdout();
            combineIn += n;
            process.feed(stdin -> writeAll(sorted, stdin, n));
            while (lines.next()) {
                byte[] b = lines.buffer();
                int start = lines.start();
                int tab = lines.tab();
                int keyEnd = tab < 0 ? start + lines.length() : tab;
                int p = partitions.of(b, start, keyEnd - start);
                checkOrder(lines, p, b, start, keyEnd - start);
                int valueStart = tab < 0 ? keyEnd : tab + 1;
                out.section(p).write(b, start, keyEnd - start, b, valueStart, start + lines.length() - valueStart);
                combineOut++;
                progress.tick();
            }
            process.finish();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            discard();
        }
    }

    /** On the feeder thread: the sorted buffer as lines; the task thread only reads the combiner's output meanwhile. */
    private void writeAll(SortBuffer sorted, OutputStream stdin, int n) throws IOException {
        byte[] data = sorted.data();
        for (int i = 0; i < n; i++) {
            stdin.write(data, sorted.keyOffset(i), sorted.keyLength(i));
            stdin.write('\t');
            stdin.write(data, sorted.valueOffset(i), sorted.valueLength(i));
            stdin.write('\n');
            progress.tick();
        }
    }

    private void checkOrder(PipeLines lines, int p, byte[] b, int keyStart, int keyLength) throws StreamingFailure {
        if (p < lastPartition || (p == lastPartition && lastKeyLength >= 0
                && Arrays.compareUnsigned(lastKey, 0, lastKeyLength, b, keyStart, keyStart + keyLength) > 0)) {
            throw new StreamingFailure("the combiner's output is out of order at line " + lines.lineNumber()
                    + ": a combiner must emit the keys it was given, in the order it read them");
        }
        lastPartition = p;
        if (lastKey.length < keyLength) lastKey = new byte[Math.max(keyLength, lastKey.length * 2)];
        System.arraycopy(b, keyStart, lastKey, 0, keyLength);
        lastKeyLength = keyLength;
    }

    @Override
    public void writeMerged(Merger merged, RunWriter out) throws IOException {
        merged.copyTo(out, progress::tick);
    }

    /** Ends the combiner's process, if one runs. */
    @Override
    public void discard() {
        if (process != null) process.close();
        process = null;
    }

    @Override
    public void countInto(Counters counters) {
        counters.increment(Counters.COMBINE_INPUT_RECORDS, combineIn);
        counters.increment(Counters.COMBINE_OUTPUT_RECORDS, combineOut);
    }
}
