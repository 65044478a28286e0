package io.warren.worker.exec;

import io.warren.worker.io.RunWriter;

import java.io.IOException;

/**
 * Where a buffer's sorted pairs go, a spill file or the task's final files: one section per partition, asked for in
 * partition order, so a buffer writes all its partitions in one pass (a streaming combiner's process runs once per
 * spill). A partition never asked for is left empty.
 */
interface Sections {
    /** The writer of partition {@code partition}'s section; partitions must be asked for in increasing order. */
    RunWriter section(int partition) throws IOException;
}
