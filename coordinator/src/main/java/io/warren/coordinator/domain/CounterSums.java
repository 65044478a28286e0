package io.warren.coordinator.domain;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A running sum of tasks' counters, by name, kept as tasks come, change and go: each name with its sum and how many of
 * the counted tasks have it, so that a name leaves when its last task does and the sums equal a fresh walk over the
 * tasks. The live job's account ({@link TaskTally}) and the status page's ({@code JobTotals}) keep one each, and a
 * record sums its tasks through one ({@link JobRecord#counters()}).
 */
public final class CounterSums {
    private final Map<String, long[]> sums = new HashMap<>();

    /** A task's counters join the sums. */
    public void add(Map<String, Long> counters) {
        counters.forEach((name, value) -> {
            long[] sum = sums.computeIfAbsent(name, k -> new long[2]);
            sum[0] += value;
            sum[1]++;
        });
    }

    /** A task's counters, as added before, leave the sums. */
    public void remove(Map<String, Long> counters) {
        counters.forEach((name, value) -> {
            long[] sum = sums.get(name);
            sum[0] -= value;
            if (--sum[1] == 0) sums.remove(name);
        });
    }

    /** The sums, by name in order. */
    public Map<String, Long> sums() {
        Map<String, Long> out = new TreeMap<>();
        sums.forEach((name, sum) -> out.put(name, sum[0]));
        return out;
    }
}
