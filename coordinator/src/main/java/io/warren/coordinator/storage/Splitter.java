package io.warren.coordinator.storage;

import io.warren.protocol.InputSplit;
import io.warren.protocol.storage.Compression;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts input files into map tasks: a large file into line-aligned byte ranges of {@code splitSize} (the worker extends
 * each to whole lines), small files grouped, so neither a 10 GB file nor ten thousand tiny ones makes a job lopsided.
 * Whole-file jobs get one task per file. A compressed file ({@code .gz}, {@code .zst}, {@code .bz2}) is never cut: a
 * decompressor starts at the beginning, so a large one is a task of its own and a small one is grouped whole.
 *
 * <p>Small files (at most a split and its slop) become at most {@link #SMALL_FILE_TASKS} tasks whatever their sizes,
 * unless their bytes need more tasks of at most {@code splitSize}: then no group exceeds the split size, and they make
 * fewer than {@code 2 * smallBytes / splitSize + 1} tasks. Up to {@link #SMALL_FILE_TASKS} files stay a task each
 * (parallel); more are grouped into tasks of at least {@link #MIN_SMALL_FILE_TASK_BYTES} (or half a split, if less),
 * so that a task's fixed cost does not dominate. The ranges
 * of large files come first, so the longest tasks start first.
 */
final class Splitter {
    /** A last piece smaller than this fraction of a split joins the piece before it, as Hadoop's split slop does. */
    private static final double SLOP = 1.1;
    /**
     * The most tasks small files make while the split size allows: 40,000 small files are 200 tasks, not 40,000
     * (each task costs a dispatch, a few messages and a save), and still enough to keep a fleet of workers busy.
     */
    static final int SMALL_FILE_TASKS = 200;
    /**
     * The least bytes a task of many small files gets: a task costs tens of milliseconds whatever its size (a dispatch,
     * its messages, a save, a partition file per reduce with its fsync), so half a megabyte of small files per task
     * spent most of a job on overhead. Applies only beyond {@link #SMALL_FILE_TASKS} files: fewer stay a task each.
     */
    static final long MIN_SMALL_FILE_TASK_BYTES = 8L << 20;

    static List<List<InputSplit>> split(List<InputSplit> files, long splitSize, boolean wholeFiles) {
        List<List<InputSplit>> tasks = new ArrayList<>();
        if (wholeFiles) {
            files.forEach(f -> tasks.add(List.of(f)));
            return tasks;
        }
        long smallLimit = (long) (splitSize * SLOP);
        List<InputSplit> small = new ArrayList<>();
        for (InputSplit file : files) {
            if (file.length() > smallLimit && !Compression.of(file.path()).splittable()) {
                tasks.add(List.of(file));
            } else if (file.length() > smallLimit) {
                cut(file, splitSize, tasks);
            } else {
                small.add(file);
            }
        }
        long smallBytes = small.stream().mapToLong(InputSplit::length).sum();
        // SMALL_FILE_TASKS - 1: the bucket count below is at most smallBytes / width + 1.
        long width = Math.max(1, ceilDiv(smallBytes, SMALL_FILE_TASKS - 1));
        if (small.size() > SMALL_FILE_TASKS) width = Math.max(width, Math.min(splitSize / 2, MIN_SMALL_FILE_TASK_BYTES));
        if (width <= splitSize / 2) {
            byMidpoint(small, width, tasks);
        } else {
            byLimit(small, splitSize, tasks);
        }
        return tasks;
    }

    /** A large file's ranges of {@code splitSize}; a last piece within the slop joins the one before it. */
    private static void cut(InputSplit file, long splitSize, List<List<InputSplit>> tasks) {
        long size = file.length();
        long start = 0;
        while (size - start > splitSize * SLOP) {
            tasks.add(List.of(file.part(start, splitSize)));
            start += splitSize;
        }
        tasks.add(List.of(file.part(start, size - start)));
    }

    /**
     * Lays the files end to end and cuts the line into stretches of {@code width} bytes: a file larger than a stretch
     * is a task of its own, the others go with the stretch their middle falls in. Fewer than {@code bytes / width + 1}
     * tasks come out (each lone file is more than a stretch; stretches holding a middle are at most
     * {@code bytes / width + 1}), each under {@code 2 * width} bytes (its files' middles lie within one stretch, and
     * each file is at most a stretch), whatever the mix of sizes; files of equal size make as many tasks as fit.
     */
    private static void byMidpoint(List<InputSplit> files, long width, List<List<InputSplit>> tasks) {
        List<InputSplit> group = new ArrayList<>();
        long groupStretch = -1;
        long offset = 0; // where the next file starts on the line of the files not taken alone
        for (InputSplit file : files) {
            if (file.length() > width) {
                tasks.add(List.of(file));
                continue;
            }
            long stretch = (2 * offset + file.length()) / (2 * width); // the stretch of the file's middle
            offset += file.length();
            if (stretch != groupStretch && !group.isEmpty()) {
                tasks.add(List.copyOf(group));
                group.clear();
            }
            groupStretch = stretch;
            group.add(file);
        }
        if (!group.isEmpty()) tasks.add(List.copyOf(group));
    }

    /** Groups files in order until the next would pass {@code limit} bytes (used when the bytes need many tasks). */
    private static void byLimit(List<InputSplit> files, long limit, List<List<InputSplit>> tasks) {
        List<InputSplit> group = new ArrayList<>();
        long groupBytes = 0;
        for (InputSplit file : files) {
            if (!group.isEmpty() && groupBytes + file.length() > limit) {
                tasks.add(List.copyOf(group));
                group.clear();
                groupBytes = 0;
            }
            group.add(file);
            groupBytes += file.length();
        }
        if (!group.isEmpty()) tasks.add(List.copyOf(group));
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private Splitter() {
    }
}
