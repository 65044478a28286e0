package io.warren.coordinator.storage;

import io.warren.coordinator.domain.JobChange;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.JobReplay;
import io.warren.coordinator.domain.TaskRecord;
import io.warren.coordinator.domain.Term;
import io.warren.storage.ObjectStore;
import io.warren.storage.PendingObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Job state on the storage port, as a bucket root keeps it ({@link ObjectJobStore}, {@link StoreEpochStore}): run
 * against a directory and against a real S3 server, as the storage contract is.
 */
abstract class ObjectJobStoreContract {
    private static final String JOB = SchedulerWorkload.JOB;
    private ObjectStore work;

    /** A new, empty work area. */
    protected abstract ObjectStore newWork() throws IOException;

    @BeforeEach
    void newStore() throws IOException {
        work = newWork();
    }

    private ObjectJobStore store() {
        return new ObjectJobStore(work);
    }

    private Term newTerm() {
        return Term.begin(new StoreEpochStore(work));
    }

    private static JobChange aChangeOf(JobRecord job, String error) {
        TaskRecord t = job.maps().get(0);
        TaskRecord changed = new TaskRecord(t.phase(), t.number(), t.state(), t.attempt(), t.queuedAttempts(), t.backups(),
                t.dispatchedAt(), t.finishedAt(), t.winner(), error, t.errorDetail(), t.failedOn(), t.runs(), t.counters());
        return new JobChange(job.jobId(), job.state(), job.finishedAt(), job.error(), job.errorDetail(), List.of(changed),
                List.of());
    }

    /** A job half done by a real scheduler, put on record through {@code store} and changed once more. */
    private JobRecord halfDone(ObjectJobStore store) {
        List<JobRecord> all = SchedulerWorkload.states(5, 12, 2);
        JobRecord mid = all.get(all.size() / 2);
        assertThat(mid.state().isTerminal()).as("the job is still running").isFalse();
        store.save(new JobChange(JOB, mid.state(), null, null, null, List.of(), List.of()), () -> mid);
        JobChange next = aChangeOf(mid, "saved by the first term");
        JobRecord after = new JobReplay(mid).apply(next).result();
        store.save(next, () -> after);
        return after;
    }

    @Test
    void aJobReadsBackAsTheLiveJobAfterEverySaveThroughSnapshotsToItsEnd() throws IOException {
        ObjectJobStore store = new ObjectJobStore(work, 4);
        store.recover(newTerm());
        ObjectJobStore reader = store();
        List<JobRecord> saved = new SchedulerWorkload(11, 9, 3).run(store, live ->
                assertThat(reader.load(JOB)).contains(live));
        assertThat(saved.size()).as("several snapshots").isGreaterThan(12);
        JobRecord last = saved.get(saved.size() - 1);
        assertThat(last.state().isTerminal()).isTrue();
        assertThat(store().recover(newTerm())).containsExactly(last);
        assertThat(store().ids()).containsExactly(JOB);
        assertThat(objects()).as("a job that ended is its snapshot alone").hasSize(1);
    }

    /**
     * A job whose record dwarfs each change is not written whole every few records: its records pile up until they
     * hold as many bytes as its snapshot or reach sixteen times the least number, and it reads back as live
     * throughout.
     */
    @Test
    void aBigJobsSmallChangesAreSnapshottedByBytesWithACapOnRecords() throws IOException {
        ObjectJobStore store = new ObjectJobStore(work, 4);
        store.recover(newTerm());
        List<JobRecord> states = SchedulerWorkload.states(7, 400, 2);
        JobRecord job = states.get(states.size() / 2);
        assertThat(job.state().isTerminal()).isFalse();
        store.save(new JobChange(JOB, job.state(), null, null, null, List.of(), List.of()), () -> job);
        List<Integer> journalAfterEachSave = new ArrayList<>();
        JobRecord live = job;
        for (int i = 0; i < 70; i++) {
            JobChange change = aChangeOf(live, "change " + i);
            JobRecord after = new JobReplay(live).apply(change).result();
            store.save(change, () -> after);
            live = after;
            assertThat(store().load(JOB)).contains(live);
            journalAfterEachSave.add((int) objects().stream().filter(k -> StateKeys.journalSeq(k) >= 0).count());
        }
        int cap = 4 * JournalPosition.MAX_RECORDS_FACTOR;
        assertThat(journalAfterEachSave).as("records pile up past the least number, up to the cap")
                .contains(cap - 1).allMatch(n -> n < cap);
        assertThat(journalAfterEachSave.get(cap - 1)).as("the cap's record brings a snapshot").isZero();
    }

