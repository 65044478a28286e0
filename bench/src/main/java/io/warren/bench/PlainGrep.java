package io.warren.bench;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Warren's built-in {@code grep} written in plain Java, as a user would instead of using Warren: the lines in which a
 * Java regular expression finds a match. Each file is one task on a thread pool. Output lines are Warren's:
 * {@code document line}, grouped by document (documents sorted), each document's lines in file order. Documents are
 * named as Warren names them: the file's path relative to the storage root, which is {@code --root} or else
 * INPUT_DIR's parent. Lines are read as Warren reads them ({@code \n} ends a line, a {@code \r} before it is dropped).
 * <pre>java -cp 'bench/target/warren-bench.jar:bench/target/lib/*' io.warren.bench.PlainGrep [--root DIR] THREADS PATTERN INPUT_DIR OUTPUT_FILE</pre>
 */
public final class PlainGrep {

    public static void main(String[] args) throws Exception {
        PlainInput.Args a = PlainInput.Args.parse(args, 4, "PlainGrep [--root DIR] THREADS PATTERN INPUT_DIR OUTPUT_FILE");
        int threads = Integer.parseInt(a.rest()[0]);
        Pattern pattern = Pattern.compile(a.rest()[1]);
        List<Path> files = PlainInput.files(Path.of(a.rest()[2]));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        TreeMap<String, Future<List<String>>> byDocument = new TreeMap<>();
        for (Path file : files) {
            byDocument.put(PlainInput.document(a.root(), file), pool.submit(() -> {
                List<String> lines = new ArrayList<>();
                Matcher matcher = pattern.matcher("");
                PlainInput.forEachLine(file, line -> {
                    if (matcher.reset(line).find()) lines.add(line);
                });
                return lines;
            }));
        }
        try (BufferedWriter out = Files.newBufferedWriter(Path.of(a.rest()[3]), StandardCharsets.UTF_8)) {
            for (var e : byDocument.entrySet()) {
                for (String line : e.getValue().get()) {
                    out.write(e.getKey());
                    out.write(' ');
                    out.write(line);
                    out.write('\n');
                }
            }
        }
        pool.shutdown();
    }

    private PlainGrep() {
    }
}
