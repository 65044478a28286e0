package io.warren.worker.exec;

import java.nio.charset.StandardCharsets;

/** Whole numbers as decimal UTF-8 text, read and written without Strings, with the errors {@code LongSum} gives. */
final class Decimal {
    /** Parses what {@link Long#parseLong(String)} accepts; anything else fails naming the key. */
    static long parse(byte[] b, int off, int len, byte[] key, int keyOff, int keyLen) {
        int i = off;
        int end = off + len;
        boolean negative = false;
        if (i < end && (b[i] == '-' || b[i] == '+')) negative = b[i++] == '-';
        if (i == end || end - i > 19) return slowParse(b, off, len, key, keyOff, keyLen);
        long value = 0;
        for (; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) throw notANumber(b, off, len, key, keyOff, keyLen);
            value = value * 10 + d; // 18 digits cannot overflow; 19 are checked below
        }
        if (value < 0) return slowParse(b, off, len, key, keyOff, keyLen);
        return negative ? -value : value;
    }

    private static long slowParse(byte[] b, int off, int len, byte[] key, int keyOff, int keyLen) {
        try {
            return Long.parseLong(new String(b, off, len, StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            throw notANumber(b, off, len, key, keyOff, keyLen);
        }
    }

    private static NumberFormatException notANumber(byte[] b, int off, int len, byte[] key, int keyOff, int keyLen) {
        return new NumberFormatException("key '" + new String(key, keyOff, keyLen, StandardCharsets.UTF_8) + "': value '"
                + new String(b, off, len, StandardCharsets.UTF_8) + "' is not a whole number");
    }

    /** {@code sum + value}, or an error naming the key if that overflows a long. */
    static long add(long sum, long value, byte[] key, int keyOff, int keyLen) {
        long r = sum + value;
        if (((sum ^ r) & (value ^ r)) < 0) {
            throw new ArithmeticException("key '" + new String(key, keyOff, keyLen, StandardCharsets.UTF_8)
                    + "': the sum overflows a long");
        }
        return r;
    }

    /** The length of {@code value}'s decimal text. */
    static int length(long value) {
        if (value == Long.MIN_VALUE) return 20;
        int n = value < 0 ? 2 : 1;
        for (long v = Math.abs(value); v >= 10; v /= 10) n++;
        return n;
    }

    /** Writes {@code value} right-aligned at the end of {@code to} (20 bytes); returns its length. */
    static int format(long value, byte[] to) {
        int p = to.length;
        long v = Math.abs(value);
        if (value == Long.MIN_VALUE) {
            byte[] min = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(min, 0, to, p - min.length, min.length);
            return min.length;
        }
        do {
            to[--p] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        if (value < 0) to[--p] = '-';
        return to.length - p;
    }

    private Decimal() {
    }
}
