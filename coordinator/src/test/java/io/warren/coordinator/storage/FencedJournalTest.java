package io.warren.coordinator.storage;

import io.warren.coordinator.domain.JobChange;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.JobReplay;
import io.warren.coordinator.domain.TaskRecord;
import io.warren.coordinator.domain.Term;
import io.warren.protocol.Json;
import io.warren.protocol.storage.StorageLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A coordinator whose term was superseded while it still holds its journals open (frozen, or cut off from the
 * broker): the newer term's recovery fences each journal, so nothing the old one appends is ever read, and the old one
 * can no longer replace a snapshot, create a job or delete one.
 */
class FencedJournalTest {
    private static final String JOB = SchedulerWorkload.JOB;
    @TempDir
    Path root;

    private StorageLayout layout() {
        return StorageLayout.under(root);
    }

    private JobFiles files() {
        return new JobFiles(layout(), JOB);
    }

    private Term newTerm() {
        return Term.begin(new FileEpochStore(layout()));
    }

    /** A store that writes a snapshot on the caller's thread as soon as the journal outgrows it. */
    private FileJobStore eagerStore() {
        return new FileJobStore(layout(), 0, Runnable::run);
    }

    /**
     * A job half done by a real scheduler, put on record through {@code store} and changed once more, so that it has a
     * journal segment of the store's term; the states it was saved in.
     */
    private List<JobRecord> runJob(FileJobStore store) {
        List<JobRecord> all = new SchedulerWorkload(5, 12, 2).run(
                new FileJobStore(StorageLayout.under(root.resolve("scratch"))), live -> { });
        JobRecord mid = all.get(all.size() / 2);
        assertThat(mid.state().isTerminal()).as("the job is still running").isFalse();
        store.save(new JobChange(JOB, mid.state(), null, null, null, List.of(), List.of()), () -> mid);
        JobChange next = aChangeOf(mid, "saved by the first term");
        JobRecord after = new JobReplay(mid).apply(next).result();
        store.save(next, () -> after);
        return List.of(mid, after);
    }

    private static JobChange aChangeOf(JobRecord job, String error) {
        TaskRecord t = job.maps().get(0);
        TaskRecord changed = new TaskRecord(t.phase(), t.number(), t.state(), t.attempt(), t.queuedAttempts(), t.backups(),
                t.dispatchedAt(), t.finishedAt(), t.winner(), error, t.errorDetail(), t.failedOn(), t.runs(), t.counters());
        return new JobChange(job.jobId(), job.state(), job.finishedAt(), job.error(), job.errorDetail(), List.of(changed),
                List.of());
    }

    @Test
    void whatTheOldTermAppendsAfterTheNewTermRecoveredIsNeverReadEvenBeforeTheNewTermWrites() throws IOException {
        FileJobStore old = new FileJobStore(layout(), Long.MAX_VALUE, compaction -> { });
        old.recover(newTerm());
        List<JobRecord> states = runJob(old);
        JobRecord last = states.get(states.size() - 1);

        FileJobStore successor = new FileJobStore(layout(), Long.MAX_VALUE, compaction -> { });
        assertThat(successor.recover(newTerm())).containsExactly(last);
        JobChange stale = aChangeOf(last, "the deposed coordinator's save");
        old.save(stale, () -> new JobReplay(last).apply(stale).result()); // its writer still has its segment open
        assertThat(new FileJobStore(layout()).load(JOB)).as("read before the new term wrote").contains(last);

        JobChange mine = aChangeOf(last, "the new term's save");
        JobRecord after = new JobReplay(last).apply(mine).result();
        successor.save(mine, () -> after);
        assertThat(new FileJobStore(layout()).load(JOB)).contains(after);
        assertThat(new FileJobStore(layout()).recover()).containsExactly(after);
    }

    @Test
    void theOldTermCannotReplaceASnapshotCreateAJobOrDeleteOne() throws IOException {
        FileJobStore old = eagerStore();
        old.recover(newTerm());
        List<JobRecord> states = runJob(old);
        JobRecord last = states.get(states.size() - 1);
        FileJobStore successor = eagerStore();
        assertThat(successor.recover(newTerm())).containsExactly(last);
        byte[] snapshot = Files.readAllBytes(files().snapshot());

        JobChange stale = aChangeOf(last, "the deposed coordinator's save");
        JobRecord staleWhole = new JobReplay(last).apply(stale).result();
        for (int i = 0; i < 5; i++) old.save(stale, () -> staleWhole); // each would want a snapshot
        assertThat(Files.readAllBytes(files().snapshot())).as("the snapshot on record").isEqualTo(snapshot);
        assertThat(new FileJobStore(layout()).load(JOB)).contains(last);

        assertThatThrownBy(() -> old.delete(JOB)).isInstanceOf(Term.Superseded.class);
        assertThat(files().snapshot()).exists();
        JobRecord other = new JobRecord("another", last.spec().withJobId("another"), last.state(), last.submittedAt(),
                null, null, null, last.mapInputs(), last.maps(), last.reduces());
        assertThatThrownBy(() -> old.save(new JobChange("another", other.state(), null, null, null, List.of(),
                List.of()), () -> other)).isInstanceOf(Term.Superseded.class);
        assertThat(layout().jobDir("another")).doesNotExist();
    }

