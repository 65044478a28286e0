package io.warren.apps;

import io.warren.api.Emitter;
import io.warren.api.InvalidJobException;
import io.warren.api.JobContext;
import io.warren.api.Mapper;
import io.warren.api.MapReduceJob;
import io.warren.api.Reducer;
import io.warren.api.Text;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Lines containing a match of the {@code pattern} parameter (a Java regular expression). Output lines are
 * {@code document line}, grouped by document, each document's lines in file order. A pattern without metacharacters
 * (a plain word or phrase, the common case) is looked for as its UTF-8 bytes, as GNU grep does for fixed strings:
 * the same lines, without the regex engine or decoding a line.
 */
public final class Grep implements MapReduceJob {

    @Override
    public void validate(JobContext job) {
        pattern(job);
    }

    @Override
    public Mapper mapper(JobContext job) {
        Pattern pattern = pattern(job);
        String literal = literal(pattern.pattern());
        if (literal != null) return literalMapper(literal);
        Matcher matcher = pattern.matcher("");
        return new Mapper() {
            @Override
            public void map(String document, String line, Emitter out) {
                if (matcher.reset(line).find()) out.emit(document, line);
            }

            /** Matches the line's bytes as a CharSequence: an ASCII line is never decoded, and a match is copied as bytes. */
            @Override
            public void map(String document, Text line, Emitter out) {
                if (matcher.reset(line).find()) out.emit(document, line);
            }
        };
    }

    private static Mapper literalMapper(String literal) {
        byte[] bytes = literal.getBytes(StandardCharsets.UTF_8);
        return new Mapper() {
            @Override
            public void map(String document, String line, Emitter out) {
                if (line.contains(literal)) out.emit(document, line);
            }

            @Override
            public void map(String document, Text line, Emitter out) {
                if (contains(line.array(), line.arrayOffset(), line.arrayOffset() + line.byteLength(), bytes)) {
                    out.emit(document, line);
                }
            }
        };
    }

    /**
     * The pattern as the text it matches, if it has no metacharacter, else null. A replacement character is left to
     * the regex engine, since it matches undecodable bytes only once they are decoded.
     */
    static String literal(String regex) {
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if ("\\^$.|?*+()[]{}\uFFFD".indexOf(c) >= 0 || Character.isSurrogate(c)) return null;
        }
        return regex;
    }

    /**
     * Whether {@code bytes[from, to)} contains {@code wanted}: UTF-8 is self-synchronising, so bytes match as text.
     * Candidates for the first byte are found eight bytes at a time (a zero-byte test on the word XOR the byte
     * repeated), then checked in full.
     */
    static boolean contains(byte[] bytes, int from, int to, byte[] wanted) {
        int n = wanted.length;
        if (n == 0) return true;
        byte first = wanted[0];
        int last = to - n; // the last position a match can start at
        int i = from;
        long repeated = ONES * (first & 0xff);
        for (; i + 8 <= to; i += 8) {
            long word = (long) LONGS.get(bytes, i) ^ repeated;
            long candidates = (word - ONES) & ~word & HIGHS;
            while (candidates != 0) {
                int at = i + (Long.numberOfTrailingZeros(candidates) >>> 3);
                if (at > last) return false;
                if (bytes[at] == first && matchesAt(bytes, at, wanted)) return true;
                candidates &= candidates - 1;
            }
        }
        for (; i <= last; i++) {
            if (bytes[i] == first && matchesAt(bytes, i, wanted)) return true;
        }
        return false;
    }

    private static boolean matchesAt(byte[] bytes, int at, byte[] wanted) {
        for (int j = 1; j < wanted.length; j++) {
            if (bytes[at + j] != wanted[j]) return false;
        }
        return true;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    @Override
    public Reducer reducer(JobContext job) {
        return (document, lines, out) -> lines.forEachRemaining(line -> out.emit(document, line));
    }

    private static Pattern pattern(JobContext job) {
        String regex = job.requireParam("pattern");
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new InvalidJobException("parameter 'pattern' is not a valid regular expression: " + e.getDescription()
                    + " near index " + e.getIndex(), e);
        }
    }
}
