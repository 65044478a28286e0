package io.warren.cli;

import io.warren.protocol.Streaming;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The streaming word count of examples/streaming (Python), and what it must compute, for tests that run it. */
final class StreamingJobs {
    private static final Path EXAMPLES = Path.of("..", "examples", "streaming").toAbsolutePath().normalize();

    static Streaming pythonWordCount() {
        return new Streaming("python3 map.py", "python3 reduce.py", "python3 reduce.py",
                List.of(file("wordcount/map.py"), file("wordcount/reduce.py")));
    }

    private static Streaming.ShippedFile file(String path) {
        try {
            Path p = EXAMPLES.resolve(path);
            return Streaming.file(p.getFileName().toString(), Files.readAllBytes(p), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What `cat | map.py | sort | reduce.py` computes, as "word count" lines (the tab made a space), sorted. */
    static List<String> expectedWordCount(Map<String, Path> docs) throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        for (Path doc : docs.values()) {
            for (String line : Files.readAllLines(doc, StandardCharsets.UTF_8)) {
                for (String w : line.trim().split(" +")) if (!w.isEmpty()) counts.merge(w, 1L, Long::sum);
            }
        }
        List<String> lines = new ArrayList<>();
        counts.forEach((w, n) -> lines.add(w + " " + n));
        lines.sort(null);
        return lines;
    }

    private StreamingJobs() {
    }
}
