package io.warren.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How {@code status} and {@code jobs} show values in their tables: local times of a fixed width, short app names. */
final class Cells {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());
    /** App class names longer than this have their packages cut to initials. */
    private static final int LONG_APP = 30;

    /** {@code 2026-12-02 05:15:26}, in this machine's time zone. */
    /** {@code 2.10 GiB}: a size in binary units. */
    static String bytes(double n) {
        if (n >= 1L << 30) return String.format(Locale.ROOT, "%.2f GiB", n / (1L << 30));
        if (n >= 1L << 20) return String.format(Locale.ROOT, "%.1f MiB", n / (1L << 20));
        if (n >= 1L << 10) return String.format(Locale.ROOT, "%.1f KiB", n / (1L << 10));
        return String.format(Locale.ROOT, "%.0f B", n);
    }

    static String dateTime(Instant at) {
        return at == null ? "-" : DATE_TIME.format(at);
    }

    /** {@code 05:15:26.123}, in this machine's time zone: task times within a job, whose date the job shows. */
    static String time(Instant at) {
        return at == null ? "-" : TIME.format(at);
    }

    /** A built-in app as it is; a long class name as {@code c.e.a.WordCount}, the way loggers abbreviate. */
    static String app(String app) {
        if (app.length() <= LONG_APP || !app.contains(".")) return app;
        String[] parts = app.split("\\.");
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            if (!parts[i].isEmpty()) s.append(parts[i].charAt(0));
            s.append('.');
        }
        return s.append(parts[parts.length - 1]).toString();
    }

    /** The first line of a text, for a cell; blank or null as {@code -}. */
    static String firstLine(String text) {
        if (text == null || text.isBlank()) return "-";
        String line = text.strip().lines().findFirst().orElse("");
        return line.replaceAll("\\p{Cntrl}", " ");
    }

    private Cells() {
    }
}
