package io.warren.apps;

import io.warren.api.Mapper;
import io.warren.api.Reducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class WordCountTest {
    private static final Pattern LETTERS = Pattern.compile("\\p{L}+");

    private final WordCount job = new WordCount();

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of("", List.of()),
                Arguments.of("   \t ", List.of()),
                Arguments.of("hello world", List.of("hello", "world")),
                Arguments.of("abc123def", List.of("abc", "def")),
                Arguments.of("don't stop-me.now,please", List.of("don", "t", "stop", "me", "now", "please")),
                Arguments.of("naïve café über straße", List.of("naïve", "café", "über", "straße")),
                Arguments.of("漢字かな混じり", List.of("漢字かな混じり")),
                Arguments.of("Ωμέγα;αλφα", List.of("Ωμέγα", "αλφα")),
                Arguments.of("𝐀𝐁𝐂 𐐀𐐨", List.of("𝐀𝐁𝐂", "𐐀𐐨")),
                Arguments.of("a😀b", List.of("a", "b")),
                Arguments.of("x\u00a0y", List.of("x", "y")),
                Arguments.of("42 3.14 -7", List.of()));
    }

    @ParameterizedTest
    @MethodSource("lines")
    void mapperEmitsOneForEveryMaximalRunOfLetters(String line, List<String> words) throws Exception {
        RecordingEmitter out = map(line);

        assertThat(out.keys()).containsExactlyElementsOf(words);
        assertThat(out.values()).allMatch("1"::equals);
    }

    /** Every ASCII character, the ones either side of A-Z and a-z above all, in runs long and short, among letters. */
    @Test
    void mapperAgreesWithALetterRegexOnEveryAsciiNeighbourOfALetter() throws Exception {
        Random random = new Random(12);
        String extra = "@[`{AZaz\u00e9\u00df\u4e2d\ud835\udc00";
        for (int i = 0; i < 3_000; i++) {
            StringBuilder line = new StringBuilder();
            for (int n = random.nextInt(60); n > 0; n--) {
                if (random.nextInt(4) == 0) line.append(extra.charAt(random.nextInt(extra.length() - 2)));
                else if (random.nextInt(10) == 0) line.append("\ud835\udc00");
                else line.append((char) (0x20 + random.nextInt(0x5f)));
                if (random.nextInt(3) == 0) line.append("abcdefghijklmnopqrstuvwxyz".repeat(1 + random.nextInt(2)), 0, 1 + random.nextInt(20));
            }
            RecordingEmitter out = map(line.toString());

            assertThat(out.keys()).as("line %s", line).containsExactlyElementsOf(referenceWords(line.toString()));
        }
    }

    @Test
    void mapperAgreesWithALetterRegexOnRandomLines() throws Exception {
        Random random = new Random(11);
        for (int i = 0; i < 2_000; i++) {
            String line = RandomText.line(random);

            RecordingEmitter out = map(line);

            assertThat(out.keys()).as("line %s", line).containsExactlyElementsOf(referenceWords(line));
            assertThat(out.values()).allMatch("1"::equals);
        }
    }

    @Test
    void reducerEmitsTheSumOfTheCounts() throws Exception {
        Random random = new Random(12);
        for (int i = 0; i < 200; i++) {
            List<String> counts = randomCounts(random);
            long sum = counts.stream().mapToLong(Long::parseLong).sum();

            RecordingEmitter out = reduce(job.reducer(FakeJobContext.noParams()), "word", counts);

            assertThat(out.pairs()).containsExactly(new RecordingEmitter.Pair("word", Long.toString(sum)));
        }
    }

    @Test
    void reducerHandlesCountsBeyondIntRange() throws Exception {
        List<String> counts = List.of(Long.toString(Integer.MAX_VALUE), Long.toString(Integer.MAX_VALUE), "2");

        RecordingEmitter out = reduce(job.reducer(FakeJobContext.noParams()), "big", counts);

        assertThat(out.values()).containsExactly(Long.toString(2L * Integer.MAX_VALUE + 2));
    }

    @Test
    void combinerIsTheSumSoCombiningPartsFirstGivesTheSameTotal() throws Exception {
        Reducer combiner = job.combiner(FakeJobContext.noParams()).orElseThrow();
        Reducer reducer = job.reducer(FakeJobContext.noParams());
        Random random = new Random(13);
        for (int i = 0; i < 200; i++) {
            List<String> counts = randomCounts(random);
            List<String> partials = new ArrayList<>();
            for (int from = 0; from < counts.size(); ) {
                int to = Math.min(counts.size(), from + 1 + random.nextInt(4));
                RecordingEmitter part = reduce(combiner, "w", counts.subList(from, to));
                assertThat(part.keys()).containsExactly("w");
                partials.addAll(part.values());
                from = to;
            }

            assertThat(reduce(reducer, "w", partials).pairs()).isEqualTo(reduce(reducer, "w", counts).pairs());
        }
    }

    private RecordingEmitter map(String line) throws Exception {
        Mapper mapper = job.mapper(FakeJobContext.noParams());
        RecordingEmitter out = new RecordingEmitter();
        mapper.map("doc.txt", line, out);
        return out;
    }

    private static RecordingEmitter reduce(Reducer reducer, String key, List<String> values) throws Exception {
        RecordingEmitter out = new RecordingEmitter();
        reducer.reduce(key, values.iterator(), out);
        return out;
    }

    private static List<String> randomCounts(Random random) {
        List<String> counts = new ArrayList<>();
        int n = 1 + random.nextInt(30);
        for (int i = 0; i < n; i++) counts.add(Integer.toString(1 + random.nextInt(1_000)));
        return counts;
    }

    private static List<String> referenceWords(String line) {
        List<String> words = new ArrayList<>();
        Matcher m = LETTERS.matcher(line);
        while (m.find()) words.add(m.group());
        return words;
    }
}
