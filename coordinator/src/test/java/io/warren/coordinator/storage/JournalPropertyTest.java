package io.warren.coordinator.storage;

import io.warren.coordinator.domain.JobRecord;
import io.warren.protocol.storage.DurableFiles;
import io.warren.protocol.storage.StorageLayout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded runs of a real scheduler saving into a {@link FileJobStore}: whatever prefix of the journal survives, it reads
 * back as the job the scheduler had at one of its flushes, the latest one the prefix holds whole.
 */
class JournalPropertyTest {
    private static final int MAPS = 24;
    private static final int REDUCES = 3;
    @TempDir
    Path root;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void everyPrefixOfTheJournalReadsBackAsTheJobAtTheLastFlushItHoldsWhole(long seed) throws IOException {
        StorageLayout layout = StorageLayout.under(root.resolve("live"));
        // Snapshots never written, so the journal keeps every record from the job's first save on.
        FileJobStore store = new FileJobStore(layout, Long.MAX_VALUE, compaction -> { });
        List<JobRecord> states = new SchedulerWorkload(seed, MAPS, REDUCES).run(store, live -> { });
        assertThat(states.get(states.size() - 1).state().isTerminal()).isTrue();
        JobFiles files = new JobFiles(layout, SchedulerWorkload.JOB);
        assertThat(files.segments()).singleElement();
        Path segment = files.segments().get(0).path();
        byte[] journal = Files.readAllBytes(segment);
        long[] ends = recordEnds(segment);
        assertThat(ends).hasSize(states.size()); // ends[k]: where the journal holding saves 0..k ends

        StorageLayout scratch = StorageLayout.under(root.resolve("scratch"));
        JobFiles copy = new JobFiles(scratch, SchedulerWorkload.JOB);
        Files.createDirectories(copy.dir());
        Files.copy(files.snapshot(), copy.snapshot());
        Random random = new Random(seed);
        for (int k = 0; k < states.size(); k++) {
            long next = k + 1 < states.size() ? ends[k + 1] : ends[k];
            List<Long> cuts = new ArrayList<>(List.of(ends[k]));
            if (next > ends[k] + 1) cuts.add(ends[k] + 1 + random.nextLong(next - ends[k] - 1)); // inside record k+1
            for (long cut : cuts) {
                Files.write(copy.segment(1), Arrays.copyOf(journal, (int) cut));
                assertThat(new FileJobStore(scratch).load(SchedulerWorkload.JOB)).as("cut at byte %d", cut)
                        .contains(states.get(k));
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 13, 14, 15, 16, 17}) // runs long enough to fold their journal
    void theJobReadsBackAsLiveAfterEverySaveWhileSnapshotsFoldTheJournalAway(long seed) throws IOException {
        StorageLayout layout = StorageLayout.under(root);
        FileJobStore store = new FileJobStore(layout, 4096, Runnable::run);
        JobFiles files = new JobFiles(layout, SchedulerWorkload.JOB);
        Random random = new Random(seed);
        List<JobRecord> saved = new ArrayList<>();
        Set<Long> snapshots = new TreeSet<>();
        // Twice the maps: a journal grows to three times the snapshot before it is folded.
        List<JobRecord> states = new SchedulerWorkload(seed, 2 * MAPS, REDUCES).run(store, live -> {
            saved.add(live);
            assertThat(new FileJobStore(layout).load(SchedulerWorkload.JOB)).contains(live);
            try {
                snapshots.add(SnapshotFile.read(files.snapshot()).entry().seq());
                if (random.nextInt(8) == 0) assertATornCopyReadsAsAnEarlierSave(files, saved);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        assertThat(snapshots).as("snapshots written, by the record they follow").hasSizeGreaterThan(2);
        assertThat(files.segments()).as("a finished job is its snapshot alone").isEmpty();
        assertThat(SnapshotFile.read(files.snapshot()).entry().job()).isEqualTo(states.get(states.size() - 1));
    }

    /**
     * A copy of the job's files whose last segment lost the second half of its last record reads as the save before
     * the last, and recovery cuts that torn tail off and reads the same.
     */
    private void assertATornCopyReadsAsAnEarlierSave(JobFiles files, List<JobRecord> saved) throws IOException {
        List<JobFiles.Segment> segments = files.segments();
        if (segments.isEmpty()) return; // the snapshot alone: nothing to tear
        StorageLayout scratch = StorageLayout.under(root.resolve("scratch-" + saved.size()));
        JobFiles copy = new JobFiles(scratch, SchedulerWorkload.JOB);
        Files.createDirectories(copy.dir());
        Files.copy(files.snapshot(), copy.snapshot());
        for (JobFiles.Segment s : segments) Files.copy(s.path(), copy.dir().resolve(s.path().getFileName()));
        Path last = copy.dir().resolve(segments.get(segments.size() - 1).path().getFileName());
        long[] ends = recordEnds(last);
        if (ends.length < 2) return;
        long cut = ends[ends.length - 2] + (ends[ends.length - 1] - ends[ends.length - 2]) / 2;
        try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE)) {
            ch.truncate(cut);
        }
        JobRecord before = saved.get(saved.size() - 2);
        assertThat(new FileJobStore(scratch).load(SchedulerWorkload.JOB)).contains(before);
        assertThat(new FileJobStore(scratch).recover()).containsExactly(before);
        if (ends.length == 2) assertThat(last).as("a segment left with no record").doesNotExist();
        else assertThat(Files.size(last)).isEqualTo(ends[ends.length - 2]);
        DurableFiles.deleteTree(scratch.workDir());
    }

    /** Where each save's record ends in a segment; the first entry is the end of the header (the snapshot's save). */
    static long[] recordEnds(Path segment) throws IOException {
        List<Long> ends = new ArrayList<>(List.of((long) Frames.FILE_HEADER));
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
            FrameReader frames = new FrameReader(ch, Frames.FILE_HEADER);
            while (frames.next() != null) ends.add(frames.validEnd());
            assertThat(frames.end()).isEqualTo(FrameReader.End.CLEAN);
        }
        return ends.stream().mapToLong(Long::longValue).toArray();
    }
}
