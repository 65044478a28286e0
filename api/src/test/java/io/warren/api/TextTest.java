package io.warren.api;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextTest {
    private static final String SAMPLE = "naïve café 漢字 𝐀𝐁 plain";

    @Test
    void codePointsReadFromBytesAreThoseAStringDecodes() {
        Text text = Text.of(SAMPLE);
        StringBuilder decoded = new StringBuilder();
        for (int i = 0; i < text.byteLength(); ) {
            int cp = text.codePointAtByte(i);
            decoded.appendCodePoint(cp);
            i += Text.utf8Length(cp);
        }
        assertThat(decoded.toString()).isEqualTo(SAMPLE);
    }

    @Test
    void invalidBytesAreReportedAsMinusOneAndEveryValidSequenceStillDecodes() {
        Random random = new Random(3);
        for (int round = 0; round < 5_000; round++) {
            byte[] bytes = randomBytes(random);
            Text text = new Text(bytes, 0, bytes.length);
            StringBuilder decoded = new StringBuilder();
            for (int i = 0; i < bytes.length; ) {
                int cp = text.codePointAtByte(i);
                decoded.appendCodePoint(cp < 0 ? 0xfffd : cp);
                i += Text.utf8Length(cp);
            }
            // Java replaces each maximal invalid subpart with one U+FFFD; we replace each invalid byte: the same text
            // once runs of replacement characters are collapsed.
            String expected = new String(bytes, StandardCharsets.UTF_8).replaceAll("\uFFFD+", "\uFFFD");
            assertThat(decoded.toString().replaceAll("\uFFFD+", "\uFFFD")).isEqualTo(expected);
        }
    }

    @Test
    void asAnAsciiCharSequenceItNeedsNoDecodingAndMatchesLikeAString() {
        byte[] line = "  the quick brown fox  ".getBytes(StandardCharsets.US_ASCII);
        Text text = new Text(line, 2, line.length - 4);

        assertThat(text.isAscii()).isTrue();
        assertThat(text.length()).isEqualTo(text.byteLength()).isEqualTo(19);
        assertThat(text.charAt(4)).isEqualTo('q');
        assertThat(text.subSequence(4, 9).toString()).isEqualTo("quick");
        assertThat(Pattern.compile("br.wn").matcher(text).find()).isTrue();
    }

    @Test
    void aNonAsciiCharSequenceCountsCharsAsAStringDoes() {
        Text text = Text.of(SAMPLE);

        assertThat(text.isAscii()).isFalse();
        assertThat(text.length()).isEqualTo(SAMPLE.length());
        assertThat(text.charAt(2)).isEqualTo('ï');
        assertThat(text.subSequence(6, 10).toString()).isEqualTo("café");
        assertThat(Pattern.compile("caf.").matcher(text).find()).isTrue();
    }

    @Test
    void slicesAreViewsOfTheSameBytes() {
        byte[] bytes = "hello world".getBytes(StandardCharsets.UTF_8);
        Text line = new Text(bytes, 0, bytes.length);
        Text world = line.slice(6, 11);

        assertThat(world.toString()).isEqualTo("world");
        bytes[6] = 'W';
        assertThat(world.toString()).as("decoded once, then kept").isEqualTo("world");
        assertThat(line.slice(6, 11).toString()).isEqualTo("World");
        assertThatThrownBy(() -> line.slice(6, 12)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> world.byteAt(5)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void equalityHashAndOrderFollowTheBytes() {
        Random random = new Random(5);
        String[] words = {"", "a", "ab", "b", "é", "z", "漢", "𝐀", "ab\u0000", "\uffff"};
        for (int i = 0; i < 1_000; i++) {
            String x = words[random.nextInt(words.length)];
            String y = words[random.nextInt(words.length)];
            Text a = Text.of(x);
            Text b = new Text(("." + y).getBytes(StandardCharsets.UTF_8), 1, y.getBytes(StandardCharsets.UTF_8).length);
            assertThat(a.equals(b)).isEqualTo(x.equals(y));
            if (x.equals(y)) assertThat(a.hashCode()).isEqualTo(b.hashCode());
            assertThat(Integer.signum(a.compareTo(b))).isEqualTo(Integer.signum(compareByCodePoints(x, y)));
        }
    }

    private static int compareByCodePoints(String x, String y) {
        int[] a = x.codePoints().toArray();
        int[] b = y.codePoints().toArray();
        return Arrays.compare(a, b);
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(24)];
        for (int i = 0; i < bytes.length; i++) {
            int kind = random.nextInt(4);
            bytes[i] = (byte) switch (kind) {
                case 0 -> 'a' + random.nextInt(26);
                case 1 -> 0x80 + random.nextInt(0x40);          // continuation
                case 2 -> 0xc0 + random.nextInt(0x40);          // lead bytes, valid or not
                default -> random.nextInt(256);
            };
            if (kind == 3 && random.nextBoolean() && i + 4 < bytes.length) {
                byte[] valid = new String(Character.toChars(random.nextInt(0x10FFFF))).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(valid, 0, bytes, i, valid.length);
                i += valid.length - 1;
            }
        }
        return bytes;
    }
}
