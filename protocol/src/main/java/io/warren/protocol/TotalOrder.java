package io.warren.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * A job's request for globally sorted output, as the workers get it: the input chunks every map task may sample to
 * pick the range partitions' split points. The coordinator chooses the chunks when it plans the job (evenly spaced
 * over all the splits, {@link #CHUNK_BYTES} each, at most {@link #MAX_CHUNKS}); it never runs the job's code. The
 * first map tasks run the mapper over them and publish the split points for the others (see docs/total-order.md).
 */
public record TotalOrder(List<InputSplit> sample) {
    public static final long CHUNK_BYTES = 1L << 20;
    public static final int MAX_CHUNKS = 16;

    public TotalOrder {
        sample = List.copyOf(sample); // empty only for a job without input: every key then goes to the first reduce
    }

    /** Up to {@link #MAX_CHUNKS} chunks evenly spaced over the bytes of every map task's splits, in order. */
    public static TotalOrder plan(List<List<InputSplit>> mapInputs) {
        List<InputSplit> all = mapInputs.stream().flatMap(List::stream).toList();
        long total = all.stream().mapToLong(InputSplit::length).sum();
        int chunks = (int) Math.max(1, Math.min(MAX_CHUNKS, (total + CHUNK_BYTES - 1) / CHUNK_BYTES));
        List<InputSplit> sample = new ArrayList<>(chunks);
        long step = Math.max(1, total / chunks);
        long splitStart = 0;
        int i = 0;
        for (int c = 0; c < chunks && !all.isEmpty(); c++) {
            long at = c * step;
            while (i < all.size() - 1 && splitStart + all.get(i).length() <= at) splitStart += all.get(i++).length();
            InputSplit split = all.get(i);
            long offset = Math.min(at - splitStart, split.length());
            sample.add(split.part(split.start() + offset, Math.min(CHUNK_BYTES, split.length() - offset)));
        }
        return new TotalOrder(sample);
    }
}
