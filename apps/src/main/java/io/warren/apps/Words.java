package io.warren.apps;

import io.warren.api.Text;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

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
            while (i < n) { // in a word: ASCII letters take the short way, eight at a time where the line allows
                if (i + 8 <= n) {
                    long notLetters = notAsciiLetters((long) LONGS.get(b, base + i));
                    if (notLetters == 0) {
                        i += 8;
                        continue;
                    }
                    i += Long.numberOfTrailingZeros(notLetters) >>> 3; // the first byte that is not an ASCII letter
                }
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

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH = 0x8080808080808080L;

    /**
     * The high bit of each of eight bytes (the first in the lowest) that is not an ASCII letter. Each byte is folded to
     * lower case and tested against 'a'..'z' by additions that cannot carry into the next byte, since its own high bit
     * is cleared first (a byte that had it is not ASCII, so not an ASCII letter either).
     */
    private static long notAsciiLetters(long x) {
        long y = (x | 0x2020202020202020L) & ~HIGH;
        long atLeastA = (y + 0x1f1f1f1f1f1f1f1fL) & HIGH; // y >= 'a' (0x61)
        long pastZ = (y + 0x0505050505050505L) & HIGH;    // y > 'z' (0x7a)
        long letters = atLeastA & ~pastZ & ~(x & HIGH);
        return ~letters & HIGH;
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
