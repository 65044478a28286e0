package io.warren.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Builds a benchmark input of real text from a directory of books (such as Project Gutenberg plain-text files):
 * FILES files {@code part-NNNN.txt} of at most SIZE_MB MiB each, every one a concatenation of whole books in a seeded
 * shuffled order, reshuffled each time all the books have been used. A file is cut at the last line end that fits, so
 * it ends with '\n', and the next file goes on with the rest of the book it was cut in. The same books and arguments
 * always give the same bytes.
 * <pre>java -cp 'bench/target/warren-bench.jar:bench/target/lib/*' io.warren.bench.CorpusBuild SRC_DIR DEST_DIR FILES SIZE_MB [SEED]</pre>
 */
public final class CorpusBuild {

    public static void main(String[] args) throws IOException {
        if (args.length < 4 || args.length > 5) {
            System.err.println("usage: CorpusBuild SRC_DIR DEST_DIR FILES SIZE_MB [SEED]");
            System.exit(2);
        }
        Path src = Path.of(args[0]);
        if (!Files.isDirectory(src)) {
            System.err.println("CorpusBuild: " + src + " is not a directory of *.txt books");
            System.exit(2);
        }
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 42;
        build(src, Path.of(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]) << 20, seed);
    }

    static void build(Path src, Path dest, int files, long size, long seed) throws IOException {
        List<byte[]> books = books(src);
        if (books.isEmpty()) throw new IOException("no non-empty *.txt books in " + src);
        Files.createDirectories(dest);
        Random random = new Random(seed);
        List<Integer> order = new ArrayList<>();
        int nextBook = 0;
        byte[] book = null;
        int pos = 0; // where the rest of the current book starts
        for (int f = 0; f < files; f++) {
            try (OutputStream out = Files.newOutputStream(dest.resolve(String.format("part-%04d.txt", f)))) {
                long room = size;
                while (true) {
                    if (book == null || pos == book.length) {
                        if (nextBook == order.size()) {
                            order.clear();
                            for (int i = 0; i < books.size(); i++) order.add(i);
                            Collections.shuffle(order, random);
                            nextBook = 0;
                        }
                        book = books.get(order.get(nextBook++));
                        pos = 0;
                    }
                    int rest = book.length - pos;
                    if (rest <= room) {
                        out.write(book, pos, rest);
                        room -= rest;
                        pos = book.length;
                        continue;
                    }
                    int cut = lastLineEnd(book, pos, pos + (int) room); // exclusive end of the part that fits
                    if (cut < 0 && room == size) throw new IOException("a line longer than the file size in " + src);
                    if (cut > 0) {
                        out.write(book, pos, cut - pos);
                        pos = cut;
                    }
                    break;
                }
            }
        }
    }

    /** The index after the last '\n' in {@code b[from, to)}, or -1 if there is none. */
    private static int lastLineEnd(byte[] b, int from, int to) {
        for (int i = to - 1; i >= from; i--) if (b[i] == '\n') return i + 1;
        return -1;
    }

    /** The books, sorted by file name, each ending with '\n'. */
    private static List<byte[]> books(Path src) throws IOException {
        List<Path> paths;
        try (Stream<Path> s = Files.list(src)) {
            paths = s.filter(p -> p.getFileName().toString().endsWith(".txt")).filter(Files::isRegularFile).sorted().toList();
        }
        List<byte[]> books = new ArrayList<>();
        for (Path p : paths) {
            byte[] b = Files.readAllBytes(p);
            if (b.length == 0) continue;
            if (b[b.length - 1] != '\n') {
                b = Arrays.copyOf(b, b.length + 1);
                b[b.length - 1] = '\n';
            }
            books.add(b);
        }
        return books;
    }

    private CorpusBuild() {
    }
}
