package io.warren.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Text held as UTF-8 bytes: a line as Warren read it from the input, or a slice of one. Reading a line this way costs
 * nothing (no {@code String} is made for it), so a mapper that looks at bytes, like a tokenizer, runs at the speed
 * of the disk. Byte-level access ({@link #byteAt}, {@link #byteLength}, {@link #slice}) works on UTF-8 bytes; as a
 * {@link CharSequence} (for regular expressions and the like) it counts UTF-16 chars, as a {@code String} would,
 * decoding once where the text is not plain ASCII.
 *
 * <p>A {@code Text} that Warren passes to a mapper is a view into a buffer it reuses: valid only during that call.
 * Emitting it is fine (Warren copies what it keeps); to hold on to it, take {@link #toString()}. Bytes that are not
 * valid UTF-8 decode to U+FFFD, as they do in a {@code String} line.
 */
public final class Text implements CharSequence, Comparable<Text> {
    private byte[] bytes;
    private int offset;
    private int length;
    private byte ascii; // 0 not yet known, 1 plain ASCII, 2 not
    private String decoded;

    /** A view of {@code length} bytes of {@code bytes} from {@code offset}; the bytes are shared, not copied. */
    public Text(byte[] bytes, int offset, int length) {
        set(bytes, offset, length);
    }

    public static Text of(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        Text text = new Text(b, 0, b.length);
        text.decoded = s;
        return text;
    }

    /** Points this view at other bytes: one {@code Text} can serve a whole task, line after line. */
    public Text set(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
        this.ascii = 0;
        this.decoded = null;
        return this;
    }

    /** The number of UTF-8 bytes. */
    public int byteLength() {
        return length;
    }

    public byte byteAt(int index) {
        Objects.checkIndex(index, length);
        return bytes[offset + index];
    }

    /** The bytes {@code [from, to)} as a new view of the same buffer (valid as long as this one is). */
    public Text slice(int from, int to) {
        return new Text(bytes, 0, 0).set(this, from, to);
    }

    /**
     * Points this view at the bytes {@code [from, to)} of another: a mapper can reuse one {@code Text} for every
     * word it emits, since Warren copies what it keeps.
     */
    public Text set(Text source, int from, int to) {
        Objects.checkFromToIndex(from, to, source.length);
        if (bytes != source.bytes) bytes = source.bytes; // a view reused over one buffer stores no reference again
        this.offset = source.offset + from;
        this.length = to - from;
        this.ascii = 0;
        if (decoded != null) decoded = null;
        return this;
    }

    /**
     * The code point whose UTF-8 encoding starts at byte {@code index}, or -1 if the bytes there are not a valid
     * UTF-8 sequence (a stray continuation byte, a truncated or overlong sequence, a surrogate). Advance by
     * {@link #utf8Length(int)} of the result to reach the next one.
     */
    public int codePointAtByte(int index) {
        Objects.checkIndex(index, length);
        int p = offset + index;
        int end = offset + length;
        int b = bytes[p] & 0xff;
        if (b < 0x80) return b;
        int n;
        int cp;
        int min;
        if (b >= 0xc2 && b <= 0xdf) {
            n = 1;
            cp = b & 0x1f;
            min = 0x80;
        } else if (b >= 0xe0 && b <= 0xef) {
            n = 2;
            cp = b & 0x0f;
            min = 0x800;
        } else if (b >= 0xf0 && b <= 0xf4) {
            n = 3;
            cp = b & 0x07;
            min = 0x10000;
        } else {
            return -1;
        }
        if (p + n >= end) return -1; // truncated at the end of the text
        for (int i = 1; i <= n; i++) {
            int c = bytes[p + i] & 0xff;
            if ((c & 0xc0) != 0x80) return -1;
            cp = (cp << 6) | (c & 0x3f);
        }
        if (cp < min || cp > Character.MAX_CODE_POINT || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) {
            return -1;
        }
        return cp;
    }

    /** How many UTF-8 bytes {@code codePoint} takes; 1 for the -1 of an invalid byte. */
    public static int utf8Length(int codePoint) {
        if (codePoint < 0x80) return 1;
        if (codePoint < 0x800) return 2;
        return codePoint < 0x10000 ? 3 : 4;
    }

    /** Whether every byte is ASCII, so that bytes and chars are the same thing. */
    public boolean isAscii() {
        if (ascii == 0) {
            ascii = 1;
            for (int i = offset, end = offset + length; i < end; i++) {
                if (bytes[i] < 0) {
                    ascii = 2;
                    break;
                }
            }
        }
        return ascii == 1;
    }

    /** The buffer this view reads, for bulk access by code that needs it; read only, from {@link #arrayOffset()}. */
    public byte[] array() {
        return bytes;
    }

    public int arrayOffset() {
        return offset;
    }

    @Override
    public int length() {
        return isAscii() ? length : toString().length();
    }

    @Override
    public char charAt(int index) {
        if (isAscii()) return (char) byteAt(index);
        return toString().charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return isAscii() ? slice(start, end) : toString().subSequence(start, end);
    }

    @Override
    public String toString() {
        if (decoded == null) decoded = new String(bytes, offset, length, StandardCharsets.UTF_8);
        return decoded;
    }

    /** Equal to another {@code Text} with the same bytes. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Text t && Arrays.equals(bytes, offset, offset + length, t.bytes, t.offset, t.offset + t.length);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = offset, end = offset + length; i < end; i++) h = 31 * h + bytes[i];
        return h;
    }

    /** By unsigned bytes, which for UTF-8 is the order of code points: the order Warren sorts keys in. */
    @Override
    public int compareTo(Text o) {
        return Arrays.compareUnsigned(bytes, offset, offset + length, o.bytes, o.offset, o.offset + o.length);
    }
}
