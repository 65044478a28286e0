package io.warren.apps;

import io.warren.api.JobContext;
import io.warren.api.Mapper;
import io.warren.api.MapReduceJob;
import io.warren.api.Reducer;

import java.util.Optional;

/** Counts words. A word is a maximal run of letters ({@link Character#isLetter(int)}); output lines are {@code word count}. */
public final class WordCount implements MapReduceJob {

    @Override
    public Mapper mapper(JobContext job) {
        return (document, line, out) -> Words.forEach(line, word -> out.emit(word, "1"));
    }

    @Override
    public Reducer reducer(JobContext job) {
        return Sum.REDUCER;
    }

    /** Partial sums are sums too, so the reducer doubles as the combiner. */
    @Override
    public Optional<Reducer> combiner(JobContext job) {
        return Optional.of(Sum.REDUCER);
    }
}
