package io.warren.worker.io;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class KeyTableTest {
    @Test
    void everyKeyGetsOneDenseIdInArrivalOrderThroughGrowthAndClearing() {
        KeyTable table = new KeyTable();
        Random random = new Random(7);
        for (int round = 0; round < 3; round++) {
            Map<String, Integer> ids = new HashMap<>();
            List<String> byId = new ArrayList<>();
            for (int i = 0; i < 50_000; i++) {
                String key = "k" + random.nextInt(20_000) + (random.nextInt(10) == 0 ? "é漢" : "");
                byte[] padded = ("..." + key).getBytes(StandardCharsets.UTF_8);
                int id = table.intern(padded, 3, padded.length - 3);
                Integer expected = ids.get(key);
                if (expected == null) {
                    assertThat(table.added()).isTrue();
                    assertThat(id).isEqualTo(byId.size());
                    ids.put(key, id);
                    byId.add(key);
                } else {
                    assertThat(table.added()).isFalse();
                    assertThat(id).isEqualTo(expected);
                }
            }
            assertThat(table.size()).isEqualTo(byId.size());
            for (int id = 0; id < byId.size(); id++) {
                assertThat(new String(table.arena(), table.offset(id), table.length(id), StandardCharsets.UTF_8)).isEqualTo(byId.get(id));
            }
            table.clear();
            assertThat(table.size()).isZero();
        }
    }

    @Test
    void idsSortByPartitionThenUnsignedKeyBytes() {
        KeyTable table = new KeyTable();
        String[] keys = {"b", "a", "é", "ab", "", "z", "漢", "A", "abcdefghij", "abcdefghi", "abcdefgh"};
        int[] partitionOf = {1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1};
        for (String k : keys) {
            byte[] b = k.getBytes(StandardCharsets.UTF_8);
            table.intern(b, 0, b.length);
        }
        int[] ids = new int[table.size()];
        table.sort(ids, partitionOf, 1);
        List<String> sorted = new ArrayList<>();
        for (int id : ids) sorted.add(keys[id]);
        assertThat(sorted).containsExactly("A", "a", "ab", "abcdefghi", "abcdefghij", "z", "é", "漢", "", "abcdefgh", "b");
    }
}
