package io.warren.apps;

import io.warren.api.InvalidJobException;
import io.warren.api.Mapper;
import io.warren.api.Reducer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopCountTest {
    private final TopCount job = new TopCount();

    @Test
    void higherCountsSortFirstAsKeys() {
        List<Long> counts = List.of(0L, 1L, 9L, 10L, 11L, 99L, 100L, 12_345L, Long.MAX_VALUE);
        List<String> keys = counts.stream().map(TopCount::sortKey).toList();
        List<String> descending = new ArrayList<>(keys);
        java.util.Collections.reverse(descending);
        List<String> sorted = new ArrayList<>(keys);
        sorted.sort(Comparator.naturalOrder());
        assertThat(sorted).containsExactlyElementsOf(descending);
    }

    @Test
    void mapperTurnsKeyCountAroundAndRefusesALineWithoutACount() throws Exception {
        RecordingEmitter out = new RecordingEmitter();
        Mapper mapper = job.mapper(FakeJobContext.noParams());
        mapper.map("mr-out-0", "whale 42", out);
        mapper.map("mr-out-0", "", out);
        assertThat(out.pairs()).containsExactly(new RecordingEmitter.Pair(TopCount.sortKey(42), "whale"));
        assertThatThrownBy(() -> mapper.map("mr-out-3", "whale many", new RecordingEmitter()))
                .hasMessageContaining("mr-out-3").hasMessageContaining("\"whale many\"");
    }

    /** Through map, a sort by key and one reducer, as Warren runs it, against sorting all the counts at once. */
    @Test
    void theTopNOfRandomCountsIsTheHighestCountsWithTiesInKeyOrder() throws Exception {
        Random random = new Random(14);
        for (int round = 0; round < 50; round++) {
            Map<String, Long> counts = new TreeMap<>();
            for (int i = 0; i < 300; i++) counts.put("w" + random.nextInt(1_000), (long) random.nextInt(30));
            int n = 1 + random.nextInt(40);
            FakeJobContext context = FakeJobContext.withParams(Map.of("n", Integer.toString(n)));

            RecordingEmitter mapped = new RecordingEmitter();
            Mapper mapper = job.mapper(context);
            for (var e : counts.entrySet()) mapper.map("in", e.getKey() + " " + e.getValue(), mapped);
            TreeMap<String, List<String>> grouped = new TreeMap<>();
            mapped.pairs().forEach(p -> grouped.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p.value()));
            RecordingEmitter out = new RecordingEmitter();
            Reducer reducer = job.reducer(context);
            for (var g : grouped.entrySet()) {
                List<String> values = new ArrayList<>(g.getValue());
                java.util.Collections.shuffle(values, random);
                reducer.reduce(g.getKey(), values.iterator(), out);
            }

            List<RecordingEmitter.Pair> expected = counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(n).map(e -> new RecordingEmitter.Pair(e.getKey(), Long.toString(e.getValue()))).toList();
            assertThat(out.pairs()).as("round %d, n=%d", round, n).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void everyPairGoesToTheFirstReduce() {
        assertThat(job.partitioner(FakeJobContext.noParams()).partition(TopCount.sortKey(7), 8)).isZero();
    }

    @Test
    void aBadNIsRefusedAtSubmission() {
        assertThatThrownBy(() -> job.validate(FakeJobContext.withParams(Map.of("n", "0"))))
                .isInstanceOf(InvalidJobException.class).hasMessageContaining("parameter n");
    }
}
