package io.warren.coordinator.domain;

import io.warren.protocol.InputSplit;
import io.warren.protocol.CommitAnswer;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.TaskMessage;
import io.warren.protocol.WorkerEvent;
import io.warren.coordinator.storage.StoredEndClaims;
import io.warren.storage.local.LocalObjectStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A scheduler whose coordinator's term has been superseded: the job's ending, whichever it is, is refused before any
 * output is touched, and it is not turned into a failure of the job.
 */
class FencedSchedulerTest {
    /** Epochs in memory: enough to start two terms. */
    private static final class Epochs implements EpochStore {
        private final ConcurrentSkipListSet<Long> claimed = new ConcurrentSkipListSet<>();

        @Override
        public long claimNext() {
            long next = latest() + 1;
            claimed.add(next);
            return next;
        }

        @Override
        public long latest() {
            return claimed.isEmpty() ? 0 : claimed.last();
        }

        @Override
        public boolean claimed(long epoch) {
            return claimed.contains(epoch);
        }
    }

    private final MutableClock clock = new MutableClock();
    private final List<TaskMessage> published = new ArrayList<>();
    private final List<String> touched = new ArrayList<>();
    private final List<JobUpdate> updates = new ArrayList<>();
    private final List<CommitAnswer> answers = new ArrayList<>();
    private final InMemoryJobStore store = new InMemoryJobStore();
    private final Epochs epochs = new Epochs();
    private final Term term = Term.begin(epochs);
    private final OutputCommitter files = new OutputCommitter() {
        @Override
        public void prepare(JobRecord job) {
            touched.add("prepare " + job.jobId());
        }

        @Override
        public void commit(JobRecord job) {
            afterCheck();
            touched.add("commit " + job.jobId());
        }

        @Override
        public void abort(JobRecord job) {
            afterCheck();
            touched.add("abort " + job.jobId());
        }

        @Override
        public boolean hasPart(JobSpec job, int reduce) {
            return false;
        }
    };
    /** Runs once when the next commit or abort has passed its term's check, before it touches anything. */
    private Runnable betweenCheckAndWrite;

    private void afterCheck() {
        Runnable r = betweenCheckAndWrite;
        betweenCheckAndWrite = null;
        if (r != null) r.run();
    }

    @TempDir
    Path work;
    private EndClaims ends;
    private TaskScheduler scheduler;

    @BeforeEach
    void schedulerOfTermOne() {
        ends = new StoredEndClaims(new LocalObjectStore(work));
        scheduler = scheduler(term, store);
    }

    private TaskScheduler scheduler(Term of, JobStore jobs) {
        return new TaskScheduler(TaskScheduler.Settings.of(Duration.ofSeconds(10), 3, BackupPolicy.off()), clock,
                spec -> spec.inputs().stream().map(p -> List.of(InputSplit.wholeFile(p, 100))).toList(),
                published::addAll, jobs, new FencedCommitter(files, of, ends), updates::add, answers::add);
    }

    private void submit(String id) {
        scheduler.submit(JobSpec.of(id, "wordcount", null, List.of("in/0.txt"), "out/" + id, 1, Map.of()));
        scheduler.flush();
    }

    private void complete(TaskMessage t) {
        scheduler.on(new WorkerEvent.TaskStarted(t.jobId(), t.phase(), t.taskNumber(), t.attempt(), "w-1",
                clock.instant()));
        scheduler.on(new WorkerEvent.TaskCompleted(t.jobId(), t.phase(), t.taskNumber(), t.attempt(), "w-1",
                clock.instant()));
    }

    @Test
    void aSupersededCoordinatorNeverCommitsTheJobItWasFinishing() {
        submit("j1");
        complete(published.get(0));
        scheduler.flush();
        TaskMessage reduce = published.get(published.size() - 1);
        Term.begin(epochs); // another coordinator takes over

        assertThatThrownBy(() -> complete(reduce)).isInstanceOf(Term.Superseded.class);
        assertThat(touched).containsExactly("prepare j1");
        assertThat(store.records().get("j1").state()).isEqualTo(JobState.REDUCING);
        assertThat(updates).noneMatch(u -> u.state().isTerminal());
    }

    @Test
    void aSupersededCoordinatorNeverWithdrawsOutputNorAcceptsAJob() {
        submit("j1");
        Term.begin(epochs);

        assertThatThrownBy(() -> scheduler.cancel("j1", "by a deposed coordinator")).isInstanceOf(Term.Superseded.class);
        assertThatThrownBy(() -> submit("j2")).isInstanceOf(Term.Superseded.class);
        assertThat(touched).containsExactly("prepare j1");
        assertThat(store.records().get("j1").state()).isEqualTo(JobState.MAPPING);
        // Still running in memory (an ended job would answer false): the refused ending changed nothing.
        assertThatThrownBy(() -> scheduler.cancel("j1", "asked again")).isInstanceOf(Term.Superseded.class);
        assertThat(store.records()).doesNotContainKey("j2");
    }

