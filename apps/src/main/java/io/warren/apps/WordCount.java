package io.warren.apps;

import io.warren.api.Emitter;
import io.warren.api.JobContext;
import io.warren.api.LongSum;
import io.warren.api.MapReduceJob;
import io.warren.api.Mapper;
import io.warren.api.Reducer;
import io.warren.api.Text;

import java.util.Optional;

/** Counts words. A word is a maximal run of letters ({@link Character#isLetter(int)}); output lines are {@code word count}. */
public final class WordCount implements MapReduceJob {

    @Override
    public Mapper mapper(JobContext job) {
        return new Mapper() {
            @Override
            public void map(String document, String line, Emitter out) {
                map(document, Text.of(line), out);
            }

            private final Text word = new Text(new byte[0], 0, 0); // one view, reused for every word
            private Emitter out;
            private final Words.Sink count = (text, from, to) -> out.emit(word.set(text, from, to), 1);

            /** Words as slices of the line's bytes, counted as numbers: no String or other object per word or line. */
            @Override
            public void map(String document, Text line, Emitter out) {
                this.out = out;
                Words.forEach(line, count);
            }
        };
    }

    @Override
    public Reducer reducer(JobContext job) {
        return LongSum.reducer();
    }

    /** Partial sums are sums too, so the reducer doubles as the combiner. */
    @Override
    public Optional<Reducer> combiner(JobContext job) {
        return Optional.of(LongSum.reducer());
    }
}
