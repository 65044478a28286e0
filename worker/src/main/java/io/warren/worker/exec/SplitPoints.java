package io.warren.worker.exec;

import io.warren.api.Partitioner;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a total order's R ranges meet, picked from a sorted sample of n keys: partition r takes the sample's
 * positions {@code [r*n/R, (r+1)*n/R)}. Only the keys that sit on a boundary are kept, each with the run of
 * positions its copies take in the sample ({@code start}, {@code count}); a key between them goes where the positions
 * around it go. A key whose run crosses boundaries (a hot key) lies in several ranges: a job whose keys may span
 * reduces spreads its pairs over them in proportion, others send all of it to the first. Either way the partition
 * never decreases as the key grows, so the outputs read in order are sorted.
 */
final class SplitPoints {
    private final int reduces;
    private final long samples;
    private final byte[][] keys;
    private final long[] starts;
    private final long[] counts;

    private SplitPoints(int reduces, long samples, byte[][] keys, long[] starts, long[] counts) {
        this.reduces = reduces;
        this.samples = samples;
        this.keys = keys;
        this.starts = starts;
        this.counts = counts;
    }

    /** The split points of {@code sorted}, a sample of keys in unsigned byte order. */
    static SplitPoints of(List<byte[]> sorted, int reduces) {
        int n = sorted.size();
        List<byte[]> keys = new ArrayList<>();
        List<long[]> runs = new ArrayList<>();
        int from = 0;
        for (int r = 1; r < reduces && n > 0; r++) {
            int at = (int) (((long) r * n + reduces - 1) / reduces); // the first position of range r
            if (at >= n || at < from) continue; // past the end, or inside the run of the key kept last
            byte[] key = sorted.get(at);
            int start = at;
            while (start > 0 && Arrays.equals(sorted.get(start - 1), key)) start--;
            int end = at + 1;
            while (end < n && Arrays.equals(sorted.get(end), key)) end++;
            keys.add(key);
            runs.add(new long[]{start, end - start});
            from = end;
        }
        long[] starts = runs.stream().mapToLong(x -> x[0]).toArray();
        long[] counts = runs.stream().mapToLong(x -> x[1]).toArray();
        return new SplitPoints(reduces, n, keys.toArray(new byte[0][]), starts, counts);
    }

    /** The partitioner of a map task; it spreads a key that spans ranges only if {@code spread}. */
    Partitioner partitioner(boolean spread) {
        long[] seen = new long[keys.length]; // per boundary key: its pairs so far, to walk its run in turn
        return new Partitioner() {
            @Override
            public int partition(String key, int reduceCount) {
                byte[] b = key.getBytes(StandardCharsets.UTF_8);
                return partition(b, 0, b.length, reduceCount);
            }

            @Override
            public int partition(byte[] utf8, int offset, int length, int reduceCount) {
                if (reduceCount != reduces) {
                    throw new IllegalStateException("split points for " + reduces + " reduces, asked for " + reduceCount);
                }
                int j = search(utf8, offset, length);
                if (j >= 0) return range(spread ? starts[j] + seen[j]++ % counts[j] : starts[j]);
                int before = -j - 2; // the last boundary key below this one
                return before < 0 ? 0 : range(starts[before] + counts[before]);
            }
        };
    }

    private int range(long position) {
        return (int) Math.min(reduces - 1, position * reduces / Math.max(1, samples));
    }

    private int search(byte[] b, int off, int len) {
        int lo = 0;
        int hi = keys.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Arrays.compareUnsigned(keys[mid], 0, keys[mid].length, b, off, off + len);
            if (c < 0) lo = mid + 1;
            else if (c > 0) hi = mid - 1;
            else return mid;
        }
        return -(lo + 1);
    }

    void write(OutputStream to) throws IOException {
        DataOutputStream out = new DataOutputStream(to);
        out.writeInt(reduces);
        out.writeLong(samples);
        out.writeInt(keys.length);
        for (int j = 0; j < keys.length; j++) {
            out.writeInt(keys[j].length);
            out.write(keys[j]);
            out.writeLong(starts[j]);
            out.writeLong(counts[j]);
        }
        out.flush();
    }

    static SplitPoints read(InputStream from) throws IOException {
        DataInputStream in = new DataInputStream(from);
        int reduces = in.readInt();
        long samples = in.readLong();
        int n = in.readInt();
        byte[][] keys = new byte[n][];
        long[] starts = new long[n];
        long[] counts = new long[n];
        for (int j = 0; j < n; j++) {
            keys[j] = in.readNBytes(in.readInt());
            starts[j] = in.readLong();
            counts[j] = in.readLong();
        }
        return new SplitPoints(reduces, samples, keys, starts, counts);
    }
}