    @Test
    void aSegmentTheOldTermStartsAfterTheNewTermFencedIsNeverRead() throws IOException {
        FileJobStore old = new FileJobStore(layout(), Long.MAX_VALUE, compaction -> { });
        Term first = newTerm();
        old.recover(first);
        List<JobRecord> states = runJob(old);
        JobRecord last = states.get(states.size() - 1);
        FileJobStore successor = new FileJobStore(layout(), Long.MAX_VALUE, compaction -> { });
        assertThat(successor.recover(newTerm())).containsExactly(last);
        JobRecord mine = last;
        for (int i = 0; i < 3; i++) {
            JobChange change = aChangeOf(mine, "the new term's save " + i);
            JobRecord whole = new JobReplay(mine).apply(change).result();
            successor.save(change, () -> whole);
            mine = whole;
        }
        // The deposed writer rolled to a new segment (after a snapshot it was not allowed to write): its first record
        // follows the ones it knows of, in the middle of the new term's segment.
        long seq = states.size() + 1;
        JobChange stale = aChangeOf(last, "the deposed coordinator's save");
        try (FileChannel ch = FileChannel.open(files().segment(seq, first.epoch()), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            ch.write(Frames.fileHeader(Frames.Magic.JOURNAL));
            ch.write(Frames.frame(Json.encode(new JournalReplay.Entry(seq, first.epoch(), stale))));
        }
        assertThat(new FileJobStore(layout()).load(JOB)).contains(mine);
        assertThat(new FileJobStore(layout()).recover()).containsExactly(mine);
    }

    @Test
    void aRecordOfAnOlderTermAfterOneOfANewerTermIsIgnoredOnReplay() throws IOException {
        FileJobStore old = new FileJobStore(layout(), Long.MAX_VALUE, compaction -> { });
        Term first = newTerm();
        old.recover(first);
        List<JobRecord> states = runJob(old);
        JobRecord last = states.get(states.size() - 1);
        FileJobStore successor = new FileJobStore(layout(), Long.MAX_VALUE, compaction -> { });
        Term second = newTerm();
        successor.recover(second);
        JobChange mine = aChangeOf(last, "the new term's save");
        JobRecord after = new JobReplay(last).apply(mine).result();
        successor.save(mine, () -> after);

        // A stale record inside the new term's range: no writer puts one there, but replay refuses it all the same.
        JobFiles.Segment newest = files().segments().get(files().segments().size() - 1);
        assertThat(newest.epoch()).isEqualTo(second.epoch());
        JobChange stale = aChangeOf(after, "a record of term " + first.epoch());
        try (FileChannel ch = FileChannel.open(newest.path(), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(Frames.frame(Json.encode(new JournalReplay.Entry(states.size() + 1, first.epoch(), stale))));
        }
        assertThat(new FileJobStore(layout()).load(JOB)).contains(after);
    }

    @Test
    void nothingAfterAJobsFinalSnapshotIsRead() throws IOException {
        List<JobRecord> all = new SchedulerWorkload(6, 8, 2).run(
                new FileJobStore(StorageLayout.under(root.resolve("scratch"))), live -> { });
        JobRecord ended = all.get(all.size() - 1);
        assertThat(ended.state().isTerminal()).isTrue();
        FileJobStore store = new FileJobStore(layout(), Long.MAX_VALUE, compaction -> { });
        store.recover(newTerm());
        store.save(new JobChange(JOB, ended.state(), ended.finishedAt(), null, null, List.of(), List.of()), () -> ended);

        // A deposed coordinator that still thought the job running appends its next record in a segment of its own.
        JobChange stale = aChangeOf(ended, "written after the job ended");
        try (FileChannel ch = FileChannel.open(files().segment(1, 1), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            ch.write(Frames.fileHeader(Frames.Magic.JOURNAL));
            ch.write(Frames.frame(Json.encode(new JournalReplay.Entry(1, 1, stale))));
        }
        assertThat(new FileJobStore(layout()).load(JOB)).contains(ended);
    }
}
