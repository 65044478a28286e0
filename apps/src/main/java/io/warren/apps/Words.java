package io.warren.apps;

import io.warren.api.Text;


/**
 * Splits text into words: maximal runs of letters ({@link Character#isLetter(int)}), by code point, so letters
 * outside the BMP count too. It reads UTF-8 bytes
 * and hands out byte ranges of the line, so counting words makes no {@code String}s.
 */
final class Words {
    private static final boolean[] ASCII_LETTER = new boolean[128];

    static {
        for (int c = 0; c < 128; c++) ASCII_LETTER[c] = Character.isLetter(c);
    }

    /** Receives each word as the byte range {@code [from, to)} of the text. */
    @FunctionalInterface
    interface Sink {
        void word(Text text, int from, int to);
    }

    static void forEach(Text text, Sink sink) {
        byte[] b = text.array(); // bulk access: the loop reads bytes straight from the line's buffer
        int base = text.arrayOffset();
        int n = text.byteLength();
        int start = -1;
        int i = 0;
        while (i < n) {
            byte c = b[base + i];
            boolean letter;
            int width = 1;
            if (c >= 0) {
                letter = ASCII_LETTER[c];
            } else {
                int cp = text.codePointAtByte(i); // -1 for bytes that are not UTF-8: never a letter
                letter = cp >= 0 && Character.isLetter(cp);
                width = Text.utf8Length(cp);
            }
            if (letter) {
                if (start < 0) start = i;
            } else if (start >= 0) {
                sink.word(text, start, i);
                start = -1;
            }
            i += width;
        }
        if (start >= 0) sink.word(text, start, n);
    }

    private Words() {
    }
}
