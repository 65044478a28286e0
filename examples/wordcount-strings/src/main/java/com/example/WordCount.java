package com.example;

import io.warren.api.JobContext;
import io.warren.api.Mapper;
import io.warren.api.MapReduceJob;
import io.warren.api.Reducer;

import java.util.Optional;

/**
 * A word count as a user writes it with Warren's String API: the mapper cuts each line into words (maximal runs of
 * letters, {@link Character#isLetter(int)} by code point, as the built-in {@code wordcount} does) and emits
 * {@code (word, "1")}; the reducer adds the counts up, and also serves as the combiner. Output lines are
 * {@code word count}, the same as the built-in app's.
 *
 * <pre>warren submit --jar jobs/wordcount-strings.jar --app com.example.WordCount --input 'books/*.txt' --output out/wc</pre>
 */
public final class WordCount implements MapReduceJob {

    @Override
    public Mapper mapper(JobContext job) {
        return (document, line, out) -> {
            int start = -1;
            int i = 0;
            while (i < line.length()) {
                int cp = line.codePointAt(i);
                if (Character.isLetter(cp)) {
                    if (start < 0) start = i;
                } else if (start >= 0) {
                    out.emit(line.substring(start, i), "1");
                    start = -1;
                }
                i += Character.charCount(cp);
            }
            if (start >= 0) out.emit(line.substring(start), "1");
        };
    }

    @Override
    public Reducer reducer(JobContext job) {
        return (word, counts, out) -> {
            long n = 0;
            while (counts.hasNext()) n += Long.parseLong(counts.next());
            out.emit(word, Long.toString(n));
        };
    }

    @Override
    public Optional<Reducer> combiner(JobContext job) {
        return Optional.of(reducer(job));
    }
}
