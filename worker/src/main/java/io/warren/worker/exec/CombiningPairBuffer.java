package io.warren.worker.exec;

import io.warren.api.Counters;
import io.warren.worker.io.Merger;
import io.warren.worker.io.RunWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * For jobs with a combiner: pairs are grouped by key in a hash map as they arrive, and a key's values are combined
 * as soon as it holds {@link #COLLAPSE_AT} of them, so the buffer holds roughly one entry per distinct key rather
 * than one per pair. Spilling then sorts only the distinct keys. Its size is an estimate of the heap it takes.
 */
final class CombiningPairBuffer implements PairBuffer {
    private static final int COLLAPSE_AT = 16;
    private final Partitions partitions;
    private final CountingCombiner combiner;
    private final long capacityBytes;
    private final HashMap<String, Values> groups = new HashMap<>();
    private List<Map.Entry<byte[], Values>> sorted = List.of();
    private int cursor;
    private long bytes;

    private static final class Values {
        final int partition;
        String[] items = new String[4];
        int n;

        Values(int partition) {
            this.partition = partition;
        }
    }

    CombiningPairBuffer(Partitions partitions, CountingCombiner combiner, long capacityBytes) {
        this.partitions = partitions;
        this.combiner = combiner;
        this.capacityBytes = capacityBytes;
    }

    /** Always takes the pair; {@link #isFull()} then says whether the buffer has grown past its capacity. */
    @Override
    public boolean add(String key, String value) throws IOException {
        Values v = groups.get(key);
        if (v == null) {
            v = new Values(partitions.of(key)); // once per distinct key, not per pair
            groups.put(key, v);
            bytes += 112 + 2L * key.length();
        }
        if (v.n == v.items.length) {
            if (v.n >= COLLAPSE_AT) collapse(key, v);
            if (v.n == v.items.length) v.items = Arrays.copyOf(v.items, v.items.length * 2);
        }
        v.items[v.n++] = value;
        bytes += 24 + 2L * value.length();
        return true;
    }

    @Override
    public boolean add(byte[] key, int keyOff, int keyLen, byte[] value, int valOff, int valLen) throws IOException {
        return add(new String(key, keyOff, keyLen, StandardCharsets.UTF_8),
                new String(value, valOff, valLen, StandardCharsets.UTF_8));
    }

    @Override
    public boolean isFull() {
        return bytes >= capacityBytes;
    }

    private void collapse(String key, Values v) throws IOException {
        List<String> out = new ArrayList<>(1);
        combiner.combine(key, Arrays.asList(v.items).subList(0, v.n).iterator(), out::add);
        for (int i = 0; i < v.n; i++) bytes -= 24 + 2L * v.items[i].length();
        Arrays.fill(v.items, null);
        v.n = 0;
        for (String o : out) {
            if (v.n == v.items.length) v.items = Arrays.copyOf(v.items, v.items.length * 2);
            v.items[v.n++] = o;
            bytes += 24 + 2L * o.length();
        }
    }

    /** Orders the distinct keys by partition, then UTF-8 bytes. */
    @Override
    public void sort() {
        List<Map.Entry<byte[], Values>> entries = new ArrayList<>(groups.size());
        groups.forEach((k, v) -> entries.add(Map.entry(k.getBytes(StandardCharsets.UTF_8), v)));
        entries.sort((a, b) -> {
            int c = Integer.compare(a.getValue().partition, b.getValue().partition);
            return c != 0 ? c : Arrays.compareUnsigned(a.getKey(), b.getKey());
        });
        sorted = entries;
        cursor = 0;
    }

    /** Writes partition r's keys, each combined one last time, from the sorted position on. */
    @Override
    public void writeSection(int partition, RunWriter out) throws IOException {
        List<String> combined = new ArrayList<>(1);
        while (cursor < sorted.size() && sorted.get(cursor).getValue().partition == partition) {
            var e = sorted.get(cursor++);
            String key = new String(e.getKey(), StandardCharsets.UTF_8);
            Values v = e.getValue();
            combined.clear();
            combiner.combine(key, Arrays.asList(v.items).subList(0, v.n).iterator(), combined::add);
            byte[] k = e.getKey();
            for (String value : combined) {
                byte[] b = value.getBytes(StandardCharsets.UTF_8);
                out.write(k, 0, k.length, b, 0, b.length);
            }
        }
    }

    @Override
    public void writeMerged(Merger merged, RunWriter out) throws IOException {
        combiner.combineMerged(merged, out);
    }

    @Override
    public int size() {
        return groups.size();
    }

    @Override
    public void clear() {
        groups.clear();
        sorted = List.of();
        cursor = 0;
        bytes = 0;
    }

    @Override
    public void countInto(Counters counters) {
        combiner.countInto(counters);
    }
}
