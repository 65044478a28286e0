package io.warren.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes realistic text of any size: words drawn from a 50,000-word vocabulary with Zipf-distributed frequencies
 * (s = 1, as in natural language), lines of 4-16 words with some punctuation. Seeded, so the same arguments always
 * give the same bytes.
 * <pre>java -cp 'bench/target/warren-bench.jar:bench/target/lib/*' io.warren.bench.TextGen DIR TOTAL_MB FILES [SEED]</pre>
 */
public final class TextGen {
    private static final int VOCABULARY = 50_000;

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: TextGen DIR TOTAL_MB FILES [SEED]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        long total = Long.parseLong(args[1]) << 20;
        int files = Integer.parseInt(args[2]);
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 42;
        generate(dir, total, files, seed);
    }

    static void generate(Path dir, long totalBytes, int files, long seed) throws IOException {
        Random random = new Random(seed);
        String[] words = vocabulary(random);
        double[] cumulative = zipf(VOCABULARY, 1.0);
        Files.createDirectories(dir);
        long perFile = totalBytes / files;
        for (int f = 0; f < files; f++) {
            try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(String.format("part-%04d.txt", f)), StandardCharsets.UTF_8)) {
                long written = 0;
                StringBuilder line = new StringBuilder(160);
                while (written < perFile) {
                    line.setLength(0);
                    int n = 4 + random.nextInt(13);
                    for (int i = 0; i < n; i++) {
                        if (i > 0) line.append(random.nextInt(12) == 0 ? ", " : " ");
                        line.append(words[sample(cumulative, random.nextDouble())]);
                    }
                    line.append(random.nextInt(4) == 0 ? ".\n" : "\n");
                    out.write(line.toString());
                    written += line.length();
                }
            }
        }
    }

    private static String[] vocabulary(Random random) {
        String[] words = new String[VOCABULARY];
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < VOCABULARY; i++) {
            String w;
            do {
                int len = 2 + (int) Math.min(12, Math.abs(random.nextGaussian() * 3) + 1);
                StringBuilder s = new StringBuilder(len);
                for (int c = 0; c < len; c++) s.append((char) ('a' + random.nextInt(26)));
                if (random.nextInt(8) == 0) s.setCharAt(0, Character.toUpperCase(s.charAt(0)));
                w = s.toString();
            } while (!seen.add(w));
            words[i] = w;
        }
        return words;
    }

    private static double[] zipf(int n, double s) {
        double[] cumulative = new double[n];
        double sum = 0;
        for (int k = 1; k <= n; k++) {
            sum += 1.0 / Math.pow(k, s);
            cumulative[k - 1] = sum;
        }
        for (int k = 0; k < n; k++) cumulative[k] /= sum;
        return cumulative;
    }

    private static int sample(double[] cumulative, double u) {
        int i = java.util.Arrays.binarySearch(cumulative, u);
        return i >= 0 ? i : Math.min(cumulative.length - 1, -i - 1);
    }

    private TextGen() {
    }
}
