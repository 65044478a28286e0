package io.warren.apps;

import io.warren.api.Text;


/**
 * Splits text into words: maximal runs of letters ({@link Character#isLetter(int)}), by code point, so letters
 * outside the BMP count too. It reads UTF-8 bytes
 * and hands out byte ranges of the line, so counting words makes no {@code String}s.
 */
final class Words {
    /** Receives each word as the byte range {@code [from, to)} of the text. */
    @FunctionalInterface
    interface Sink {
        void word(Text text, int from, int to);
    }

    static void forEach(Text text, Sink sink) {
        byte[] b = text.array(); // bulk access: the loops read bytes straight from the line's buffer
        int base = text.arrayOffset();
        int n = text.byteLength();
        int i = 0;
        while (i < n) { // between words
            int c = b[base + i];
            int width = c >= 0 ? (isAsciiLetter(c) ? 1 : -1) : letterWidth(text, i);
            if (width < 0) {
                i -= width;
                continue;
            }
            int start = i;
            i += width;
            while (i < n) { // in a word: ASCII letters take the short way
                c = b[base + i];
                if (c >= 0) {
                    if (!isAsciiLetter(c)) break;
                    i++;
                } else {
                    width = letterWidth(text, i);
                    if (width < 0) break;
                    i += width;
                }
            }
            sink.word(text, start, i);
        }
    }

    /** A-Z and a-z, the only ASCII letters: one subtraction and one unsigned comparison. */
    private static boolean isAsciiLetter(int c) {
        return (char) ((c | 0x20) - 'a') < 26;
    }

    /** The width in bytes of the letter at byte i, or minus the width of what is there if it is not a letter. */
    private static int letterWidth(Text text, int i) {
        int cp = text.codePointAtByte(i); // -1 for bytes that are not UTF-8: never a letter
        int width = Text.utf8Length(cp);
        return cp >= 0 && Character.isLetter(cp) ? width : -width;
    }

    private Words() {
    }
}
