package io.warren.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the plain indexer and grep share with Warren's map side, so their outputs can be compared with Warren's: the
 * document name of a file, its lines, and the words of a line.
 */
final class PlainInput {

    /** Parsed {@code [--root DIR] THREADS ... INPUT_DIR OUTPUT_FILE}: the storage root defaults to INPUT_DIR's parent. */
    record Args(Path root, String[] rest) {
        static Args parse(String[] args, int expected, String usage) {
            Path root = null;
            int i = 0;
            if (args.length > 1 && args[0].equals("--root")) {
                root = Path.of(args[1]);
                i = 2;
            }
            if (args.length - i != expected) {
                System.err.println("usage: " + usage);
                System.exit(2);
            }
            String[] rest = Arrays.copyOfRange(args, i, args.length);
            if (root == null) root = Path.of(rest[expected - 2]).toAbsolutePath().getParent();
            return new Args(root.toAbsolutePath().normalize(), rest);
        }
    }

    /**
     * The name Warren gives a file's lines as {@code document}: its path relative to the storage root (as the
     * coordinator writes it into the task), for example {@code data/part-0000.txt}.
     */
    static String document(Path root, Path file) {
        return root.relativize(file.toAbsolutePath().normalize()).toString();
    }

    static List<Path> files(Path dir) throws IOException {
        return PlainByteWordCount.listFiles(dir);
    }

    /**
     * The lines of a file as Warren's map side reads them: a line ends at {@code \n}, a {@code \r} just before it is
     * dropped (a lone {@code \r} stays in the line), a last line without {@code \n} counts, and bytes that are not valid
     * UTF-8 become U+FFFD.
     */
    static void forEachLine(Path file, Consumer<String> action) throws IOException {
        byte[] line = new byte[256];
        int len = 0;
        boolean pending = false;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    pending = true;
                    if (b == '\n') {
                        action.accept(decode(line, len));
                        len = 0;
                        pending = false;
                        continue;
                    }
                    if (len == line.length) line = Arrays.copyOf(line, len * 2);
                    line[len++] = b;
                }
            }
        }
        if (pending) action.accept(decode(line, len));
    }

    private static String decode(byte[] line, int len) {
        if (len > 0 && line[len - 1] == '\r') len--;
        return new String(line, 0, len, StandardCharsets.UTF_8);
    }

    /** Warren's tokenizer: maximal runs of letters ({@link Character#isLetter(int)}), by code point. */
    static void forEachWord(String text, Consumer<String> word) {
        int start = -1;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (Character.isLetter(cp)) {
                if (start < 0) start = i;
            } else if (start >= 0) {
                word.accept(text.substring(start, i));
                start = -1;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) word.accept(text.substring(start));
    }

    /** Orders strings by code point, which is the UTF-8 byte order Warren sorts keys in (String's own order is UTF-16). */
    static int compareCodePoints(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i), y = b.codePointAt(j);
            if (x != y) return Integer.compare(x, y);
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private PlainInput() {
    }
}
