package io.warren.worker.io;

/**
 * A stable merge sort of record indices, for buffers that keep records packed in arrays rather than as objects:
 * the comparator reads the records the indices name. Equal records keep their order.
 */
public final class IndexSort {
    /** Compares the records at two indices. */
    @FunctionalInterface
    public interface Order {
        int compare(int a, int b);
    }

    public static void sort(int[] indices, int count, Order order) {
        mergeSort(indices, new int[count], 0, count, order);
    }

    private static void mergeSort(int[] a, int[] tmp, int from, int to, Order order) {
        if (to - from <= 16) {
            for (int i = from + 1; i < to; i++) {
                int v = a[i];
                int j = i - 1;
                while (j >= from && order.compare(a[j], v) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, tmp, from, mid, order);
        mergeSort(a, tmp, mid, to, order);
        if (order.compare(a[mid - 1], a[mid]) <= 0) return;
        System.arraycopy(a, from, tmp, from, to - from);
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++) {
            if (j >= to || (i < mid && order.compare(tmp[i], tmp[j]) <= 0)) a[k] = tmp[i++];
            else a[k] = tmp[j++];
        }
    }

    private IndexSort() {
    }
}
