package io.warren.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The machine's reference for sorting lines by their first KEY_BYTES bytes: every input file read into one array
 * (less than 2 GiB in all), the line numbers sorted by key in THREADS parts at once (a quicksort each), the parts
 * merged as the lines are written to one file.
 * <pre>java -Xmx3g -cp 'bench/target/warren-bench.jar:bench/target/lib/*' io.warren.bench.PlainSort THREADS KEY_BYTES OUT FILE...</pre>
 */
public final class PlainSort {
    private final byte[] data;
    private final int[] starts; // line i is data[starts[i], starts[i + 1] - 1), its newline left out
    private final int keyBytes;

    private PlainSort(byte[] data, int[] starts, int keyBytes) {
        this.data = data;
        this.starts = starts;
        this.keyBytes = keyBytes;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: PlainSort THREADS KEY_BYTES OUT FILE...");
            System.exit(2);
        }
        int threads = Integer.parseInt(args[0]);
        int keyBytes = Integer.parseInt(args[1]);
        List<Path> files = Arrays.stream(args, 3, args.length).map(Path::of).toList();
        PlainSort sort = read(files, keyBytes);
        sort.write(sort.sort(threads), threads, Path.of(args[2]));
    }

    private static PlainSort read(List<Path> files, int keyBytes) throws IOException {
        long total = 0;
        for (Path f : files) total += Files.size(f) + 1;
        byte[] data = new byte[Math.toIntExact(total)];
        int used = 0;
        for (Path f : files) {
            byte[] b = Files.readAllBytes(f);
            System.arraycopy(b, 0, data, used, b.length);
            used += b.length;
            if (b.length > 0 && b[b.length - 1] != '\n') data[used++] = '\n';
        }
        int[] starts = new int[Math.max(16, used / 64)];
        int n = 0;
        starts[n++] = 0;
        for (int i = 0; i < used; i++) {
            if (data[i] != '\n') continue;
            if (n == starts.length) starts = Arrays.copyOf(starts, n * 2);
            starts[n++] = i + 1;
        }
        return new PlainSort(data, Arrays.copyOf(starts, n), keyBytes);
    }

    private int lines() {
        return starts.length - 1;
    }

    private int compare(int a, int b) {
        int oa = starts[a];
        int ob = starts[b];
        int la = Math.min(keyBytes, starts[a + 1] - 1 - oa);
        int lb = Math.min(keyBytes, starts[b + 1] - 1 - ob);
        return Arrays.compareUnsigned(data, oa, oa + la, data, ob, ob + lb);
    }

    private int[] sort(int threads) throws Exception {
        int n = lines();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int from = part(n, threads, t);
            int to = part(n, threads, t + 1);
            parts.add(pool.submit(() -> quicksort(order, from, to - 1)));
        }
        for (Future<?> f : parts) f.get();
        pool.shutdown();
        return order;
    }

    private static int part(int n, int threads, int t) {
        return (int) ((long) n * t / threads);
    }

    private void quicksort(int[] a, int lo, int hi) {
        while (hi - lo > 16) {
            int mid = (lo + hi) >>> 1;
            if (compare(a[mid], a[lo]) < 0) swap(a, mid, lo);
            if (compare(a[hi], a[lo]) < 0) swap(a, hi, lo);
            if (compare(a[hi], a[mid]) < 0) swap(a, hi, mid);
            int pivot = a[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (compare(a[i], pivot) < 0) i++;
                while (compare(a[j], pivot) > 0) j--;
                if (i <= j) swap(a, i++, j--);
            }
            if (j - lo < hi - i) {
                quicksort(a, lo, j);
                lo = i;
            } else {
                quicksort(a, i, hi);
                hi = j;
            }
        }
        for (int i = lo + 1; i <= hi; i++) {
            int v = a[i];
            int j = i - 1;
            while (j >= lo && compare(a[j], v) > 0) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /** Merges the sorted parts as it writes the lines. */
    private void write(int[] order, int threads, Path out) throws IOException {
        int n = lines();
        int[] at = new int[threads];
        int[] end = new int[threads];
        for (int t = 0; t < threads; t++) {
            at[t] = part(n, threads, t);
            end[t] = part(n, threads, t + 1);
        }
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
            for (int written = 0; written < n; written++) {
                int best = -1;
                for (int t = 0; t < threads; t++) {
                    if (at[t] < end[t] && (best < 0 || compare(order[at[t]], order[at[best]]) < 0)) best = t;
                }
                int line = order[at[best]++];
                o.write(data, starts[line], starts[line + 1] - starts[line]);
            }
        }
    }
}
