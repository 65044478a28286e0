package io.warren.bench;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Warren's built-in {@code indexer} written in plain Java, as a user would instead of using Warren: for every word,
 * the documents it appears in. Threads take whole files from a shared queue; each collects a file's distinct words and
 * adds the file to their lists. Output lines are Warren's: {@code word N doc1,doc2,...}, with the N documents sorted
 * and de-duplicated, and documents named as Warren names them: the file's path relative to the storage root, which is
 * {@code --root} or else INPUT_DIR's parent. Same tokenizer and line reading as Warren.
 * <pre>java -cp 'bench/target/warren-bench.jar:bench/target/lib/*' io.warren.bench.PlainIndexer [--root DIR] THREADS INPUT_DIR OUTPUT_FILE</pre>
 */
public final class PlainIndexer {

    public static void main(String[] args) throws Exception {
        PlainInput.Args a = PlainInput.Args.parse(args, 3, "PlainIndexer [--root DIR] THREADS INPUT_DIR OUTPUT_FILE");
        int threads = Integer.parseInt(a.rest()[0]);
        List<Path> files = PlainInput.files(Path.of(a.rest()[1]));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        List<Future<Map<String, List<String>>>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            parts.add(pool.submit(() -> {
                Map<String, List<String>> index = new HashMap<>();
                for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) {
                    Path file = files.get(i);
                    String document = PlainInput.document(a.root(), file);
                    Set<String> words = new HashSet<>();
                    PlainInput.forEachLine(file, line -> PlainInput.forEachWord(line, words::add));
                    for (String word : words) index.computeIfAbsent(word, w -> new ArrayList<>()).add(document);
                }
                return index;
            }));
        }
        Map<String, Set<String>> total = new HashMap<>();
        for (Future<Map<String, List<String>>> part : parts) {
            for (Map.Entry<String, List<String>> e : part.get().entrySet()) {
                total.computeIfAbsent(e.getKey(), w -> new TreeSet<>()).addAll(e.getValue());
            }
        }
        pool.shutdown();
        List<String> words = new ArrayList<>(total.keySet());
        words.sort(PlainInput::compareCodePoints);
        try (BufferedWriter out = Files.newBufferedWriter(Path.of(a.rest()[2]), StandardCharsets.UTF_8)) {
            for (String word : words) {
                Set<String> documents = total.get(word);
                out.write(word);
                out.write(' ');
                out.write(Integer.toString(documents.size()));
                out.write(' ');
                out.write(String.join(",", documents));
                out.write('\n');
            }
        }
    }

    private PlainIndexer() {
    }
}
