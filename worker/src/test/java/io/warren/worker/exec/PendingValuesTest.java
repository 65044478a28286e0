package io.warren.worker.exec;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PendingValuesTest {
    private static List<String> drain(Iterator<String> values) {
        List<String> list = new ArrayList<>();
        values.forEachRemaining(list::add);
        return list;
    }

    @Test
    void equalValuesInARowAreHeldOnceAndGivenBackAsOftenAsTheyCame() {
        PendingValues values = new PendingValues();
        values.start(0);
        for (int i = 0; i < 1000; i++) assertThat(values.add(0, Integer.toString(1))).isTrue(); // equal, not the same
        assertThat(values.bytes()).isEqualTo(StringKeys.cost("1"));
        List<String> all = drain(values.of(0));
        assertThat(all).hasSize(1000).containsOnly("1");
    }

    @Test
    void aKeysValuesComeBackInArrivalOrderWhetherEqualOrNot() {
        PendingValues values = new PendingValues();
        values.start(0);
        values.start(1);
        List<String> added = List.of("a", "a", "b", "a", "a", "a", "c", "c");
        for (String v : added) {
            assertThat(values.add(0, v)).isTrue();
            assertThat(values.add(1, "other")).isTrue();
        }
        assertThat(drain(values.of(0))).isEqualTo(added);
        assertThat(drain(values.of(1))).hasSize(added.size()).containsOnly("other");
    }

    @Test
    void valuesThatDifferAskToBeCombinedBeforeTheyPileUpAndAreThenReplaced() {
        PendingValues values = new PendingValues();
        values.start(0);
        int taken = 0;
        while (values.add(0, Integer.toString(taken % 2))) taken++;
        assertThat(taken).isBetween(2, 17);
        assertThat(drain(values.of(0))).hasSize(taken);

        values.replace(0, List.of("sum"));
        assertThat(values.add(0, "1")).as("takes the value it refused").isTrue();
        assertThat(drain(values.of(0))).containsExactly("sum", "1");
        values.replace(0, List.of());
        assertThat(values.bytes()).as("nothing held, nothing counted").isZero();
    }

    @Test
    void aLongRunFollowedByAnotherValueIsCombinedRatherThanCopied() {
        PendingValues values = new PendingValues();
        values.start(0);
        for (int i = 0; i < 100; i++) values.add(0, "1");
        assertThat(values.add(0, "2")).isFalse();
        assertThat(drain(values.of(0))).hasSize(100);
    }
}
