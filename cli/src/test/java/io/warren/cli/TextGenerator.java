package io.warren.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Seeded, deterministic text with a skewed vocabulary, punctuation, digits and some non-ASCII words. */
final class TextGenerator {
    private static final String[] SYLLABLES = {"ka", "ro", "mi", "ten", "sul", "ba", "éa", "ño", "zu", "li", "qua", "ø"};

    /** Writes {@code files} files named {@code <dir>/<i>.txt} under the root; returns document name to path. */
    static Map<String, Path> write(Path root, String dir, int files, int linesPerFile, long seed) throws IOException {
        Random random = new Random(seed);
        String[] vocabulary = new String[400];
        for (int i = 0; i < vocabulary.length; i++) {
            StringBuilder w = new StringBuilder();
            int n = 1 + random.nextInt(3);
            for (int s = 0; s < n; s++) w.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            vocabulary[i] = random.nextInt(10) == 0 ? capitalize(w.toString()) : w.toString();
        }
        Map<String, Path> docs = new LinkedHashMap<>();
        Files.createDirectories(root.resolve(dir));
        for (int f = 0; f < files; f++) {
            StringBuilder text = new StringBuilder();
            int lines = linesPerFile / 2 + random.nextInt(linesPerFile);
            for (int l = 0; l < lines; l++) {
                int words = random.nextInt(14);
                for (int w = 0; w < words; w++) {
                    // skewed: low indexes are much more frequent, like real text
                    int idx = (int) Math.min(vocabulary.length - 1, Math.abs(random.nextGaussian()) * 60);
                    text.append(vocabulary[idx]);
                    text.append(switch (random.nextInt(12)) {
                        case 0 -> ", ";
                        case 1 -> ". ";
                        case 2 -> " " + random.nextInt(100) + " ";
                        default -> " ";
                    });
                }
                text.append('\n');
            }
            String name = dir + "/" + f + ".txt";
            Path p = root.resolve(name);
            Files.writeString(p, text, StandardCharsets.UTF_8);
            docs.put(name, p);
        }
        return docs;
    }

    private static String capitalize(String w) {
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    private TextGenerator() {
    }
}
