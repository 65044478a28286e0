package io.warren.worker.exec;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecimalTest {
    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);

    @Test
    void readsAndWritesEveryLongAsLongDoes() {
        Random random = new Random(9);
        long[] edges = {0, 1, -1, 9, 10, 99, 100, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE / 10, 999_999_999_999_999_999L};
        for (int i = 0; i < 20_000; i++) {
            long v = i < edges.length ? edges[i] : random.nextLong() >> random.nextInt(64);
            String text = Long.toString(v);
            byte[] digits = new byte[20];
            int len = Decimal.format(v, digits);
            assertThat(new String(digits, 20 - len, len, StandardCharsets.US_ASCII)).isEqualTo(text);
            assertThat(Decimal.length(v)).isEqualTo(text.length());
            byte[] b = ("  " + text).getBytes(StandardCharsets.US_ASCII);
            assertThat(Decimal.parse(b, 2, b.length - 2, KEY, 0, 1)).isEqualTo(v);
        }
        byte[] plus = "+42".getBytes(StandardCharsets.US_ASCII);
        assertThat(Decimal.parse(plus, 0, plus.length, KEY, 0, 1)).isEqualTo(42);
    }

    @Test
    void rejectsWhatLongParseLongRejects() {
        for (String bad : new String[]{"", "-", "+", "1.5", " 1", "1 ", "９", "9223372036854775808", "-9223372036854775809",
                "99999999999999999999", "0x10", "--1"}) {
            byte[] b = bad.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> Decimal.parse(b, 0, b.length, KEY, 0, 1)).as("'%s'", bad)
                    .isInstanceOf(NumberFormatException.class).hasMessageContaining("key 'k'");
        }
    }
}
