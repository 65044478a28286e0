package io.warren.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes gensort-style records (as {@code gensort -a} does, with a plain newline): 100 bytes each, a 10-byte key of
 * printable ASCII, two spaces, the record number as 32 hex digits, two spaces, 52 bytes of filler and a newline.
 * Seeded, so the same arguments always give the same bytes. With a hot share, that fraction of the records gets one
 * of three fixed keys (the skewed variant).
 * <pre>java -cp 'bench/target/warren-bench.jar:bench/target/lib/*' io.warren.bench.GenSort DIR RECORDS FILES [SEED] [HOT_SHARE]</pre>
 */
public final class GenSort {
    public static final int RECORD = 100;
    public static final int KEY = 10;
    private static final byte[][] HOT = {"HOT$KEY#01".getBytes(), "Hot$Key#02".getBytes(), "hot$key#03".getBytes()};
    private static final byte[] HEX = "0123456789ABCDEF".getBytes();

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: GenSort DIR RECORDS FILES [SEED] [HOT_SHARE]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        long records = Long.parseLong(args[1]);
        int files = Integer.parseInt(args[2]);
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 42;
        double hot = args.length > 4 ? Double.parseDouble(args[4]) : 0;
        generate(dir, records, files, seed, hot);
    }

    static void generate(Path dir, long records, int files, long seed, double hotShare) throws IOException {
        Random random = new Random(seed);
        Files.createDirectories(dir);
        byte[] record = new byte[RECORD];
        long number = 0;
        for (int f = 0; f < files; f++) {
            long count = records / files + (f < records % files ? 1 : 0);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(String.format("part-%04d", f))), 1 << 16)) {
                for (long i = 0; i < count; i++, number++) {
                    fill(record, random, number, hotShare);
                    out.write(record);
                }
            }
        }
    }

    private static void fill(byte[] r, Random random, long number, double hotShare) {
        if (hotShare > 0 && random.nextDouble() < hotShare) {
            System.arraycopy(HOT[random.nextInt(HOT.length)], 0, r, 0, KEY);
        } else {
            for (int i = 0; i < KEY; i++) r[i] = (byte) (' ' + random.nextInt(95));
        }
        r[10] = ' ';
        r[11] = ' ';
        for (int i = 0; i < 32; i++) r[12 + i] = i < 16 ? (byte) '0' : HEX[(int) (number >>> (4 * (31 - i))) & 0xf];
        r[44] = ' ';
        r[45] = ' ';
        byte filler = HEX[(int) (number % 16)];
        for (int i = 46; i < RECORD - 1; i++) r[i] = filler;
        r[RECORD - 1] = '\n';
    }

    private GenSort() {
    }
}
