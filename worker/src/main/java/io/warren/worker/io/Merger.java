package io.warren.worker.io;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A streaming k-way merge of sorted runs: yields every record of every run in key order, and for equal keys in input
 * order, holding one block per input in memory. Errors name the input they came from ({@link SourceFailure}), so a
 * reduce can tell the coordinator which map output is bad. {@link MultiPassMerger} builds one over any number of runs.
 */
public final class Merger implements Closeable {
    private final PriorityQueue<MergeSource> heap = new PriorityQueue<>(MergeSource::compareTo);
    private final List<RunReader> readers;
    private final List<List<Integer>> origins;
    private MergeSource current;

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
        for (int i = 0; i < readers.size(); i++) {
            MergeSource s = new MergeSource(readers.get(i), i);
            if (advance(s)) heap.add(s);
        }
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
        if (current != null && advance(current)) heap.add(current);
        current = heap.poll();
        return current != null;
    }

    /** The reader positioned at the current record. */
    public RunReader current() {
        return current.reader;
    }

    /** Writes every remaining record to {@code out} in merged order, calling {@code onRecord} after each. */
    public void copyTo(RunWriter out, Runnable onRecord) throws IOException {
        while (next()) {
            RunReader r = current.reader;
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
