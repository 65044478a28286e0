package io.warren.worker.exec;

import io.warren.api.Reducer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CombiningBufferTest {
    private static final Reducer SUM = (key, values, out) -> {
        long n = 0;
        while (values.hasNext()) n += Long.parseLong(values.next());
        out.emit(key, Long.toString(n));
    };

    private record Written(int partition, String key, String value) {
    }

    @Test
    void combinedOutputSumsToTheSameTotalsWhateverTheBufferSize() throws Exception {
        Random random = new Random(5);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) keys.add("k" + random.nextInt(300));
        Map<String, Long> expected = new TreeMap<>();
        keys.forEach(k -> expected.merge(k, 1L, Long::sum));

        for (long limit : new long[]{1, 500, 10_000, Long.MAX_VALUE}) {
            List<Written> written = new ArrayList<>();
            CombiningBuffer buffer = new CombiningBuffer(SUM, 3, limit, (p, k, v) -> written.add(new Written(p, k, v)));
            for (String k : keys) buffer.add(Math.floorMod(k.hashCode(), 3), k, "1");
            buffer.flush();

            Map<String, Long> totals = new TreeMap<>();
            written.forEach(w -> totals.merge(w.key, Long.parseLong(w.value), Long::sum));
            assertThat(totals).as("limit %d", limit).isEqualTo(expected);
            assertThat(written).allSatisfy(w -> assertThat(w.partition).isEqualTo(Math.floorMod(w.key.hashCode(), 3)));
            if (limit == Long.MAX_VALUE) assertThat(written).hasSize(expected.size());
        }
    }

    @Test
    void aSmallBufferFlushesBeforeTheEnd() throws Exception {
        List<Written> written = new ArrayList<>();
        CombiningBuffer buffer = new CombiningBuffer(SUM, 1, 200, (p, k, v) -> written.add(new Written(p, k, v)));
        for (int i = 0; i < 100; i++) buffer.add(0, "key", "1");
        assertThat(written).isNotEmpty();
    }

    @Test
    void aCombinerThatChangesTheKeyIsRejected() {
        Reducer renaming = (key, values, out) -> out.emit(key + "!", "1");
        CombiningBuffer buffer = new CombiningBuffer(renaming, 1, Long.MAX_VALUE, (p, k, v) -> { });
        assertThatThrownBy(() -> {
            buffer.add(0, "a", "1");
            buffer.flush();
        }).isInstanceOf(IllegalStateException.class).hasMessageContaining("must emit the key it was given");
    }
}
