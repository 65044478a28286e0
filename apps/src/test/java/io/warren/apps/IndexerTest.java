package io.warren.apps;

import io.warren.api.Mapper;
import io.warren.api.Reducer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class IndexerTest {
    private static final Pattern LETTERS = Pattern.compile("\\p{L}+");

    private final Indexer job = new Indexer();

    @Test
    void mapperEmitsEachDistinctWordOfALineOnceWithTheDocument() throws Exception {
        RecordingEmitter out = map("books/a.txt", "the cat and the hat, the end");

        assertThat(out.keys()).containsExactly("the", "cat", "and", "hat", "end");
        assertThat(out.values()).allMatch("books/a.txt"::equals);
    }

    @Test
    void mapperEmitsDistinctWordsInFirstSeenOrderOnRandomLines() throws Exception {
        Random random = new Random(21);
        for (int i = 0; i < 2_000; i++) {
            String line = RandomText.line(random) + " " + RandomText.line(random);
            Set<String> distinct = new LinkedHashSet<>();
            Matcher m = LETTERS.matcher(line);
            while (m.find()) distinct.add(m.group());

            RecordingEmitter out = map("doc-" + i, line);

            assertThat(out.keys()).as("line %s", line).containsExactlyElementsOf(distinct);
            assertThat(out.values()).allMatch(("doc-" + i)::equals);
        }
    }

    @Test
    void wordsDifferingOnlyInCaseAreDifferentWords() throws Exception {
        assertThat(map("d", "Cat cat CAT").keys()).containsExactly("Cat", "cat", "CAT");
    }

    @Test
    void reducerCountsAndListsDocumentsSortedAndDeduplicated() throws Exception {
        RecordingEmitter out = reduce("cat", List.of("b.txt", "a.txt", "b.txt", "c/d.txt", "a.txt"));

        assertThat(out.pairs()).containsExactly(new RecordingEmitter.Pair("cat", "3 a.txt,b.txt,c/d.txt"));
    }

    @Test
    void reducerAgreesWithSortedDistinctDocumentsOnRandomInput() throws Exception {
        Random random = new Random(22);
        for (int i = 0; i < 500; i++) {
            List<String> documents = new ArrayList<>();
            int n = 1 + random.nextInt(20);
            for (int d = 0; d < n; d++) documents.add("doc-" + random.nextInt(8) + ".txt");
            List<String> expected = documents.stream().distinct().sorted().toList();

            RecordingEmitter out = reduce("w", documents);

            assertThat(out.pairs()).containsExactly(
                    new RecordingEmitter.Pair("w", expected.size() + " " + String.join(",", expected)));
        }
    }

    private RecordingEmitter map(String document, String line) throws Exception {
        Mapper mapper = job.mapper(FakeJobContext.noParams());
        RecordingEmitter out = new RecordingEmitter();
        mapper.map(document, line, out);
        return out;
    }

    private RecordingEmitter reduce(String key, List<String> values) throws Exception {
        Reducer reducer = job.reducer(FakeJobContext.noParams());
        RecordingEmitter out = new RecordingEmitter();
        reducer.reduce(key, values.iterator(), out);
        return out;
    }
}
