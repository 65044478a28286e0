package io.warren.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A plain-text table for the terminal: each column as wide as its widest cell, so no value breaks the alignment, and
 * the last column left unpadded. Given a width, a row too long for it has its last cell cut, never the others.
 */
final class Table {
    /** A last cell is never cut shorter than this, even if the row then wraps. */
    private static final int MIN_LAST = 20;
    private static final String GAP = "  ";
    private final String[] headers;
    private final List<String[]> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = headers;
    }

    Table row(Object... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException(headers.length + " cells expected, got " + cells.length);
        }
        String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++) row[i] = cells[i] == null ? "-" : cells[i].toString();
        rows.add(row);
        return this;
    }

    /** Prints the header and the rows; {@code width} 0 or less leaves every row whole. */
    void print(PrintStream out, int width) {
        int[] widths = new int[headers.length];
        for (int i = 0; i < headers.length; i++) widths[i] = headers[i].length();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) widths[i] = Math.max(widths[i], row[i].length());
        }
        out.println(line(headers, widths, width));
        for (String[] row : rows) out.println(line(row, widths, width));
    }

    private static String line(String[] cells, int[] widths, int width) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < cells.length - 1; i++) {
            s.append(cells[i]).append(" ".repeat(widths[i] - cells[i].length())).append(GAP);
        }
        String last = cells[cells.length - 1];
        int room = Math.max(MIN_LAST, width - s.length());
        if (width > 0 && last.length() > room) last = last.substring(0, room - 3) + "...";
        return (s + last).stripTrailing();
    }

    /**
     * The terminal's width in columns: {@code COLUMNS} when set, else what {@code stty} says about the terminal; 0 when
     * the output is a pipe or a file, whose lines stay whole for the tools that read them.
     */
    static int terminalWidth() {
        String columns = System.getenv("COLUMNS");
        if (columns != null && columns.matches("\\d{1,4}")) return Integer.parseInt(columns);
        if (System.console() == null) return 0;
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String size = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (stty.waitFor(2, TimeUnit.SECONDS) && size.matches("\\d+ \\d+")) {
                int cols = Integer.parseInt(size.split(" ")[1]);
                if (cols > 0) return cols;
            }
        } catch (IOException e) {
            // no stty here: assume the classic width
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 80;
    }
}
