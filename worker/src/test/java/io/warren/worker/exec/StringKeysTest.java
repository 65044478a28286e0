package io.warren.worker.exec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StringKeysTest {
    @Test
    void anIndexedKeyIsFoundByAnEqualStringThroughGrowthAndClearing() {
        StringKeys keys = new StringKeys();
        for (int round = 0; round < 2; round++) {
            for (int id = 0; id < 20_000; id++) {
                String key = "k" + id + (id % 7 == 0 ? "é漢" : "");
                assertThat(keys.find(key)).isEqualTo(-1);
                keys.index(key, id);
            }
            for (int id = 0; id < 20_000; id++) {
                String equal = new String("k" + id + (id % 7 == 0 ? "é漢" : ""));
                assertThat(keys.find(equal)).isEqualTo(id);
                assertThat(keys.get(id)).isEqualTo(equal);
            }
            assertThat(keys.footprint()).isGreaterThan(20_000L * (24 + 16));
            keys.clear(20_000);
            assertThat(keys.find("k1")).isEqualTo(-1);
            assertThat(keys.get(1)).isNull();
            assertThat(keys.footprint()).isZero();
        }
    }

    @Test
    void aRememberedKeyIsKeptButNotFound() {
        StringKeys keys = new StringKeys();
        keys.remember(3, "pear");
        assertThat(keys.get(3)).isEqualTo("pear");
        assertThat(keys.find("pear")).isEqualTo(-1);
        keys.index("pear", 3);
        assertThat(keys.find("pear")).isEqualTo(3);
    }

    @Test
    void keysThatShareTheirPackedCharsAreStillTold() {
        StringKeys keys = new StringKeys();
        String[] similar = {"", "a", "\u0161", "abcdefg", "abcdefgh", "abcdefgi", "abcdefg\u0161", "ab", "a\u0000"};
        for (int id = 0; id < similar.length; id++) keys.index(similar[id], id);
        for (int id = 0; id < similar.length; id++) assertThat(keys.find(new String(similar[id]))).isEqualTo(id);
        assertThat(keys.find("\u0162")).isEqualTo(-1);
        assertThat(keys.find("abcdefgj")).isEqualTo(-1);
    }
}
