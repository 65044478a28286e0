package io.warren.apps;

import io.warren.api.JobContext;
import io.warren.api.Mapper;
import io.warren.api.MapReduceJob;
import io.warren.api.Reducer;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * An inverted index: for every word, the documents it appears in. Output lines are {@code word N doc1,doc2,...} with
 * the N documents sorted and de-duplicated.
 */
public final class Indexer implements MapReduceJob {

    @Override
    public Mapper mapper(JobContext job) {
        return (document, line, out) -> {
            Set<String> seen = new HashSet<>();
            Words.forEach(line, word -> {
                if (seen.add(word)) out.emit(word, document);
            });
        };
    }

    @Override
    public Reducer reducer(JobContext job) {
        return (word, documents, out) -> {
            Set<String> sorted = new TreeSet<>();
            documents.forEachRemaining(sorted::add);
            out.emit(word, sorted.size() + " " + String.join(",", sorted));
        };
    }
}
