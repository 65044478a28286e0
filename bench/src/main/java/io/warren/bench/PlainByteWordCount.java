package io.warren.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The word count a performance-minded programmer would write by hand, as the "speed of the machine" reference for
 * Warren's wordcount: no String per word, no HashMap. Each thread takes whole files from a shared queue, reads them in
 * 1 MiB chunks and scans the bytes. A word is a maximal run of letters, {@link Character#isLetter(int)} of the UTF-8
 * decoded code point, exactly as Warren's tokenizer (and {@link PlainWordCount}) sees them: ASCII bytes go through a
 * lookup table, longer sequences are decoded and validated (an invalid byte is a non-letter, like the U+FFFD that
 * String decoding would make of it). Counts go into an open-addressing table keyed by the word's UTF-8 bytes. The
 * per-thread tables are merged and written as {@code word count} lines in unsigned byte order of the words, which is
 * the order {@code LC_ALL=C sort} gives Warren's output lines.
 * <pre>java -cp 'bench/target/warren-bench.jar:bench/target/lib/*' io.warren.bench.PlainByteWordCount THREADS INPUT_DIR OUTPUT_FILE</pre>
 */
public final class PlainByteWordCount {
    static final int DEFAULT_CHUNK = 1 << 20;

    /** Per byte value: 1 for an ASCII letter (A-Z, a-z), 0 for another ASCII byte, 2 for a byte that starts (or is in) a longer sequence. */
    private static final byte[] CLASS = new byte[256];
    /** Character.isLetter for every BMP code point, one bit each (8 KiB). */
    private static final long[] BMP_LETTER = new long[1 << 10];

    static {
        for (int b = 0; b < 256; b++) CLASS[b] = (byte) (b >= 0x80 ? 2 : Character.isLetter(b) ? 1 : 0);
        for (int cp = 0; cp < 0x10000; cp++) if (Character.isLetter(cp)) BMP_LETTER[cp >>> 6] |= 1L << cp;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: PlainByteWordCount THREADS INPUT_DIR OUTPUT_FILE");
            System.exit(2);
        }
        int threads = Integer.parseInt(args[0]);
        ByteWordTable total = count(listFiles(Path.of(args[1])), threads, DEFAULT_CHUNK);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(args[2])), 1 << 16)) {
            total.writeSorted(out);
        }
    }

    /** The regular files directly in {@code dir}, sorted, leaving out names starting with '.' or '_' as Warren does. */
    static List<Path> listFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                return !n.startsWith(".") && !n.startsWith("_");
            }).sorted().toList();
        }
    }

    /** Counts the words of {@code files} with {@code threads} threads reading {@code chunk} bytes at a time. */
    static ByteWordTable count(List<Path> files, int threads, int chunk) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<ByteWordTable> tables = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        Exception[] failure = new Exception[1];
        for (int t = 0; t < threads; t++) {
            ByteWordTable table = new ByteWordTable();
            tables.add(table);
            Thread thread = new Thread(() -> {
                Scanner scanner = new Scanner(table, chunk);
                try {
                    for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) scanner.scan(files.get(i));
                } catch (Exception e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                }
            }, "count-" + t);
            workers.add(thread);
            thread.start();
        }
        for (Thread thread : workers) thread.join();
        if (failure[0] != null) throw failure[0];
        ByteWordTable total = tables.get(0);
        for (int t = 1; t < tables.size(); t++) total.addAll(tables.get(t));
        return total;
    }

    /** Reads files chunk by chunk into one buffer and counts their words into a table. */
    static final class Scanner {
        private final ByteWordTable table;
        private byte[] buf;

        Scanner(ByteWordTable table, int chunk) {
            this.table = table;
            this.buf = new byte[chunk];
        }

        void scan(Path file) throws IOException {
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                int len = 0; // bytes in buf: a carried-over tail, then what was read after it
                boolean eof = false;
                while (!eof) {
                    if (len == buf.length) buf = Arrays.copyOf(buf, buf.length * 2); // a word longer than the buffer
                    ByteBuffer target = ByteBuffer.wrap(buf, len, buf.length - len);
                    while (target.hasRemaining()) {
                        if (in.read(target) < 0) {
                            eof = true;
                            break;
                        }
                    }
                    len = target.position();
                    int keep = scan(buf, len, eof);
                    System.arraycopy(buf, keep, buf, 0, len - keep);
                    len -= keep;
                }
            }
        }

        /**
         * Counts the words in {@code b[0, n)}. Unless {@code eof}, a word or a multi-byte sequence running up to
         * {@code n} may continue in the next chunk: it is not counted, and the returned index is where it starts, so
         * the caller carries it over. The bytes before a carried word are a non-letter, so scanning can start afresh.
         */
        private int scan(byte[] b, int n, boolean eof) {
            ByteWordTable table = this.table;
            int start = -1; // start of the current word
            int h = 0;      // its hash so far (ByteWordTable.hash, computed as the bytes go by)
            int i = 0;
            while (i < n) {
                int c = b[i] & 0xff;
                byte cls = CLASS[c];
                if (cls == 1) {
                    if (start < 0) {
                        start = i;
                        h = ByteWordTable.FNV_BASIS;
                    }
                    h = (h ^ c) * ByteWordTable.FNV_PRIME;
                    i++;
                    continue;
                }
                if (cls == 0) {
                    if (start >= 0) {
                        table.add(b, start, i - start, ByteWordTable.finish(h), 1);
                        start = -1;
                    }
                    i++;
                    continue;
                }
                int need = sequenceLength(c);
                if (need > 1 && i + need > n && !eof) return start >= 0 ? start : i; // may be completed by the next chunk
                int cp = decode(b, i, n, c, need);
                if (cp >= 0 && (cp < 0x10000 ? (BMP_LETTER[cp >>> 6] & (1L << cp)) != 0 : Character.isLetter(cp))) {
                    if (start < 0) {
                        start = i;
                        h = ByteWordTable.FNV_BASIS;
                    }
                    for (int k = i, end = i + need; k < end; k++) h = (h ^ (b[k] & 0xff)) * ByteWordTable.FNV_PRIME;
                    i += need;
                } else {
                    if (start >= 0) {
                        table.add(b, start, i - start, ByteWordTable.finish(h), 1);
                        start = -1;
                    }
                    i += cp >= 0 ? need : 1; // an invalid byte is one non-letter
                }
            }
            if (start < 0) return n;
            if (!eof) return start;
            table.add(b, start, n - start, ByteWordTable.finish(h), 1);
            return n;
        }
    }

    /** The length of the sequence a byte >= 0x80 starts, or 1 when it cannot start one (it is then invalid). */
    private static int sequenceLength(int lead) {
        if (lead >= 0xC2 && lead <= 0xDF) return 2;
        if (lead >= 0xE0 && lead <= 0xEF) return 3;
        if (lead >= 0xF0 && lead <= 0xF4) return 4;
        return 1;
    }

    /** The code point of the {@code need}-byte sequence at {@code i}, or -1 if it is not valid UTF-8 (or truncated). */
    private static int decode(byte[] b, int i, int n, int lead, int need) {
        if (need == 1 || i + need > n) return -1;
        int b1 = b[i + 1] & 0xff;
        if (need == 2) return (b1 & 0xC0) == 0x80 ? (lead & 0x1F) << 6 | (b1 & 0x3F) : -1;
        // the second byte's range rules out overlong forms, surrogates and code points above U+10FFFF
        int lo = 0x80, hi = 0xBF;
        if (lead == 0xE0) lo = 0xA0;
        else if (lead == 0xED) hi = 0x9F;
        else if (lead == 0xF0) lo = 0x90;
        else if (lead == 0xF4) hi = 0x8F;
        if (b1 < lo || b1 > hi) return -1;
        int b2 = b[i + 2] & 0xff;
        if ((b2 & 0xC0) != 0x80) return -1;
        if (need == 3) return (lead & 0x0F) << 12 | (b1 & 0x3F) << 6 | (b2 & 0x3F);
        int b3 = b[i + 3] & 0xff;
        if ((b3 & 0xC0) != 0x80) return -1;
        return (lead & 0x07) << 18 | (b1 & 0x3F) << 12 | (b2 & 0x3F) << 6 | (b3 & 0x3F);
    }


    private PlainByteWordCount() {
    }
}
