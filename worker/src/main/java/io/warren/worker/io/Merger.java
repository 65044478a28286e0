package io.warren.worker.io;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming k-way merge of sorted runs: yields every record of every run in key order, and for equal keys in input
 * order, holding one block per input in memory. Errors name the input they came from ({@link SourceFailure}), so a
 * reduce can tell the coordinator which map output is bad. {@link MultiPassMerger} builds one over any number of runs.
 */
public final class Merger implements Closeable {
    /** A binary min-heap of the inputs that have records left; the current record's input is at the top. */
    private final MergeSource[] heap;
    private int size;
    private boolean started;
    private final List<RunReader> readers;
    private final List<List<Integer>> origins;

    /**
     * An input that could not be read: {@code index} is its position in the list given to the merger, {@code origins}
     * the original inputs it holds (see {@link RunSource#origins()}).
     */
    public static final class SourceFailure extends IOException {
        public final int index;
        public final List<Integer> origins;

        SourceFailure(int index, List<Integer> origins, IOException cause) {
            super(cause.getMessage(), cause);
            this.index = index;
            this.origins = List.copyOf(origins);
        }
    }

    /** A merge whose inputs are their own origins. */
    public Merger(List<RunReader> readers) throws SourceFailure {
        this(readers, positions(readers.size()));
    }

    Merger(List<RunReader> readers, List<List<Integer>> origins) throws SourceFailure {
        this.readers = new ArrayList<>(readers);
        this.origins = List.copyOf(origins);
        this.heap = new MergeSource[readers.size()];
        for (int i = 0; i < readers.size(); i++) {
            MergeSource s = new MergeSource(readers.get(i), i);
            if (advance(s)) heap[size++] = s;
        }
        for (int i = size / 2 - 1; i >= 0; i--) siftDown(i);
    }

    private static List<List<Integer>> positions(int n) {
        List<List<Integer>> positions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) positions.add(List.of(i));
        return positions;
    }

    private boolean advance(MergeSource s) throws SourceFailure {
        try {
            return s.advance();
        } catch (IOException e) {
            throw new SourceFailure(s.index, origins.get(s.index), e);
        }
    }

    /** Moves to the next record in merged order; false when every input is exhausted. */
    public boolean next() throws SourceFailure {
        if (started && size > 0) {
            // The top input moves on and sinks to its place: one sift per record, not a removal and an insertion.
            if (!advance(heap[0])) heap[0] = heap[--size];
            if (size > 0) siftDown(0);
        }
        started = true;
        return size > 0;
    }

    private void siftDown(int i) {
        MergeSource s = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) break;
            if (child + 1 < size && heap[child + 1].compareTo(heap[child]) < 0) child++;
            if (s.compareTo(heap[child]) <= 0) break;
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = s;
    }

    /** The reader positioned at the current record. */
    public RunReader current() {
        return heap[0].reader;
    }

    /** Writes every remaining record to {@code out} in merged order, calling {@code onRecord} after each. */
    public void copyTo(RunWriter out, Runnable onRecord) throws IOException {
        while (next()) {
            RunReader r = heap[0].reader;
            out.write(r.buffer(), r.keyOffset(), r.keyLength(), r.buffer(), r.valueOffset(), r.valueLength());
            onRecord.run();
        }
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (RunReader r : readers) {
            try {
                r.close();
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }
}
