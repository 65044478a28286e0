package io.warren.apps;

import io.warren.api.Text;

import java.util.function.Consumer;

/**
 * Splits text into words: maximal runs of letters ({@link Character#isLetter(int)}), by code point, so letters
 * outside the BMP count too. The {@link Text} form reads UTF-8 bytes and hands out slices of the line, so counting
 * words makes no {@code String}s; the two forms find the same words.
 */
final class Words {
    private static final boolean[] ASCII_LETTER = new boolean[128];

    static {
        for (int c = 0; c < 128; c++) ASCII_LETTER[c] = Character.isLetter(c);
    }

    static void forEach(Text text, Consumer<Text> word) {
        int n = text.byteLength();
        int start = -1;
        int i = 0;
        while (i < n) {
            byte b = text.byteAt(i);
            boolean letter;
            int width = 1;
            if (b >= 0) {
                letter = ASCII_LETTER[b];
            } else {
                int cp = text.codePointAtByte(i); // -1 for bytes that are not UTF-8: never a letter
                letter = cp >= 0 && Character.isLetter(cp);
                width = Text.utf8Length(cp);
            }
            if (letter) {
                if (start < 0) start = i;
            } else if (start >= 0) {
                word.accept(text.slice(start, i));
                start = -1;
            }
            i += width;
        }
        if (start >= 0) word.accept(text.slice(start, n));
    }

    static void forEach(String text, Consumer<String> word) {
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

    private Words() {
    }
}
