package io.warren.coordinator.storage;

import io.warren.coordinator.domain.BackupPolicy;
import io.warren.coordinator.domain.CommitGrant;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.MutableClock;
import io.warren.coordinator.domain.OutputCommitter;
import io.warren.coordinator.domain.TaskScheduler;
import io.warren.coordinator.domain.Term;
import io.warren.protocol.CommitAnswer;
import io.warren.protocol.InputSplit;
import io.warren.protocol.JobSpec;
import io.warren.protocol.Phase;
import io.warren.protocol.WorkerEvent;
import io.warren.protocol.storage.StorageLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A commit grant goes into the job's journal, and a coordinator that takes over reads it back. */
class CommitGrantJournalTest {
    private static final String JOB = "j1";
    @TempDir
    Path root;
    private final MutableClock clock = new MutableClock();
    private final List<CommitAnswer> answers = new ArrayList<>();

    private static final OutputCommitter NO_OUTPUT = new OutputCommitter() {
        @Override
        public void prepare(JobRecord job) {
        }

        @Override
        public void commit(JobRecord job) {
        }

        @Override
        public boolean hasPart(JobSpec job, int reduce) {
            return false;
        }

        @Override
        public void abort(JobRecord job) {
        }
    };

    @Test
    void aGrantIsJournaledAndReadBackByTheNextTerm() {
        StorageLayout layout = StorageLayout.under(root);
        FileJobStore store = new FileJobStore(layout, Long.MAX_VALUE, compaction -> { });
        store.recover(Term.begin(new FileEpochStore(layout)));
        TaskScheduler scheduler = new TaskScheduler(TaskScheduler.Settings.of(Duration.ofSeconds(10), 4,
                BackupPolicy.off()), clock, spec -> List.of(List.of(InputSplit.wholeFile("in/0", 100))), tasks -> { },
                store, NO_OUTPUT, u -> { }, answers::add);
        scheduler.submit(JobSpec.of(JOB, "wordcount", null, List.of("in/0"), "out", 2, Map.of()));
        scheduler.on(new WorkerEvent.TaskCompleted(JOB, Phase.MAP, 0, 1, "w-map", clock.instant()));
        scheduler.flush();
        scheduler.on(new WorkerEvent.TaskStarted(JOB, Phase.REDUCE, 1, 1, "w-a", clock.instant()));
        scheduler.on(new WorkerEvent.CommitRequested(JOB, Phase.REDUCE, 1, 1, "w-a", clock.instant()));
        scheduler.flush();
        assertThat(answers).extracting(CommitAnswer::verdict).containsExactly(CommitAnswer.Verdict.GRANTED);

        FileJobStore next = new FileJobStore(layout, Long.MAX_VALUE, compaction -> { });
        List<JobRecord> recovered = next.recover(Term.begin(new FileEpochStore(layout)));
        assertThat(recovered).singleElement().satisfies(job -> {
            assertThat(job.reduces().get(1).grant()).isEqualTo(new CommitGrant(1, "w-a"));
            assertThat(job.reduces().get(0).grant()).isNull();
        });
    }
}
