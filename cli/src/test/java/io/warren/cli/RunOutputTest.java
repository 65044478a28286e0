package io.warren.cli;

import io.warren.apps.WordCount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code warren run} prints: progress, then one summary that agrees with it; a refusal's reason once. */
class RunOutputTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    /** Runs warren with both streams captured (logging included: its console appender writes to System.err). */
    private int run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            return Main.execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private String all() {
        return stdout.toString(StandardCharsets.UTF_8) + stderr.toString(StandardCharsets.UTF_8);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) n++;
        return n;
    }

    @Test
    void aSucceededRunPrintsOneSummaryThatAgreesWithItsLastProgressLine() throws Exception {
        Map<String, Path> docs = TextGenerator.write(dir, "in", 3, 100, 21);
        Path out = dir.resolve("out");

        int code = run("run", "--app", "wordcount", "--input", dir + "/in/*.txt", "--output", out.toString(),
                "--reduces", "2", "--workers", "2");

        assertThat(code).isZero();
        List<String> summary = stdout.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(summary).hasSize(1);
        assertThat(count(all(), " succeeded in ")).isEqualTo(1);
        int words = SequentialReference.run(new WordCount(), Map.of(), docs).size();
        Matcher m = Pattern.compile("job (\\S+) succeeded in ([0-9.]+s): 3 map and 2 reduce tasks, read [0-9.]+ [KMG]?i?B"
                + " \\([0-9.]+ [KMG]?i?B/s\\), ([0-9,]+) records out, [0-9.]+ [KMG]?i?B written; output in "
                + Pattern.quote(out.toString()) + "/mr-out-\\*").matcher(summary.get(0));
        assertThat(m.matches()).as(summary.get(0)).isTrue();
        assertThat(Integer.parseInt(m.group(3).replace(",", ""))).isEqualTo(words);
        String lastProgress = stderr.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(" SUCCEEDED "))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(lastProgress).contains("  " + m.group(2));
    }

    @Test
    void aRefusedRunGivesItsReasonOnce() throws Exception {
        TextGenerator.write(dir, "in", 1, 10, 22);

        int code = run("run", "--app", "grep", "--input", dir + "/in/*.txt", "--output", dir.resolve("grep").toString());

        assertThat(code).isEqualTo(1);
        assertThat(count(all(), "parameter 'pattern' is required")).as(all()).isEqualTo(1);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).containsPattern("job \\S+ refused: parameter 'pattern' is required");
    }
}
