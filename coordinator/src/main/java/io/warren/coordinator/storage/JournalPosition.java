package io.warren.coordinator.storage;

/**
 * Where a job's journal on a bucket stands for its writer ({@link ObjectJobStore}): the number its next record takes,
 * and what the records since the last snapshot hold, which decides when the job is written whole again.
 */
final class JournalPosition {
    /**
     * How many times the least number of records may pile up when they are small beside the snapshot: a reader
     * replays one GET per record, so their number stays bounded even for a job whose snapshot dwarfs them.
     */
    static final int MAX_RECORDS_FACTOR = 16;

    private long next;
    private int sinceSnapshot;
    private long bytesSince;
    private long snapshotBytes;

    /**
     * @param next          the number of the job's next record
     * @param sinceSnapshot records after the newest snapshot
     * @param bytesSince    their bytes
     * @param snapshotBytes the newest snapshot's bytes
     */
    JournalPosition(long next, int sinceSnapshot, long bytesSince, long snapshotBytes) {
        this.next = next;
        this.sinceSnapshot = sinceSnapshot;
        this.bytesSince = bytesSince;
        this.snapshotBytes = snapshotBytes;
    }

    long next() {
        return next;
    }

    /** A record of {@code bytes} was written at {@link #next}. */
    void appended(long bytes) {
        next++;
        sinceSnapshot++;
        bytesSince += bytes;
    }

    /**
     * Whether the job is due to be written whole again: at least {@code minRecords} records since the last snapshot,
     * and they hold as many bytes as it does, or there are {@link #MAX_RECORDS_FACTOR} times {@code minRecords} of
     * them. Writing a big job's snapshot (tens of MB at 100,000 tasks) every 64 records would write the whole job over
     * and over for a few tasks' news; by bytes, snapshots add at most about as much again as the journal writes.
     */
    boolean dueForSnapshot(int minRecords) {
        return sinceSnapshot >= minRecords
                && (bytesSince >= snapshotBytes || sinceSnapshot >= (long) minRecords * MAX_RECORDS_FACTOR);
    }

    /**
     * A snapshot of {@code bytes} now covers every record written; 0 if it could not be written, in which case the
     * next try comes as many records later as a snapshot would have, rather than at every save.
     */
    void snapshotted(long bytes) {
        sinceSnapshot = 0;
        bytesSince = 0;
        if (bytes > 0) snapshotBytes = bytes;
    }
}
