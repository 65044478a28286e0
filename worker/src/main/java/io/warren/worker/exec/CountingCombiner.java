package io.warren.worker.exec;

import io.warren.api.Counters;
import io.warren.api.Emitter;
import io.warren.api.Reducer;
import io.warren.worker.io.Merger;
import io.warren.worker.io.RunWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;

/**
 * The job's combiner, run over one key's values at a time: it counts what goes in and out and holds the combiner to
 * the key it was given. Both the combining buffer and the final merge of its spills combine through it. It runs
 * about once per distinct key per spill, so it reuses one iterator and one emitter rather than making them per call.
 */
final class CountingCombiner {
    private final Reducer combiner;
    private long in;
    private long out;
    private String key;
    private Iterator<String> values;
    private ValueSink sink;
    private final Iterator<String> counted = new Iterator<>() {
        @Override
        public boolean hasNext() {
            return values.hasNext();
        }

        @Override
        public String next() {
            in++;
            return values.next();
        }
    };
    private final Emitter emitter = (k, v) -> {
        if (!key.equals(k)) {
            throw new IllegalStateException("the combiner emitted key '" + k + "' for key '" + key
                    + "'; a combiner must emit the key it was given");
        }
        out++;
        try {
            sink.accept(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    };

    interface ValueSink {
        void accept(String value) throws IOException;
    }

    CountingCombiner(Reducer combiner) {
        this.combiner = combiner;
    }

    void combine(String key, Iterator<String> values, ValueSink sink) throws IOException {
        this.key = key;
        this.values = values;
        this.sink = sink;
        try {
            combiner.reduce(key, counted, emitter);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("the combiner failed: " + e, e);
        }
    }

    /** Writes a merge of combined runs to {@code to}, each key's values combined once more. */
    void combineMerged(Merger merged, RunWriter to) throws IOException {
        boolean more = merged.next();
        while (more) {
            Group group = new Group(merged);
            combine(group.key, group, v -> to.write(group.key, v));
            more = group.drain();
        }
    }

    void countInto(Counters counters) {
        counters.increment(Counters.COMBINE_INPUT_RECORDS, in);
        counters.increment(Counters.COMBINE_OUTPUT_RECORDS, out);
    }
}
