package io.warren.coordinator.storage;

import io.warren.protocol.JobIds;
import io.warren.storage.Keys;

/**
 * The keys of the job records an {@link ObjectJobStore} keeps on a bucket: {@code state/<jobId>/snapshot-<seq>} and
 * {@code state/<jobId>/journal-<seq>}, each number written with twenty digits. This class alone builds and reads them,
 * as {@code FileNames} does the names of output files.
 */
final class StateKeys {
    /** The prefix every job's records are under. */
    static final String STATE = "state/";
    private static final String SNAPSHOT = "snapshot-";
    private static final String JOURNAL = "journal-";

    private StateKeys() {
    }

    /** The directory, a key prefix, of {@code jobId}'s records; rejects an id that is not a job id. */
    static String dir(String jobId) {
        return Keys.directory(STATE + JobIds.check(jobId));
    }

    static String snapshotKey(String jobId, long seq) {
        return dir(jobId) + SNAPSHOT + String.format("%020d", seq);
    }

    static String journalKey(String jobId, long seq) {
        return dir(jobId) + JOURNAL + String.format("%020d", seq);
    }

    /** The record a snapshot key is of, or -1 if the key is no snapshot's. */
    static long snapshotSeq(String key) {
        return number(key, SNAPSHOT);
    }

    /** The number of a journal record's key, or -1 if the key is no journal record's. */
    static long journalSeq(String key) {
        return number(key, JOURNAL);
    }

    /** The job whose snapshot {@code key} (under {@link #STATE}) is, or null if it is no job's snapshot. */
    static String jobOfSnapshot(String key) {
        String rest = key.substring(STATE.length());
        int slash = rest.indexOf('/');
        if (slash > 0 && rest.startsWith(SNAPSHOT, slash + 1) && JobIds.isValid(rest.substring(0, slash))) {
            return rest.substring(0, slash);
        }
        return null;
    }

    /** The number in a key {@code state/<id>/<kind><number>}, or -1 if the key is not of that kind. */
    private static long number(String key, String kind) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        if (!name.startsWith(kind)) return -1;
        String digits = name.substring(kind.length());
        return digits.matches("\\d{20}") ? Long.parseLong(digits) : -1;
    }
}
