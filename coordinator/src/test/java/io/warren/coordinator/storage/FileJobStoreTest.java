package io.warren.coordinator.storage;

import io.warren.coordinator.domain.JobChange;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.JobReplay;
import io.warren.coordinator.domain.TaskRecord;
import io.warren.protocol.Json;
import io.warren.protocol.storage.StorageLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileJobStoreTest {
    private static final String JOB = SchedulerWorkload.JOB;
    @TempDir
    Path root;

    private StorageLayout layout() {
        return StorageLayout.under(root);
    }

    private JobFiles files() {
        return new JobFiles(layout(), JOB);
    }

    /** A job saved through a real scheduler, its journal never folded into a snapshot: the states it was saved in. */
    private List<JobRecord> journalOnly(long seed) {
        List<JobRecord> states = new SchedulerWorkload(seed, 12, 2).run(new FileJobStore(layout(), Long.MAX_VALUE,
                compaction -> { }), live -> { });
        assertThat(states).hasSizeGreaterThan(6);
        return states;
    }

    private Path onlySegment() throws IOException {
        assertThat(files().segments()).hasSize(1);
        return files().segments().get(0).path();
    }

    /** A change to the first map task, as a coordinator that goes on with the job would save. */
    private static JobChange aChangeOf(JobRecord job) {
        TaskRecord t = job.maps().get(0);
        TaskRecord changed = new TaskRecord(t.phase(), t.number(), t.state(), t.attempt(), t.queuedAttempts(), t.backups(),
                t.dispatchedAt(), t.finishedAt(), t.winner(), "changed after recovery", t.errorDetail(), t.failedOn(),
                t.runs(), t.counters());
        return new JobChange(job.jobId(), job.state(), job.finishedAt(), job.error(), job.errorDetail(), List.of(changed), List.of());
    }

    enum Tear {
        /** The crash came while the record's header was written. */
        IN_THE_HEADER,
        /** The crash came while its payload was written. */
        IN_THE_PAYLOAD,
        /** The file grew, but the data never reached the disk. */
        ZEROS,
        /** All of it is there but one byte, which never reached the disk. */
        ONE_BAD_BYTE
    }

    @ParameterizedTest
    @EnumSource(Tear.class)
    void aTornLastRecordIsReadAsTheSaveBeforeItAndRecoveryCutsItOffAndGoesOn(Tear tear) throws IOException {
        List<JobRecord> states = journalOnly(3);
        Path segment = onlySegment();
        long[] ends = JournalPropertyTest.recordEnds(segment);
        long lastStart = ends[ends.length - 2];
        long size = Files.size(segment);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            switch (tear) {
                case IN_THE_HEADER -> ch.truncate(lastStart + 5);
                case IN_THE_PAYLOAD -> ch.truncate(lastStart + Frames.FRAME_HEADER + 3);
                case ZEROS -> ch.write(ByteBuffer.allocate((int) (size - lastStart)), lastStart);
                case ONE_BAD_BYTE -> ch.write(ByteBuffer.wrap(new byte[]{(byte) 0xff}), size - 2);
            }
        }
        JobRecord before = states.get(states.size() - 2);
        assertThat(new FileJobStore(layout()).load(JOB)).contains(before);

        FileJobStore store = new FileJobStore(layout(), Long.MAX_VALUE, compaction -> { });
        assertThat(store.recover()).containsExactly(before);
        assertThat(Files.size(segment)).as("cut back to the last whole record").isEqualTo(lastStart);
        JobChange next = aChangeOf(before);
        JobRecord after = new JobReplay(before).apply(next).result();
        store.save(next, () -> after);
        assertThat(new FileJobStore(layout()).load(JOB)).contains(after);
    }

    @Test
    void aDamagedRecordInTheMiddleStopsReplayBeforeItAndRecoverySetsTheRestAsideAndGoesOnFromThere() throws IOException {
        List<JobRecord> states = journalOnly(4);
        Path segment = onlySegment();
        long[] ends = JournalPropertyTest.recordEnds(segment);
        int damaged = ends.length / 2; // record number `damaged` starts at ends[damaged - 1]
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[]{'#'}), ends[damaged - 1] + Frames.FRAME_HEADER + 2);
        }
        JobRecord lastGood = states.get(damaged - 1);
        assertThat(new FileJobStore(layout()).load(JOB)).as("a reader stops before the damage").contains(lastGood);

        FileJobStore store = new FileJobStore(layout(), Long.MAX_VALUE, compaction -> { });
        assertThat(store.recover()).containsExactly(lastGood);
        assertThat(segment.resolveSibling(segment.getFileName() + JobFiles.DAMAGED_SUFFIX)).as("kept for inspection").exists();
        assertThat(files().segments()).isEmpty();
        assertThat(SnapshotFile.read(files().snapshot()).entry().seq()).isEqualTo(damaged - 1);

        JobChange next = aChangeOf(lastGood);
        JobRecord after = new JobReplay(lastGood).apply(next).result();
        store.save(next, () -> after);
        assertThat(new FileJobStore(layout()).load(JOB)).contains(after);
        assertThat(new FileJobStore(layout()).recover()).containsExactly(after);
    }

    @Test
    void aDamagedSnapshotMakesTheJobUnreadableAndRecoveryLeavesItsFilesAlone() throws IOException {
        journalOnly(5);
        Path snapshot = files().snapshot();
        try (FileChannel ch = FileChannel.open(snapshot, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[]{'#'}), Files.size(snapshot) / 2);
        }
        assertThatThrownBy(() -> new FileJobStore(layout()).load(JOB)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("job.snapshot is damaged: its checksum does not match");
        assertThat(new FileJobStore(layout()).loadAll()).isEmpty();
        assertThat(new FileJobStore(layout()).recover()).isEmpty();
        assertThat(snapshot).exists();
        assertThat(files().segments()).hasSize(1);
    }

    @Test
    void aRecordOfAnEarlierVersionIsReadAsItIsAndConvertedByRecovery() throws IOException {
        JobRecord job = SchedulerWorkload.states(6, 12, 2).get(3);
        Files.createDirectories(files().dir());
        Files.write(files().legacy(), Json.encode(job));
        assertThat(new FileJobStore(layout()).ids()).containsExactly(JOB);
        assertThat(new FileJobStore(layout()).load(JOB)).contains(job);

        FileJobStore store = new FileJobStore(layout(), Long.MAX_VALUE, compaction -> { });
        assertThat(store.recover()).containsExactly(job);
        assertThat(files().legacy()).doesNotExist();
        assertThat(SnapshotFile.read(files().snapshot()).entry()).isEqualTo(new SnapshotFile.Entry(0, job));
        JobChange next = aChangeOf(job);
        JobRecord after = new JobReplay(job).apply(next).result();
        store.save(next, () -> after);
        assertThat(new FileJobStore(layout()).load(JOB)).contains(after);
    }

    @Test
    void recordsACoordinatorWritesAfterAnotherTookOverAreNeverRead() throws IOException {
        List<JobRecord> states = journalOnly(7);
        JobRecord last = states.get(states.size() - 1);
        // The old coordinator's journal before the new one took over ends with the job's last save; the new one starts
        // a segment of its own, so whatever the old one still appends to its segment lies beyond that segment's range.
        FileJobStore successor = new FileJobStore(layout(), Long.MAX_VALUE, compaction -> { });
        assertThat(successor.recover()).containsExactly(last);
        Path oldSegment = onlySegment();
        JobChange mine = aChangeOf(last);
        JobRecord after = new JobReplay(last).apply(mine).result();
        successor.save(mine, () -> after);

        JobChange late = new JobChange(JOB, last.state(), last.finishedAt(), "a deposed coordinator's save", null, List.of(), List.of());
        try (FileChannel ch = FileChannel.open(oldSegment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(Frames.frame(Json.encode(new JournalReplay.Entry(states.size(), 0, late))));
        }
        assertThat(new FileJobStore(layout()).load(JOB)).contains(after);
    }

    @Test
    void aSnapshotThatWasHalfWrittenWhenItsWriterDiedIsIgnoredAndRemovedByRecovery() throws IOException {
        List<JobRecord> states = journalOnly(8);
        Path temp = files().dir().resolve(".job.snapshot.123456.tmp");
        Files.write(temp, new byte[]{'W', 'R', 'N', 'S', 0, 0});
        assertThat(new FileJobStore(layout()).load(JOB)).contains(states.get(states.size() - 1));
        assertThat(new FileJobStore(layout()).recover()).containsExactly(states.get(states.size() - 1));
        assertThat(temp).doesNotExist();
    }

    @Test
    void recordsASnapshotAlreadyCoversAreSkippedWhenItsWriterDiedBeforeDeletingThem() throws IOException {
        List<JobRecord> states = journalOnly(9);
        int covered = states.size() / 2;
        SnapshotFile.write(files().snapshot(), covered, states.get(covered));
        assertThat(new FileJobStore(layout()).load(JOB)).contains(states.get(states.size() - 1));
        assertThat(new FileJobStore(layout()).recover()).containsExactly(states.get(states.size() - 1));
    }

    @Test
    void aFinishedJobIsItsSnapshotAloneAndIsGoneOnceDeleted() throws IOException {
        FileJobStore store = new FileJobStore(layout(), 0, Runnable::run);
        List<JobRecord> states = new SchedulerWorkload(10, 12, 2).run(store, live -> { });
        assertThat(files().segments()).isEmpty();
        assertThat(store.load(JOB)).contains(states.get(states.size() - 1));
        store.delete(JOB);
        assertThat(files().dir()).doesNotExist();
        assertThat(store.ids()).isEmpty();
    }

    @Test
    void readersAtTheSameTimeAsAWriterThatWritesSnapshotsOnlyEverSeeSavedStates() throws Exception {
        List<JobRecord> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<RuntimeException> failures = new CopyOnWriteArrayList<>();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            Thread t = new Thread(() -> {
                FileJobStore reader = new FileJobStore(layout());
                while (writing.get()) {
                    try {
                        reader.load(JOB).ifPresent(seen::add);
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
            });
            t.start();
            readers.add(t);
        }
        List<JobRecord> states;
        try (FileJobStore writer = new FileJobStore(layout(), 2048, null)) {
            states = new SchedulerWorkload(11, 40, 4).run(writer, live -> { });
        } finally {
            writing.set(false);
            for (Thread t : readers) t.join();
        }
        assertThat(failures).as("reads that failed").isEmpty();
        assertThat(new LinkedHashSet<>(seen)).as("different states read").hasSizeGreaterThan(5);
        for (JobRecord r : new LinkedHashSet<>(seen)) assertThat(states).as("a state read while the job was written").contains(r);
    }
}