    /**
     * The status page's reader on a bucket follows a job as it is saved, through its snapshots, and reads only what
     * was written since its last look: one GET a look while no snapshot came in between.
     */
    @Test
    void aFollowerReadsOnlyTheRecordsWrittenSinceItsLastLook() throws IOException {
        ObjectJobStore store = new ObjectJobStore(work, 4);
        store.recover(newTerm());
        CountingReads counted = new CountingReads(work);
        ObjectJobFollowers followers = new ObjectJobFollowers(counted, 4);
        String[] snapshotAtLastLook = {null};
        List<Integer> readsWithNoNewSnapshot = new ArrayList<>();
        int[] lookedAfterANewSnapshot = {0};
        new SchedulerWorkload(13, 9, 3).run(store, live -> {
            try {
                String snapshot = objects().stream().filter(k -> StateKeys.snapshotSeq(k) >= 0).max(String::compareTo)
                        .orElseThrow();
                int before = counted.reads;
                assertThat(followers.load(JOB)).contains(live);
                if (snapshot.equals(snapshotAtLastLook[0])) {
                    readsWithNoNewSnapshot.add(counted.reads - before);
                } else {
                    lookedAfterANewSnapshot[0]++;
                }
                snapshotAtLastLook[0] = snapshot;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertThat(lookedAfterANewSnapshot[0]).as("snapshots came between looks").isGreaterThan(2);
        assertThat(readsWithNoNewSnapshot).as("one record saved, one GET").hasSizeGreaterThan(10).containsOnly(1);
    }

    /** A work area that counts the objects read from it. */
    private static final class CountingReads implements ObjectStore {
        private final ObjectStore work;
        int reads;

        CountingReads(ObjectStore work) {
            this.work = work;
        }

        @Override
        public String uri(String key) {
            return work.uri(key);
        }

        @Override
        public List<StoredObject> list(String prefix) throws IOException {
            return work.list(prefix);
        }

        @Override
        public Optional<Long> size(String key) throws IOException {
            return work.size(key);
        }

        @Override
        public InputStream open(String key, long offset, long length) throws IOException {
            reads++;
            return work.open(key, offset, length);
        }

        @Override
        public byte[] read(String key) throws IOException {
            reads++;
            return work.read(key);
        }

        @Override
        public PendingObject create(String key) throws IOException {
            return work.create(key);
        }

        @Override
        public void makeDirectory(String key) throws IOException {
            work.makeDirectory(key);
        }

        @Override
        public boolean isDirectory(String key) throws IOException {
            return work.isDirectory(key);
        }

        @Override
        public boolean delete(String key) throws IOException {
            return work.delete(key);
        }

        @Override
        public void deletePrefix(String prefix) throws IOException {
            work.deletePrefix(prefix);
        }

        @Override
        public void discardUnfinished(String prefix) throws IOException {
            work.discardUnfinished(prefix);
        }
    }

    private List<String> objects() throws IOException {
        return work.list("state/").stream().map(ObjectStore.StoredObject::key).toList();
    }

    @Test
    void aDeposedCoordinatorsNextRecordIsRefusedAndNeverRead() throws IOException {
        ObjectJobStore old = store();
        old.recover(newTerm());
        JobRecord last = halfDone(old);

        ObjectJobStore successor = store();
        assertThat(successor.recover(newTerm())).containsExactly(last);
        JobChange stale = aChangeOf(last, "the deposed coordinator's save");
        assertThatThrownBy(() -> old.save(stale, () -> new JobReplay(last).apply(stale).result()))
                .isInstanceOf(Term.Superseded.class);
        assertThat(store().load(JOB)).contains(last);

        JobChange mine = aChangeOf(last, "the new term's save");
        JobRecord after = new JobReplay(last).apply(mine).result();
        successor.save(mine, () -> after);
        assertThat(store().load(JOB)).contains(after);
        assertThatThrownBy(() -> old.delete(JOB)).isInstanceOf(Term.Superseded.class);
        assertThat(store().load(JOB)).contains(after);
    }

    @Test
    void twoCoordinatorsRacingForOneJobNeverBothWriteARecord() throws Exception {
        ObjectJobStore first = store();
        first.recover(newTerm());
        JobRecord last = halfDone(first);
        // Both recover at once, as two coordinators that each think they took over; the later term wins every record.
        ObjectJobStore a = store();
        ObjectJobStore b = store();
        Term ta = newTerm();
        Term tb = newTerm();
        CountDownLatch go = new CountDownLatch(1);
        List<Throwable> failures = new ArrayList<>();
        ConcurrentLinkedQueue<String> wrote = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (Object[] side : new Object[][]{{a, ta, "a"}, {b, tb, "b"}}) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    ObjectJobStore s = (ObjectJobStore) side[0];
                    s.recover((Term) side[1]);
                    JobChange change = aChangeOf(last, "saved by " + side[2]);
                    s.save(change, () -> new JobReplay(last).apply(change).result());
                    wrote.add((String) side[2]);
                } catch (Term.Superseded e) {
                    // the older term lost: expected for one of them
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) t.join();
        assertThat(failures).isEmpty();
        // Term a's save is either refused (term b fenced the job first) or lands before b's fence, as history that b
        // read; b, the newer term, always writes, and its change is the last word.
        assertThat(wrote).contains("b");
        JobChange bs = aChangeOf(last, "saved by b");
        assertThat(store().load(JOB)).contains(new JobReplay(last).apply(bs).result());
    }

    @Test
    void coordinatorsClaimingEpochsAtOnceNeverShareOneAndLeaveNoGap() throws Exception {
        int threads = 6;
        int each = 3;
        ConcurrentLinkedQueue<Long> claimed = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) claimed.add(new StoreEpochStore(work).claimNext());
            });
            thread.start();
            started.add(thread);
        }
        go.countDown();
        for (Thread t : started) t.join();
        assertThat(claimed).doesNotHaveDuplicates().hasSize(threads * each);
        // No gap: a term learns it is superseded by looking up the epoch after its own. (A server may leave a claim
        // that no claimer holds, after refusing both of two racing writes; it still supersedes the one before.)
        long latest = new StoreEpochStore(work).latest();
        assertThat(LongStream.rangeClosed(1, latest).filter(e -> !new StoreEpochStore(work).claimed(e)).boxed().toList())
                .isEmpty();
        assertThat(latest).isEqualTo(claimed.stream().mapToLong(Long::longValue).max().orElseThrow());
    }
}
