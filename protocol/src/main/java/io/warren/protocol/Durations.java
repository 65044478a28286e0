package io.warren.protocol;

import java.time.Duration;

/**
 * Durations as the documentation and the command line write them ({@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h},
 * {@code 7d}), for every message a person reads, instead of {@link Duration#toString()}'s {@code PT30S}.
 */
public final class Durations {
    private static final long MILLI = 1_000_000L;
    private static final long[] UNITS = {86_400_000 * MILLI, 3_600_000 * MILLI, 60_000 * MILLI, 1_000 * MILLI, MILLI};
    private static final String[] NAMES = {"d", "h", "m", "s", "ms"};

    /** The largest unit that holds the duration exactly, so the text reads back as the same duration: 90s, not 1.5m. */
    public static String format(Duration d) {
        if (d == null) return "none";
        if (d.isNegative()) return "-" + format(d.negated());
        if (d.isZero()) return "0";
        long nanos;
        try {
            nanos = d.toNanos();
        } catch (ArithmeticException tooLong) {
            return d.toDays() + "d";
        }
        for (int i = 0; i < UNITS.length; i++) {
            if (nanos % UNITS[i] == 0) return nanos / UNITS[i] + NAMES[i];
        }
        return nanos + "ns";
    }

    private Durations() {
    }
}
