package io.warren.coordinator.storage;

import io.warren.protocol.storage.DurableFiles;
import io.warren.protocol.storage.FileNames;
import io.warren.protocol.storage.StorageLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of one job's state, in the job's directory (docs/job-state.md): {@code job.snapshot}, the journal
 * segments {@code journal-<first record>-<epoch>.log} ({@code journal-<first record>.log} before terms had epochs),
 * and {@code job.json}, the whole-record file of earlier versions.
 */
final class JobFiles {
    static final String LEGACY = "job.json";
    private static final Pattern SEGMENT = Pattern.compile("journal-(\\d{20})(?:-(\\d{1,19}))?\\.log");
    /** Added to the name of a segment that recovery set aside because it is damaged or follows damage. */
    static final String DAMAGED_SUFFIX = ".damaged";

    /**
     * A journal segment, written in coordinator term {@code epoch}: it holds records from {@code first} on, up to the
     * next segment's first. Of two segments with the same first record, the newer term's comes later, so the older
     * one holds nothing: that is how a new term fences off the appends of the writer it replaced (docs/fencing.md).
     */
    record Segment(long first, long epoch, Path path) {
        static final Comparator<Segment> ORDER = Comparator.comparingLong(Segment::first).thenComparingLong(Segment::epoch);
    }

    private final String jobId;
    private final Path dir;
    private final Path snapshot;

    JobFiles(StorageLayout layout, String jobId) {
        this.jobId = jobId;
        this.snapshot = layout.jobStateFile(jobId);
        this.dir = snapshot.getParent();
    }

    String jobId() {
        return jobId;
    }

    Path dir() {
        return dir;
    }

    Path snapshot() {
        return snapshot;
    }

    Path legacy() {
        return dir.resolve(LEGACY);
    }

    /** The segment of records from {@code first} on, as a coordinator of term {@code epoch} names it. */
    Path segment(long first, long epoch) {
        return epoch == 0 ? segment(first) : dir.resolve(String.format("journal-%020d-%d.log", first, epoch));
    }

    /** The segment of records from {@code first} on, as named before terms had epochs. */
    Path segment(long first) {
        return dir.resolve(String.format("journal-%020d.log", first));
    }

    /** Whether the job is on record: its snapshot, or an earlier version's record, exists. */
    boolean onRecord() {
        return Files.isRegularFile(snapshot) || Files.isRegularFile(legacy());
    }

    /** The journal segments, by their first record; none if the directory is gone. */
    List<Segment> segments() throws IOException {
        List<Segment> found = new ArrayList<>();
        try (Stream<Path> paths = Files.list(dir)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Matcher m = SEGMENT.matcher(p.getFileName().toString());
                if (m.matches()) {
                    found.add(new Segment(Long.parseLong(m.group(1)), m.group(2) == null ? 0 : Long.parseLong(m.group(2)), p));
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        found.sort(Segment.ORDER);
        return withoutStale(found);
    }

    /**
     * Leaves out each segment that an older term started at or after a newer term's segment: the newer term fenced the
     * journal there, so the older one wrote it after it was deposed (docs/fencing.md). Such a segment stays on disk,
     * unread, until the job's record is deleted.
     */
    private static List<Segment> withoutStale(List<Segment> ordered) {
        List<Segment> live = new ArrayList<>(ordered.size());
        long newest = 0;
        for (Segment s : ordered) {
            if (s.epoch() < newest) continue;
            newest = s.epoch();
            live.add(s);
        }
        return live;
    }

    /** Deletes the segments whose records are all at or below {@code seq}, which a snapshot now covers. */
    void deleteSegmentsCoveredBy(long seq) throws IOException {
        List<Segment> all = segments();
        for (int i = 0; i < all.size(); i++) {
            long last = i + 1 < all.size() ? all.get(i + 1).first() - 1 : Long.MAX_VALUE;
            if (all.get(i).first() <= seq && (last <= seq || i + 1 == all.size())) Files.deleteIfExists(all.get(i).path());
        }
    }

    /** Deletes the temporary files of snapshots that were being written when a coordinator died. */
    void deleteLeftoverTemps() throws IOException {
        String prefix = FileNames.tempPrefix(snapshot.getFileName().toString());
        try (Stream<Path> paths = Files.list(dir)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(prefix) && FileNames.isTemporary(name)) Files.deleteIfExists(p);
            }
        } catch (NoSuchFileException e) {
            // no directory, nothing left over
        }
    }

    /** Renames a segment aside, so no replay reads it again while it stays for whoever looks into the damage. */
    Path setAside(Segment segment) throws IOException {
        Path aside = segment.path().resolveSibling(segment.path().getFileName() + DAMAGED_SUFFIX);
        Files.move(segment.path(), aside, StandardCopyOption.ATOMIC_MOVE);
        DurableFiles.fsyncDirectory(dir);
        return aside;
    }
}
