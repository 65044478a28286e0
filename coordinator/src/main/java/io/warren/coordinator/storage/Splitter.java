package io.warren.coordinator.storage;

import io.warren.protocol.InputSplit;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts input files into map tasks of about {@code splitSize} bytes: a large file into line-aligned byte ranges (the
 * worker extends each to whole lines), many small files grouped into one task until it reaches the split size, so
 * neither a 10 GB file nor ten thousand tiny ones makes a job lopsided. Whole-file jobs get one task per file.
 */
final class Splitter {
    /** A last piece smaller than this fraction of a split joins the piece before it, as Hadoop's split slop does. */
    private static final double SLOP = 1.1;
    /**
     * Small files are grouped only as far as needed to keep their tasks to about this many: a handful of files stays
     * a task each (parallel), a hundred thousand become a few hundred tasks (not drowned in overhead).
     */
    static final int SMALL_FILE_TASKS = 256;

    static List<List<InputSplit>> split(List<InputSplit> files, long splitSize, boolean wholeFiles) {
        List<List<InputSplit>> tasks = new ArrayList<>();
        if (wholeFiles) {
            files.forEach(f -> tasks.add(List.of(f)));
            return tasks;
        }
        long smallBytes = files.stream().mapToLong(InputSplit::length).filter(n -> n <= splitSize * SLOP).sum();
        long groupLimit = Math.min(splitSize, Math.max(1, smallBytes / SMALL_FILE_TASKS));
        List<InputSplit> group = new ArrayList<>();
        long groupBytes = 0;
        for (InputSplit file : files) {
            long size = file.length();
            if (size > splitSize * SLOP) {
                long start = 0;
                while (size - start > splitSize * SLOP) {
                    tasks.add(List.of(file.part(start, splitSize)));
                    start += splitSize;
                }
                tasks.add(List.of(file.part(start, size - start)));
                continue;
            }
            if (!group.isEmpty() && groupBytes + size > groupLimit) {
                tasks.add(List.copyOf(group));
                group.clear();
                groupBytes = 0;
            }
            group.add(file);
            groupBytes += size;
        }
        if (!group.isEmpty()) tasks.add(List.copyOf(group));
        return tasks;
    }

    private Splitter() {
    }
}
