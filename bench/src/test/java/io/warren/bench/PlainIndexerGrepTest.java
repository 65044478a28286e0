package io.warren.bench;

import io.warren.api.JobContext;
import io.warren.api.Mapper;
import io.warren.api.MapReduceJob;
import io.warren.api.Reducer;
import io.warren.apps.Grep;
import io.warren.apps.Indexer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The plain indexer and grep give the lines Warren's own apps give, run here map, shuffle and reduce in one thread. */
class PlainIndexerGrepTest {
    @TempDir
    Path root;

    private Path input() throws Exception {
        Path in = Files.createDirectories(root.resolve("in"));
        for (int f = 0; f < 5; f++) Files.write(in.resolve("part-" + f + ".txt"), PlainByteWordCountTest.text(100 + f, 2000));
        Files.writeString(in.resolve("lines.txt"), "the end\r\nlone\rcarriage return\r\n\nno newline at the end");
        Files.writeString(in.resolve("_SUCCESS"), ""); // bookkeeping, not data, for Warren as for the plain programs
        return in;
    }

    /** Warren's output lines for the job over every file in {@code in}, sorted. */
    private List<String> warren(MapReduceJob job, Map<String, String> params, Path in) throws Exception {
        JobContext context = new JobContext() {
            public String jobId() {
                return "test";
            }

            public Map<String, String> params() {
                return params;
            }
        };
        Mapper mapper = job.mapper(context);
        Reducer reducer = job.reducer(context);
        TreeMap<String, List<String>> groups = new TreeMap<>(PlainInput::compareCodePoints);
        for (Path file : PlainInput.files(in)) {
            String document = root.relativize(file).toString();
            List<Exception> failures = new ArrayList<>();
            PlainInput.forEachLine(file, line -> {
                try {
                    mapper.map(document, line, (k, v) -> groups.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
                } catch (Exception e) {
                    failures.add(e);
                }
            });
            assertThat(failures).isEmpty();
        }
        List<String> out = new ArrayList<>();
        for (var g : groups.entrySet()) reducer.reduce(g.getKey(), g.getValue().iterator(), (k, v) -> out.add(k + " " + v));
        out.sort(null);
        return out;
    }

    private static List<String> sortedLines(Path file) throws Exception {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        List<String> lines = new ArrayList<>(List.of(text.substring(0, text.length() - 1).split("\n", -1))); // not at \r
        lines.sort(null);
        return lines;
    }

    @Test
    void indexerMatchesWarrensIndexer() throws Exception {
        Path in = input();
        Path out = root.resolve("indexer.out");
        PlainIndexer.main(new String[]{"2", in.toString(), out.toString()});
        List<String> expected = warren(new Indexer(), Map.of(), in);
        assertThat(expected).anyMatch(l -> l.startsWith("carriage 1 in/lines.txt"));
        assertThat(sortedLines(out)).isEqualTo(expected);
    }

    @Test
    void grepMatchesWarrensGrepWithAnExplicitRoot() throws Exception {
        Path in = input();
        Path out = root.resolve("grep.out");
        PlainGrep.main(new String[]{"--root", root.toString(), "3", "(?i)caf|end|return$", in.toString(), out.toString()});
        List<String> expected = warren(new Grep(), Map.of("pattern", "(?i)caf|end|return$"), in);
        assertThat(expected).contains("in/lines.txt lone\rcarriage return", "in/lines.txt no newline at the end");
        assertThat(sortedLines(out)).isEqualTo(expected);
    }
}
