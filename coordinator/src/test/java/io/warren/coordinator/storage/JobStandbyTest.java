package io.warren.coordinator.storage;

import io.warren.coordinator.domain.Job;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.Term;
import io.warren.protocol.storage.StorageLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A standing-by coordinator follows a job's journal while the active one writes it; the active one dies; the standby
 * takes over by reading only what was appended since its last look. What it reads, and what it leaves on the storage
 * (the torn tail cut off, the new term's segment), must be exactly what a coordinator reading the same files cold
 * would read and leave: {@link FileJobStore#recover(Term)} on a copy of them is the reference.
 */
class JobStandbyTest {
    private static final String JOB = SchedulerWorkload.JOB;
    @TempDir
    Path root;
    @TempDir
    Path coldRoot;

    /** The active coordinator's death, in the middle of its saves. */
    private static final class Killed extends Error {
    }

    /**
     * A real scheduler saves a job through the active coordinator's store (term 1), which folds its journal into
     * snapshots when {@code minJournalBytes} is small; the standby looks every {@code lookEvery} saves; the active one
     * dies after save {@code diesAt}, after the standby's last look; the files are then copied.
     *
     * @return the job as the dead coordinator last saved it
     */
    private JobRecord activeDiesWhileTheStandbyFollows(JobStandby standby, long seed, long minJournalBytes, int lookEvery,
                                                       int diesAt) {
        int[] saves = {0};
        JobRecord[] last = {null};
        Executor atOnce = Runnable::run;
        FileJobStore active = new FileJobStore(StorageLayout.under(root), minJournalBytes, atOnce);
        active.recover(Term.begin(new FileEpochStore(StorageLayout.under(root))));
        try {
            new SchedulerWorkload(seed, 60, 3).run(active, live -> {
                last[0] = live;
                if (++saves[0] % lookEvery == 0) standby.follow();
                if (saves[0] == diesAt) throw new Killed();
            });
        } catch (Killed expected) {
            // the job is left mid-way
        }
        assertThat(last[0].state().isTerminal()).as("the job is still running when its coordinator dies").isFalse();
        assertThat(standby.following()).isEqualTo(1);
        return last[0];
    }

    /** Takes over with the standby's store, and cold on a copy of the files as they are now; both must agree. */
    private JobRecord takeOverAndCompareWithACold(FileJobStore standing) throws IOException {
        copy(root, coldRoot);
        List<JobRecord> hot = standing.recover(Term.begin(new FileEpochStore(StorageLayout.under(root))));
        List<JobRecord> cold = new FileJobStore(StorageLayout.under(coldRoot))
                .recover(Term.begin(new FileEpochStore(StorageLayout.under(coldRoot))));

        assertThat(hot).isEqualTo(cold).hasSize(1);
        assertThat(tree(root)).as("files after the takeover").isEqualTo(tree(coldRoot));
        return hot.get(0);
    }

    /**
     * The scheduler gets the job the standby kept up to date as it followed, not one built from the record at takeover
     * (a hundred thousand tasks): the same job (JobReplayTest compares its tasks' account too), handed over once.
     */
    private static void assertHandsOverTheJobItKept(FileJobStore standing, JobStandby standby, JobRecord taken) {
        Job handed = standing.restore(taken);
        assertThat(handed).as("the job the standby kept").isSameAs(standby.keptJobs().get(JOB).job());
        assertThat(handed.snapshot()).isEqualTo(taken);
        assertThat(handed.changes().tasks()).as("tasks marked changed").isEmpty();
        Job again = standing.restore(taken);
        assertThat(again).as("handed over once; built again after").isNotSameAs(handed);
        assertThat(again.snapshot()).isEqualTo(taken);
    }

    @ParameterizedTest
    @CsvSource({
            // seed, least journal to fold (bytes), look every n saves, dies at save, most whole reads (-1: any)
            "1, 9223372036854775807, 5, 41, 1",  // no snapshots: one segment followed as it grows
            "3, 4000, 3, 57, 1",                 // snapshots fold records already read, between looks
            "4, 4000, 1, 30, 1",                 // a look after every save, the last one just before the death
            "5, 0, 7, 66, -1",                   // a snapshot after every save: segments deleted before they are read
            "6, 20000, 11, 90, 1"})
    void aStandbyThatFollowedTakesOverWithExactlyWhatAColdReadReads(long seed, long minJournalBytes, int lookEvery,
                                                                    int diesAt, int wholeReads) throws IOException {
        FileJobStore standing = new FileJobStore(StorageLayout.under(root));
        JobStandby standby = standing.standBy(Duration.ofHours(1));
        JobRecord lastSaved = activeDiesWhileTheStandbyFollows(standby, seed, minJournalBytes, lookEvery, diesAt);
        standby.close();

        JobRecord taken = takeOverAndCompareWithACold(standing);
        assertThat(taken).isEqualTo(lastSaved);
        assertThat(standby.caughtUp()).as("taken over from what was followed, not read cold").isEqualTo(1);
        assertHandsOverTheJobItKept(standing, standby, taken);
        if (wholeReads >= 0) {
            // A snapshot of records already read does not make the standby read the job again.
            assertThat(standby.wholeReads()).as("whole reads").isLessThanOrEqualTo(wholeReads);
        }
    }

    @Test
    void aTornLastRecordIsCutOffAsAColdTakeoverCutsIt() throws IOException {
        FileJobStore standing = new FileJobStore(StorageLayout.under(root));
        JobStandby standby = standing.standBy(Duration.ofHours(1));
        JobRecord lastSaved = activeDiesWhileTheStandbyFollows(standby, 7, Long.MAX_VALUE, 4, 33);
        Path segment = lastSegment();
        long whole = Files.size(segment);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(new byte[]{0, 0, 1, 0, 7, 1, 2})); // the dead writer's last frame, cut short
        }
        standby.follow(); // the standby saw the torn record too, and did not apply it
        standby.close();

        JobRecord taken = takeOverAndCompareWithACold(standing);
        assertThat(taken).isEqualTo(lastSaved);
        assertThat(standby.caughtUp()).isEqualTo(1);
        assertThat(Files.size(segment)).as("the torn tail is cut off").isEqualTo(whole);
        assertHandsOverTheJobItKept(standing, standby, taken);
    }

    /**
     * Records appended after the standby's last look, one of them damaged (a valid record follows it): the standby
     * cannot go on from what it read, and reads the job cold, with the same repair. (Damage to bytes it had already
     * read is not looked for again at takeover: it holds what they said; the next cold reader finds the damage.)
     */
    @Test
    void damageAfterWhatWasFollowedIsReadColdAndRepairedAsAColdTakeoverRepairsIt() throws IOException {
        FileJobStore standing = new FileJobStore(StorageLayout.under(root));
        JobStandby standby = standing.standBy(Duration.ofHours(1));
        activeDiesWhileTheStandbyFollows(standby, 8, Long.MAX_VALUE, 10, 48); // last look at save 40
        Path segment = lastSegment();
        List<Integer> frames = frameStarts(segment);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[]{(byte) 0xff}), frames.get(frames.size() - 2) + Frames.FRAME_HEADER + 3);
        }
        standby.close();

        JobRecord read = takeOverAndCompareWithACold(standing);
        assertThat(read.state().isTerminal()).isFalse();
        assertThat(standby.caughtUp()).isZero();
        assertThat(standby.keptJobs()).as("a job read cold is built at takeover").isEmpty();
        assertThat(standing.restore(read).snapshot()).isEqualTo(read);
        try (Stream<Path> files = Files.list(segment.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(JobFiles.DAMAGED_SUFFIX));
        }
    }

    /** A damaged job would be read whole at every look: the standby looks at it again only after a rest. */
    @Test
    void aJobFoundDamagedWhileFollowedIsNotReadWholeAtEveryLook() throws IOException {
        FileJobStore standing = new FileJobStore(StorageLayout.under(root));
        JobStandby standby = standing.standBy(Duration.ofHours(1));
        activeDiesWhileTheStandbyFollows(standby, 8, Long.MAX_VALUE, 10, 48); // last look at save 40
        Path segment = lastSegment();
        List<Integer> frames = frameStarts(segment);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[]{(byte) 0xff}), frames.get(frames.size() - 2) + Frames.FRAME_HEADER + 3);
        }
        standby.follow(); // finds the damage: reads the job whole, which stops before it
        long wholeReads = standby.wholeReadsOf(JOB);

        standby.follow();
        standby.follow();

        assertThat(standby.wholeReadsOf(JOB)).isEqualTo(wholeReads).isGreaterThan(1);
        standby.close();
        takeOverAndCompareWithACold(standing);
        assertThat(standby.caughtUp()).isZero();
    }

    @Test
    void whatTheDeadTermAppendsAfterTheStandbyTookOverIsNeverRead() throws IOException {
        FileJobStore standing = new FileJobStore(StorageLayout.under(root));
        JobStandby standby = standing.standBy(Duration.ofHours(1));
        activeDiesWhileTheStandbyFollows(standby, 9, Long.MAX_VALUE, 2, 20);
        Path oldSegment = lastSegment();
        standby.close();
        JobRecord takenOver = takeOverAndCompareWithACold(standing);

        // The old term was only frozen: it appends a whole record to its own segment, past the new term's fence.
        byte[] record = lastFrameOf(oldSegment);
        try (FileChannel ch = FileChannel.open(oldSegment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(record));
        }

        assertThat(new FileJobStore(StorageLayout.under(root)).load(JOB)).contains(takenOver);
    }

    @Test
    void aStandbyFollowsJobsAsTheyAppearAndLetsGoOfDeletedOnes() throws IOException {
        FileJobStore standing = new FileJobStore(StorageLayout.under(root));
        JobStandby standby = standing.standBy(Duration.ofHours(1));
        standby.follow();
        assertThat(standby.following()).isZero();
        activeDiesWhileTheStandbyFollows(standby, 10, Long.MAX_VALUE, 3, 12);

        new FileJobStore(StorageLayout.under(root)).delete(JOB);
        standby.follow();

        assertThat(standby.following()).isZero();
        standby.close();
        assertThat(standing.recover(Term.begin(new FileEpochStore(StorageLayout.under(root))))).isEmpty();
    }

    private Path lastSegment() throws IOException {
        List<JobFiles.Segment> segments = new JobFiles(StorageLayout.under(root), JOB).segments();
        return segments.get(segments.size() - 1).path();
    }

    /** The bytes of the last whole frame of a segment: a record its writer could append again. */
    private static byte[] lastFrameOf(Path segment) throws IOException {
        byte[] bytes = Files.readAllBytes(segment);
        List<Integer> starts = frameStarts(segment);
        return Arrays.copyOfRange(bytes, starts.get(starts.size() - 1), bytes.length);
    }

    /** Where each frame of a segment written whole begins. */
    private static List<Integer> frameStarts(Path segment) throws IOException {
        byte[] bytes = Files.readAllBytes(segment);
        List<Integer> starts = new ArrayList<>();
        for (int at = Frames.FILE_HEADER; at + Frames.FRAME_HEADER <= bytes.length;
             at += Frames.FRAME_HEADER + ByteBuffer.wrap(bytes, at, 4).getInt()) {
            starts.add(at);
        }
        assertThat(starts).as("records in %s", segment).hasSizeGreaterThan(2);
        return starts;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }

    /** Every file under {@code dir}, by its path, with a digest of its content. */
    private static Map<String, String> tree(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.filter(Files::isRegularFile).forEach(p -> files.put(dir.relativize(p).toString(), digest(p)));
        }
        return files;
    }

    private static String digest(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
