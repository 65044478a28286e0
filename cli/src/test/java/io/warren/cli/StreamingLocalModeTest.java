package io.warren.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code warren run} takes a streaming job's options as {@code submit} does, and runs it in one process. */
class StreamingLocalModeTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "streaming").toAbsolutePath().normalize();
    @TempDir
    Path dir;

    @Test
    void theAwkExampleRunsInLocalModeWithAnInlineMapperAndAShippedReducer() throws Exception {
        Map<String, Path> docs = TextGenerator.write(dir, "in", 4, 200, 21);
        Path out = dir.resolve("out");

        int code = Main.execute("run", "--mapper", "awk '{ print NF }'", "--reducer", "awk -f count.awk",
                "--combiner", "awk -f count.awk", "--file", EXAMPLES.resolve("awk/count.awk").toString(),
                "--input", dir + "/in/*.txt", "--output", out.toString(), "--reduces", "2", "--workers", "2");

        assertThat(code).isZero();
        Map<String, Long> expected = new TreeMap<>();
        for (Path doc : docs.values()) {
            for (String line : Files.readAllLines(doc)) {
                String t = line.trim();
                expected.merge(Integer.toString(t.isEmpty() ? 0 : t.split(" +").length), 1L, Long::sum);
            }
        }
        Map<String, Long> got = new TreeMap<>();
        for (String part : List.of("mr-out-0", "mr-out-1")) {
            for (String line : Files.readAllLines(out.resolve(part))) got.put(line.split("\t")[0], Long.parseLong(line.split("\t")[1]));
        }
        assertThat(got).isEqualTo(expected);
    }

    /** A secondary sort: keyed by station and padded temperature, partitioned by station; the reducer takes each first. */
    @Test
    void keyFieldsAndPartitionKeyFieldsLetAStreamingReducerReadEachGroupSorted() throws Exception {
        java.util.Random random = new java.util.Random(31);
        Map<String, Integer> coldest = new TreeMap<>();
        Files.createDirectories(dir.resolve("in"));
        for (int f = 0; f < 3; f++) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                String station = "st" + random.nextInt(30);
                int temperature = random.nextInt(10_000);
                lines.add(station + "," + temperature);
                coldest.merge(station, temperature, Math::min);
            }
            Files.write(dir.resolve("in/t" + f + ".csv"), lines);
        }
        Path out = dir.resolve("out");

        int code = Main.execute("run", "--mapper", "awk -F, '{ printf \"%s\\t%05d\\t%s\\n\", $1, $2, $2 }'",
                "--reducer", "awk -F'\t' '$1 != last { print $1 \"\\t\" $3; last = $1 }'",
                "--key-fields", "2", "--partition-key-fields", "1",
                "--input", dir + "/in", "--output", out.toString(), "--reduces", "3", "--workers", "2");

        assertThat(code).isZero();
        Map<String, Integer> got = new TreeMap<>();
        for (int r = 0; r < 3; r++) {
            for (String line : Files.readAllLines(out.resolve("mr-out-" + r))) {
                String[] f = line.split("\t");
                assertThat(got.put(f[0], Integer.parseInt(f[1]))).as("station %s once", f[0]).isNull();
            }
        }
        assertThat(got).isEqualTo(coldest);
    }

    @Test
    void keyOptionsThatCannotWorkAreRefused() {
        List<Integer> codes = new ArrayList<>();
        codes.add(Main.execute("run", "--mapper", "cat", "--key-fields", "2", "--partition-key-fields", "3",
                "--input", dir + "/x", "--output", dir + "/o1"));
        codes.add(Main.execute("run", "--mapper", "cat", "--field-separator", "::", "--input", dir + "/x", "--output", dir + "/o2"));
        assertThat(codes).containsOnly(2);
    }

    @Test
    void streamingOptionsNeedAMapperAndExcludeAnApp() {
        List<Integer> codes = new ArrayList<>();
        codes.add(Main.execute("run", "--reducer", "cat", "--input", dir + "/x", "--output", dir + "/o1"));
        codes.add(Main.execute("run", "--app", "wordcount", "--mapper", "cat", "--input", dir + "/x", "--output", dir + "/o2"));
        codes.add(Main.execute("run", "--mapper", "cat", "--file", dir + "/no-such-file.py", "--input", dir + "/x", "--output", dir + "/o3"));
        assertThat(codes).containsOnly(2);
        assertThat(dir.resolve("o1")).doesNotExist();
    }
}
