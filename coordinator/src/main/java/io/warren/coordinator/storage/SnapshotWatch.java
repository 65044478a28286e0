package io.warren.coordinator.storage;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;

/**
 * The snapshot a {@link JournalFollower} has read up to: which file it was, in which job directory, and its size. A
 * compaction replaces the snapshot with another file (by rename), so its identity changes; this class alone tells
 * whether such a newer snapshot holds anything the follower has not read, so that following may go on without reading
 * the job whole.
 */
final class SnapshotWatch {
    private final JobFiles files;
    /** The snapshot as it was before the last whole read: if it is another file now, a compaction came since. */
    private Object snapshotSeen;
    private Object dirSeen;
    private long bytes;

    /** The snapshot and the job's directory as they were at one moment. */
    record Seen(Object snapshot, Object dir) {
    }

    SnapshotWatch(JobFiles files) {
        this.files = files;
    }

    /** The snapshot and directory as they are now: taken before a whole read, which is then of them. */
    Seen look() throws IOException {
        return new Seen(snapshotIdentity(), dirIdentity());
    }

    /** A whole read of the job went on from {@code seen}, whose snapshot was {@code bytes} long. */
    void read(Seen seen, long bytes) {
        this.snapshotSeen = seen.snapshot();
        this.dirSeen = seen.dir();
        this.bytes = bytes;
    }

    /** The size of the snapshot read up to. */
    long bytes() {
        return bytes;
    }

    /**
     * Whether the snapshot holds nothing beyond record {@code lastRead}: it is the one seen at the last whole read, or a
     * later one, in the same directory, of the state read so far (as the snapshot written when a job ends is) or, if
     * {@code last} is given (the segment being read, the journal's last, still listed, holding what was read of it),
     * of an earlier state on the way: a compaction that folded records already read, while the writer appends to the
     * segment it started for the records after them. A snapshot of a state before the last record read, in any other
     * case, may come from a writer that went on from an earlier record (after damage): read anew.
     *
     * @param last the segment being read if it is the journal's last, still listed; null otherwise
     */
    boolean coversNoMore(long lastRead, JobFiles.Segment last) throws IOException {
        Object now = snapshotIdentity();
        if (Objects.equals(snapshotSeen, now)) return true;
        if (now == null || !Objects.equals(dirSeen, dirIdentity())) return false;
        long seq = snapshotSeq(files.snapshot());
        if (seq != lastRead && !(last != null && seq >= 0 && seq < lastRead && seq >= last.first() - 1)) return false;
        snapshotSeen = now;
        bytes = Files.size(files.snapshot());
        return true;
    }

    /** The record a snapshot is of, from its first bytes ({@code seq} is the payload's first field); -1 if unread. */
    private static long snapshotSeq(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(Frames.FILE_HEADER + Frames.FRAME_HEADER);
            try (JsonParser p = StoredJson.MAPPER.getFactory().createParser(in)) {
                if (p.nextToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME
                        || !"seq".equals(p.currentName()) || p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
                    return -1;
                }
                return p.getLongValue();
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private Object dirIdentity() throws IOException {
        try {
            return Files.readAttributes(files.dir(), BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Which file the snapshot is: a compaction replaces it with another (by rename), so its identity changes. */
    private Object snapshotIdentity() throws IOException {
        Path snapshot = files.snapshot();
        try {
            BasicFileAttributes a = Files.readAttributes(snapshot, BasicFileAttributes.class);
            return List.of(String.valueOf(a.fileKey()), a.lastModifiedTime(), a.size());
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
