package io.warren.worker.exec;

import io.warren.api.Counters;
import io.warren.worker.io.Merger;
import io.warren.worker.io.RunWriter;
import io.warren.worker.io.SortBuffer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A map task's pairs for a streaming job with a combiner command. Pairs are packed and sorted as without a combiner;
 * at each spill (and for the final files when nothing spilled) one combiner process reads the whole sorted buffer, all
 * partitions in order, as {@code key\tvalue} lines, like a reducer, and its output becomes the spill's sections: each
 * line is split at its first tab and filed under its key's partition. A combiner must emit the keys it was given, in
 * the order it read them (as Hadoop's does), so its output arrives sorted; one that does not fails the task with that
 * reason, never a silently unsorted file. Spills are merged without running the combiner again.
 */
final class StreamingCombineBuffer implements PairBuffer {
    /** Starts the combiner's process for one spill. */
    interface Starter {
        StreamingProcess start() throws StreamingFailure;
    }

    private final Partitions partitions;
    private final SortBuffer buffer;
    private final Starter starter;
    private final Progress progress;
    private StreamingProcess process;
    private PipeLines lines;
    private boolean pending; // the current line of `lines` is read but belongs to a later partition
    private byte[] lastKey = new byte[64];
    private int lastKeyLength = -1;
    private int lastPartition;
    private long combineIn;
    private long combineOut;

    StreamingCombineBuffer(Partitions partitions, long capacityBytes, Starter starter, Progress progress) {
        this.partitions = partitions;
        this.buffer = new SortBuffer(capacityBytes);
        this.starter = starter;
        this.progress = progress;
    }

    @Override
    public boolean add(String key, String value) {
        return buffer.add(partitions.of(key), key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean add(byte[] key, int keyOff, int keyLen, byte[] value, int valOff, int valLen) {
        return buffer.add(partitions.of(key, keyOff, keyLen), key, keyOff, keyLen, value, valOff, valLen);
    }

    @Override
    public boolean isFull() {
        return false;
    }

    @Override
    public void sort() {
        buffer.sort();
    }

    @Override
    public void writeSection(int partition, RunWriter out) throws IOException {
        if (partition == 0) begin();
        if (lines == null) return; // nothing in this spill
        try {
            while (pending || lines.next()) {
                byte[] b = lines.buffer();
                int start = lines.start();
                int tab = lines.tab();
                int keyEnd = tab < 0 ? start + lines.length() : tab;
                int p = partitions.of(b, start, keyEnd - start);
                if (p > partition) {
                    pending = true;
                    break;
                }
                pending = false;
                checkOrder(p, b, start, keyEnd - start);
                int valueStart = tab < 0 ? keyEnd : tab + 1;
                out.write(b, start, keyEnd - start, b, valueStart, start + lines.length() - valueStart);
                combineOut++;
                progress.tick();
            }
            if (partition == partitions.count() - 1) end();
        } catch (IOException | RuntimeException e) {
            abandon();
            throw e;
        } catch (Exception e) {
            abandon();
            throw new IOException(e);
        }
    }

    private void begin() throws IOException {
        lastKeyLength = -1;
        lastPartition = 0;
        pending = false;
        if (buffer.size() == 0) return;
        process = starter.start();
        lines = process.stdout();
        int n = buffer.size();
        combineIn += n;
        process.feed(stdin -> writeAll(stdin, n));
    }

    /** On the feeder thread: the sorted buffer as lines; the task thread only reads the combiner's output meanwhile. */
    private void writeAll(OutputStream stdin, int n) throws IOException {
        byte[] data = buffer.data();
        for (int i = 0; i < n; i++) {
            stdin.write(data, buffer.keyOffset(i), buffer.keyLength(i));
            stdin.write('\t');
            stdin.write(data, buffer.valueOffset(i), buffer.valueLength(i));
            stdin.write('\n');
            progress.tick();
        }
    }

    private void checkOrder(int p, byte[] b, int keyStart, int keyLength) throws StreamingFailure {
        if (p < lastPartition || (p == lastPartition && lastKeyLength >= 0
                && Arrays.compareUnsigned(lastKey, 0, lastKeyLength, b, keyStart, keyStart + keyLength) > 0)) {
            throw new StreamingFailure("the combiner's output is out of order at line " + lines.lineNumber()
                    + ": a combiner must emit the keys it was given, in the order it read them");
        }
        if (p != lastPartition) lastKeyLength = -1;
        lastPartition = p;
        if (lastKey.length < keyLength) lastKey = new byte[Math.max(keyLength, lastKey.length * 2)];
        System.arraycopy(b, keyStart, lastKey, 0, keyLength);
        lastKeyLength = keyLength;
    }

    private void end() throws Exception {
        try {
            if (pending || lines.next()) {
                throw new StreamingFailure("the combiner's output is out of order at line " + lines.lineNumber()
                        + ": a combiner must emit the keys it was given, in the order it read them");
            }
            process.finish();
        } finally {
            process.close();
            process = null;
            lines = null;
        }
    }

    private void abandon() {
        if (process != null) process.close();
        process = null;
        lines = null;
    }

    @Override
    public void writeMerged(Merger merged, RunWriter out) throws IOException {
        merged.copyTo(out, progress::tick);
    }

    @Override
    public int size() {
        return buffer.size();
    }

    @Override
    public void clear() {
        abandon();
        buffer.clear();
    }

    @Override
    public void countInto(Counters counters) {
        counters.increment(Counters.COMBINE_INPUT_RECORDS, combineIn);
        counters.increment(Counters.COMBINE_OUTPUT_RECORDS, combineOut);
    }
}
