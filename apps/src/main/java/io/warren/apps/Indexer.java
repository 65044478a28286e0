package io.warren.apps;

import io.warren.api.Emitter;
import io.warren.api.JobContext;
import io.warren.api.MapReduceJob;
import io.warren.api.Mapper;
import io.warren.api.Reducer;
import io.warren.api.Text;

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
        return new Mapper() {
            private final Set<Text> seen = new HashSet<>(); // one line's words; reused, as the mapper serves one task

            @Override
            public void map(String document, String line, Emitter out) {
                map(document, Text.of(line), out);
            }

            @Override
            public void map(String document, Text line, Emitter out) {
                seen.clear();
                Words.forEach(line, (text, from, to) -> {
                    Text word = text.slice(from, to); // kept in the set: a view of its own
                    if (seen.add(word)) out.emit(word, document);
                });
            }
        };
    }

    @Override
    public Reducer reducer(JobContext job) {
        return (word, documents, out) -> {
            Set<String> sorted = new TreeSet<>();
            String last = null;
            while (documents.hasNext()) {
                String document = documents.next();
                if (document.equals(last)) continue; // one map task's pairs of a word arrive together: skip repeats cheaply
                sorted.add(document);
                last = document;
            }
            out.emit(word, sorted.size() + " " + String.join(",", sorted));
        };
    }
}
