package io.warren.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * What a user would write instead of Warren: a word count in plain Java with N threads, each counting a share of the
 * files into its own HashMap, then merged and written sorted as {@code word count} lines. Same tokenizer as Warren's
 * wordcount (maximal runs of letters).
 * <pre>java -cp 'bench/target/warren-bench.jar:bench/target/lib/*' io.warren.bench.PlainWordCount THREADS INPUT_DIR OUTPUT_FILE</pre>
 */
public final class PlainWordCount {

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(args[1]))) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Map<String, long[]>>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int share = t;
            parts.add(pool.submit(() -> {
                Map<String, long[]> counts = new HashMap<>();
                for (int i = share; i < files.size(); i += threads) count(files.get(i), counts);
                return counts;
            }));
        }
        TreeMap<String, Long> total = new TreeMap<>();
        for (Future<Map<String, long[]>> part : parts) {
            for (Map.Entry<String, long[]> e : part.get().entrySet()) total.merge(e.getKey(), e.getValue()[0], Long::sum);
        }
        pool.shutdown();
        try (BufferedWriter out = Files.newBufferedWriter(Path.of(args[2]), StandardCharsets.UTF_8)) {
            for (Map.Entry<String, Long> e : total.entrySet()) {
                out.write(e.getKey());
                out.write(' ');
                out.write(Long.toString(e.getValue()));
                out.write('\n');
            }
        }
    }

    /** Bytes that are not valid UTF-8 become U+FFFD (a non-letter), as in Warren, instead of failing the count. */
    static void count(Path file, Map<String, long[]> counts) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8), 1 << 16)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                int start = -1;
                for (int i = 0; i < line.length(); ) {
                    int cp = line.codePointAt(i);
                    if (Character.isLetter(cp)) {
                        if (start < 0) start = i;
                    } else if (start >= 0) {
                        counts.computeIfAbsent(line.substring(start, i), k -> new long[1])[0]++;
                        start = -1;
                    }
                    i += Character.charCount(cp);
                }
                if (start >= 0) counts.computeIfAbsent(line.substring(start), k -> new long[1])[0]++;
            }
        }
    }

    private PlainWordCount() {
    }
}
