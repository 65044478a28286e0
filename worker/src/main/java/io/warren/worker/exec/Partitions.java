package io.warren.worker.exec;

import io.warren.api.Partitioner;

/** The job's partitioner held to its contract: every key goes to one of the task's {@code reduces} partitions. */
final class Partitions {
    private final Partitioner partitioner;
    private final int reduces;

    Partitions(Partitioner partitioner, int reduces) {
        this.partitioner = partitioner;
        this.reduces = reduces;
    }

    /** How many partitions there are: the task's reduce count. */
    int count() {
        return reduces;
    }

    int of(String key) {
        return checked(partitioner.partition(key, reduces));
    }

    int of(byte[] utf8, int offset, int length) {
        return checked(partitioner.partition(utf8, offset, length, reduces));
    }

    private int checked(int p) {
        if (p < 0 || p >= reduces) throw new IllegalStateException("partitioner returned " + p + " for " + reduces + " reduce tasks");
        return p;
    }
}