    /** Term 2 begins while term 1 is past its check: it takes the job over, and tells what it found. */
    private Map<String, JobEnd> takeOverBetweenCheckAndWrite(String jobId, Term[] second) {
        Map<String, JobEnd> decided = new HashMap<>();
        betweenCheckAndWrite = () -> {
            second[0] = Term.begin(epochs);
            ends.takeOver(jobId, second[0].epoch()).ifPresent(end -> decided.put(jobId, end));
        };
        return decided;
    }

    @Test
    void aCancelThatANewTermMeetsPastItsCheckIsCarriedOutByTheNewTermNotRunOn() {
        submit("j1");
        Term[] second = new Term[1];
        Map<String, JobEnd> decided = takeOverBetweenCheckAndWrite("j1", second);

        scheduler.cancel("j1", "by alice"); // term 1's deletions go ahead: its check passed before term 2 began
        assertThat(touched).containsExactly("prepare j1", "abort j1");
        assertThat(decided).containsEntry("j1", new JobEnd(JobState.CANCELLED, "by alice", null));

        // Term 2 read the job as term 1 last saved it, running; it ends it as term 1 decided, and publishes nothing.
        int publishedBefore = published.size();
        TaskScheduler newer = scheduler(second[0], store);
        newer.resume(List.copyOf(store.records().values()), decided, Job::restore);
        newer.flush();
        assertThat(store.records().get("j1").state()).isEqualTo(JobState.CANCELLED);
        assertThat(store.records().get("j1").error()).isEqualTo("by alice");
        assertThat(touched).containsExactly("prepare j1", "abort j1", "abort j1");
        assertThat(published).hasSize(publishedBefore);
    }

    /** Term 1 commits j1 while term 2 takes it over; returns term 2's scheduler, resumed, and the reduce term 1 ran. */
    private TaskScheduler takenOverWhileCommitted(Term[] second, TaskMessage[] reduce) {
        submit("j1");
        complete(published.get(0));
        scheduler.flush();
        reduce[0] = published.get(published.size() - 1);
        Map<String, JobEnd> decided = takeOverBetweenCheckAndWrite("j1", second);

        complete(reduce[0]); // term 1 commits; it halts before its flush saves the reduce's report
        assertThat(decided).containsEntry("j1", new JobEnd(JobState.SUCCEEDED, null, null));
        TaskScheduler newer = scheduler(second[0], store);
        newer.resume(List.copyOf(store.records().values()), decided, Job::restore);
        newer.flush();
        assertThat(store.records().get("j1").state()).as("runs on, to collect the reports").isEqualTo(JobState.REDUCING);
        return newer;
    }

    @Test
    void aCommitThatANewTermMeetsPastItsCheckIsFinishedByTheReportsTheBrokerDeliversAgain() {
        Term[] second = new Term[1];
        TaskMessage[] reduce = new TaskMessage[1];
        TaskScheduler newer = takenOverWhileCommitted(second, reduce);

        // The reduce's report was not acknowledged by term 1: the broker delivers it to term 2.
        newer.on(new WorkerEvent.TaskCompleted(reduce[0].jobId(), reduce[0].phase(), reduce[0].taskNumber(),
                reduce[0].attempt(), "w-1", clock.instant(), Map.of("reduce.output.records", 7L)));
        newer.flush();
        JobRecord j1 = store.records().get("j1");
        assertThat(j1.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(j1.reduces().get(0).counters()).containsEntry("reduce.output.records", 7L);
        assertThat(touched).containsExactly("prepare j1", "commit j1", "commit j1");
    }

    @Test
    void aJobAnOlderTermDecidedSucceededIsCommittedNeverWithdrawnWhenANewTermWouldEndItOtherwise() {
        Term[] second = new Term[1];
        TaskScheduler newer = takenOverWhileCommitted(second, new TaskMessage[1]);

        assertThat(newer.cancel("j1", "by alice")).isTrue();
        newer.flush();
        assertThat(store.records().get("j1").state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(touched).containsExactly("prepare j1", "commit j1", "commit j1");
    }

    @Test
    void anEndADeposedTermDecidesAfterATakeOverIsRefusedAndNeverAdoptedLater() {
        submit("j1");
        Term second = Term.begin(epochs);
        assertThat(ends.takeOver("j1", second.epoch())).as("term 2 goes on with the job").isEmpty();

        assertThatThrownBy(() -> scheduler.cancel("j1", "by a deposed coordinator")).isInstanceOf(Term.Superseded.class);
        assertThat(touched).containsExactly("prepare j1");
        Term third = Term.begin(epochs);
        assertThat(ends.takeOver("j1", third.epoch())).as("term 2's word that it went on is the newest").isEmpty();
    }
}
