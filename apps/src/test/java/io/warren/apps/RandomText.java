package io.warren.apps;

import java.util.Random;

/** Seeded lines mixing ASCII, accented, CJK and supplementary letters with digits, punctuation and emoji. */
final class RandomText {
    private static final String[] PIECES = {"the", "The", "cat", "naïve", "über", "café", "漢字", "かな", "Ωμέγα",
            "𝐀𝐁", "𐐀𐐨", "x", " ", "  ", "\t", "42", "3", ",", ".", "'", "-", "_", "😀", "é", "\u00a0", "ß"};

    static String line(Random random) {
        StringBuilder line = new StringBuilder();
        int pieces = random.nextInt(15);
        for (int i = 0; i < pieces; i++) {
            line.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return line.toString();
    }

    private RandomText() {
    }
}
