package io.warren.worker.exec;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Each key's values waiting for the combiner, in arrival order, by key id. Values that arrive in a row equal to the
 * key's previous one (a word count's "1"s) are held once with a count, in dense arrays, so most pairs cost a compare
 * and an increment; only when a key's values differ do they go to a list of their own, which is combined when it
 * would outgrow {@link #COMBINE_AT} (or its room after the last combining), so a key's list stays short.
 */
final class PendingValues {
    private static final int COMBINE_AT = 16;
    /** The run's value and count, the list's reference and length. */
    static final int PER_KEY = 8 + 4 + 8 + 4;
    private String[] last = new String[1024]; // the value of the key's current run, null if none
    private int[] repeats = new int[1024];    // how many times in a row it came
    private String[][] earlier = new String[1024][]; // values before the run; null while a key's values are all equal
    private int[] earlierCount = new int[1024];
    private long bytes;
    private final Values values = new Values();

    /** Starts key {@code id}, the next new one, with no values. */
    void start(int id) {
        if (id == last.length) {
            int n = id * 2;
            last = Arrays.copyOf(last, n);
            repeats = Arrays.copyOf(repeats, n);
            earlier = Arrays.copyOf(earlier, n);
            earlierCount = Arrays.copyOf(earlierCount, n);
        }
        last[id] = null;
        repeats[id] = 0;
        earlier[id] = null;
        earlierCount[id] = 0;
    }

    /**
     * Adds a value; false, adding nothing, if the key's values should first be combined ({@link #replace}); after
     * that it always takes the value.
     */
    boolean add(int id, String value) {
        String run = last[id];
        if (run != null && (run == value || run.equals(value)) && repeats[id] < Integer.MAX_VALUE) {
            repeats[id]++;
            return true;
        }
        if (run != null && !endRun(id)) return false;
        last[id] = value;
        repeats[id] = 1;
        bytes += StringKeys.cost(value);
        return true;
    }

    /** Moves the run to the list, unless that would outgrow its room. */
    private boolean endRun(int id) {
        String[] list = earlier[id];
        int n = earlierCount[id];
        int r = repeats[id];
        int room = list == null ? COMBINE_AT : Math.max(COMBINE_AT, list.length);
        if ((long) n + r > room) return false;
        if (list == null || list.length < n + r) {
            String[] grown = list == null ? new String[Math.max(4, r)]
                    : Arrays.copyOf(list, Math.min(room, Math.max(n + r, list.length * 2)));
            bytes += cost(grown) - cost(list);
            list = grown;
            earlier[id] = list;
        }
        Arrays.fill(list, n, n + r, last[id]);
        earlierCount[id] = n + r;
        bytes += (r - 1) * StringKeys.cost(last[id]); // each copy counted as a value of its own, as a list holds it
        last[id] = null;
        repeats[id] = 0;
        return true;
    }

    /** A key's values, earlier ones first; one iterator, reused: valid until the next call. */
    Iterator<String> of(int id) {
        return values.over(earlier[id], earlierCount[id], last[id], repeats[id]);
    }

    /** Replaces a key's values with what the combiner made of them, leaving room for as many again. */
    void replace(int id, List<String> combined) {
        forget(id);
        int n = combined.size();
        if (n == 0) return;
        int size = Math.max(4, 2 * n);
        String[] list = new String[size];
        bytes += cost(list);
        for (int i = 0; i < n; i++) {
            list[i] = combined.get(i);
            bytes += StringKeys.cost(list[i]);
        }
        earlier[id] = list;
        earlierCount[id] = n;
    }

    private void forget(int id) {
        String[] list = earlier[id];
        bytes -= cost(list);
        if (list != null) {
            for (int i = 0; i < earlierCount[id]; i++) bytes -= StringKeys.cost(list[i]);
        }
        if (last[id] != null) bytes -= StringKeys.cost(last[id]);
        start(id);
    }

    /** An array's header and references (compressed). */
    private static long cost(String[] list) {
        return list == null ? 0 : 16 + 4L * list.length;
    }

    /** What the values take, in bytes (the per-key arrays are counted by {@link #PER_KEY}). */
    long bytes() {
        return bytes;
    }

    /** Forgets the values of keys {@code 0..ids-1}. */
    void clear(int ids) {
        Arrays.fill(last, 0, ids, null);
        Arrays.fill(earlier, 0, ids, null);
        bytes = 0;
    }

    /** A list's first values, then one value repeated; one instance reused for every combiner call. */
    private static final class Values implements Iterator<String> {
        private String[] items;
        private int n;
        private int i;
        private String repeated;
        private int repeats;

        Values over(String[] items, int n, String repeated, int repeats) {
            this.items = items;
            this.n = n;
            this.i = 0;
            this.repeated = repeated;
            this.repeats = repeats;
            return this;
        }

        @Override
        public boolean hasNext() {
            return i < n || repeats > 0;
        }

        @Override
        public String next() {
            if (i < n) return items[i++];
            if (repeats <= 0) throw new NoSuchElementException();
            repeats--;
            return repeated;
        }
    }
}
