package io.warren.protocol;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample plan: evenly spaced chunks inside the splits, at most sixteen of a MiB each, and it travels as JSON. */
class TotalOrderTest {
    private static final long MIB = 1L << 20;

    @Test
    void largeInputGetsSixteenEvenlySpacedChunksOfAMebibyteInsideItsSplits() {
        List<List<InputSplit>> maps = List.of(
                List.of(new InputSplit("a", 0, 64 * MIB)), List.of(new InputSplit("a", 64 * MIB, 64 * MIB)),
                List.of(new InputSplit("b", 0, 100 * MIB), new InputSplit("c", 0, 28 * MIB)));
        List<InputSplit> sample = TotalOrder.plan(maps).sample();
        assertThat(sample).hasSize(TotalOrder.MAX_CHUNKS).allMatch(c -> c.length() == MIB);
        assertThat(sample).extracting(InputSplit::path).containsSubsequence("a", "b", "c");
        assertThat(sample.get(0)).isEqualTo(new InputSplit("a", 0, MIB));
        assertThat(sample.get(1)).isEqualTo(new InputSplit("a", 16 * MIB, MIB));
        assertThat(sample.get(8)).isEqualTo(new InputSplit("b", 0, MIB));
    }

    @Test
    void smallInputIsSampledWhole() {
        List<InputSplit> sample = TotalOrder.plan(List.of(List.of(new InputSplit("a", 0, 1000)))).sample();
        assertThat(sample).containsExactly(new InputSplit("a", 0, 1000));
    }

    @Test
    void aJobRefWithATotalOrderRoundTripsAndOneWithoutLeavesTheFieldOut() throws MalformedMessage {
        JobRef sorted = new JobRef("sort", null, java.util.Map.of(), null,
                TotalOrder.plan(List.of(List.of(new InputSplit("a", 0, 10)))));
        MapTask task = new MapTask("job", 0, 1, sorted, List.of(new InputSplit("a", 0, 10)), 2, 1_000, List.of());
        assertThat(Json.decode(Json.encode(task), TaskMessage.class)).isEqualTo(task);
        MapTask plain = new MapTask("job", 0, 1, new JobRef("sort", null, java.util.Map.of()),
                List.of(new InputSplit("a", 0, 10)), 2, 1_000, List.of());
        assertThat(Json.encodeToString(plain)).doesNotContain("totalOrder");
    }
}
