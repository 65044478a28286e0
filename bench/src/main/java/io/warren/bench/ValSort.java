package io.warren.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Checks a sort's output as valsort does: the lines of the files, read in the order given, are in byte order of
 * their first KEY_BYTES bytes; and prints their count and a checksum (the sum of each line's CRC-32, so it does not
 * depend on the order) to compare with the input's. {@code --unordered} skips the order check (for the input).
 * Exits with 1 when the order is broken.
 * <pre>java -cp 'bench/target/warren-bench.jar:bench/target/lib/*' io.warren.bench.ValSort [--unordered] KEY_BYTES FILE...</pre>
 */
public final class ValSort {
    public record Summary(long records, long checksum, long firstDisorder) {
        boolean ordered() {
            return firstDisorder < 0;
        }
    }

    public static void main(String[] args) throws IOException {
        int at = 0;
        boolean checkOrder = true;
        if (args.length > 0 && args[0].equals("--unordered")) {
            checkOrder = false;
            at++;
        }
        if (args.length < at + 2) {
            System.err.println("usage: ValSort [--unordered] KEY_BYTES FILE...");
            System.exit(2);
        }
        int keyBytes = Integer.parseInt(args[at++]);
        Path[] files = Arrays.stream(args, at, args.length).map(Path::of).toArray(Path[]::new);
        Summary s = check(keyBytes, checkOrder, files);
        System.out.printf("records=%d checksum=%016x%s%n", s.records(), s.checksum(),
                checkOrder ? (s.ordered() ? " ordered" : " DISORDER at record " + s.firstDisorder()) : "");
        if (checkOrder && !s.ordered()) System.exit(1);
    }

    public static Summary check(int keyBytes, boolean checkOrder, Path... files) throws IOException {
        CRC32 crc = new CRC32();
        byte[] line = new byte[1 << 10];
        byte[] previous = new byte[1 << 10];
        int previousKey = -1;
        long records = 0;
        long sum = 0;
        long disorder = -1;
        for (Path file : files) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                int len = 0;
                for (int b = in.read(); b >= 0; b = in.read()) {
                    if (b != '\n') {
                        if (len == line.length) line = Arrays.copyOf(line, len * 2);
                        line[len++] = (byte) b;
                        continue;
                    }
                    crc.reset();
                    crc.update(line, 0, len);
                    sum += crc.getValue();
                    int key = Math.min(keyBytes, len);
                    if (checkOrder && disorder < 0 && previousKey >= 0
                            && Arrays.compareUnsigned(previous, 0, previousKey, line, 0, key) > 0) {
                        disorder = records;
                    }
                    if (previous.length < key) previous = new byte[line.length];
                    System.arraycopy(line, 0, previous, 0, key);
                    previousKey = key;
                    records++;
                    len = 0;
                }
            }
        }
        return new Summary(records, sum, disorder);
    }

    private ValSort() {
    }
}
