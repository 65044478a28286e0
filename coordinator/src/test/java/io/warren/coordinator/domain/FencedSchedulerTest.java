package io.warren.coordinator.domain;

import io.warren.protocol.InputSplit;
import io.warren.protocol.CommitAnswer;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.TaskMessage;
import io.warren.protocol.WorkerEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
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
            touched.add("commit " + job.jobId());
        }

        @Override
        public void abort(JobRecord job) {
            touched.add("abort " + job.jobId());
        }

        @Override
        public boolean hasPart(JobSpec job, int reduce) {
            return false;
        }
    };
    private final TaskScheduler scheduler = new TaskScheduler(
            TaskScheduler.Settings.of(Duration.ofSeconds(10), 3, BackupPolicy.off()), clock,
            spec -> spec.inputs().stream().map(p -> List.of(InputSplit.wholeFile(p, 100))).toList(),
            published::addAll, store, new FencedCommitter(files, term), updates::add, answers::add);

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
}
