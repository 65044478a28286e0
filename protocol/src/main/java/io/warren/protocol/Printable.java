package io.warren.protocol;

/** Quotes untrusted text for error messages: bounded length, control characters escaped. */
public final class Printable {
    private static final int MAX = 120;

    public static String quote(String text) {
        if (text == null) return "null";
        StringBuilder out = new StringBuilder("'");
        text.codePoints().limit(MAX).forEach(cp -> {
            if (Character.isISOControl(cp)) out.append(String.format("\\u%04x", cp));
            else out.appendCodePoint(cp);
        });
        if (text.codePointCount(0, text.length()) > MAX) out.append("...");
        return out.append('\'').toString();
    }

    private Printable() {
    }
}
