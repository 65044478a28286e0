package io.warren.coordinator.domain;

import io.warren.protocol.CommitAnswer;
import io.warren.protocol.InputSplit;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.Phase;
import io.warren.protocol.TaskMessage;
import io.warren.protocol.WorkerEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The commit gate through the scheduler: which reduce run may commit, saved before it is told, honoured after restarts. */
class CommitGateTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String JOB = "j1";
    private final MutableClock clock = new MutableClock();
    private final List<TaskMessage> published = new ArrayList<>();
    private final List<CommitAnswer> answers = new ArrayList<>();
    private final List<String> committed = new ArrayList<>();
    private final Set<Integer> parts = new HashSet<>();
    private final InMemoryJobStore store = new InMemoryJobStore();
    private final OutputCommitter committer = new OutputCommitter() {
        @Override
        public void prepare(JobRecord job) {
        }

        @Override
        public void commit(JobRecord job) {
            committed.add(job.jobId());
        }

        @Override
        public boolean hasPart(JobSpec job, int reduce) {
            return parts.contains(reduce);
        }

        @Override
        public void abort(JobRecord job) {
        }
    };
    private TaskScheduler scheduler = scheduler(BackupPolicy.off());

    private TaskScheduler scheduler(BackupPolicy backups) {
        return new TaskScheduler(TaskScheduler.Settings.of(TIMEOUT, 4, backups), clock,
                spec -> spec.inputs().stream().map(p -> List.of(InputSplit.wholeFile(p, 100))).toList(),
                published::addAll, store, committer, u -> { }, answers::add);
    }

    /** A job of one map, done, and {@code reduces} reduces published. */
    private void reducing(int reduces) {
        scheduler.submit(JobSpec.of(JOB, "wordcount", null, List.of("in/0"), "out", reduces, Map.of()));
        scheduler.flush();
        event(new WorkerEvent.TaskStarted(JOB, Phase.MAP, 0, 1, "w-map", clock.instant()));
        event(new WorkerEvent.TaskCompleted(JOB, Phase.MAP, 0, 1, "w-map", clock.instant()));
    }

    private void event(WorkerEvent e) {
        scheduler.on(e);
        scheduler.flush();
    }

    private void started(int reduce, int attempt, String worker) {
        event(new WorkerEvent.TaskStarted(JOB, Phase.REDUCE, reduce, attempt, worker, clock.instant()));
    }

    private CommitAnswer ask(int reduce, int attempt, String worker) {
        int before = answers.size();
        event(new WorkerEvent.CommitRequested(JOB, Phase.REDUCE, reduce, attempt, worker, clock.instant()));
        assertThat(answers).as("one answer per request").hasSize(before + 1);
        return answers.get(answers.size() - 1);
    }

    private void timeOut() {
        clock.advance(TIMEOUT.plusSeconds(1));
        scheduler.sweep();
        scheduler.flush();
    }

    private TaskRecord reduce(int r) {
        return store.records().get(JOB).reduces().get(r);
    }

    @Test
    void theFirstLiveRunToAskIsGrantedAndALiveBackupThatAsksLaterIsDenied() {
        scheduler = scheduler(new BackupPolicy(true, 2.0, Duration.ofSeconds(1)));
        reducing(2);
        started(0, 1, "w-a");
        started(1, 1, "w-slow");
        clock.advance(Duration.ofSeconds(2));
        assertThat(ask(0, 1, "w-a").verdict()).isEqualTo(CommitAnswer.Verdict.GRANTED);
        event(new WorkerEvent.TaskCompleted(JOB, Phase.REDUCE, 0, 1, "w-a", clock.instant()));
        clock.advance(Duration.ofSeconds(3));
        event(new WorkerEvent.TaskHeartbeat(JOB, Phase.REDUCE, 1, 1, "w-slow", clock.instant()));
        scheduler.sweep();
        scheduler.flush();
        TaskMessage backup = published.get(published.size() - 1);
        assertThat(backup.taskNumber()).isEqualTo(1);
        assertThat(backup.attempt()).isEqualTo(2);
        started(1, 2, "w-fast");

        assertThat(ask(1, 2, "w-fast").verdict()).isEqualTo(CommitAnswer.Verdict.GRANTED);
        CommitAnswer denied = ask(1, 1, "w-slow");
        assertThat(denied.verdict()).isEqualTo(CommitAnswer.Verdict.DENIED);
        assertThat(denied.reason()).isEqualTo("attempt 2 on w-fast holds the commit grant");
        assertThat(ask(1, 2, "w-fast").verdict()).as("asked again: its answer was lost")
                .isEqualTo(CommitAnswer.Verdict.GRANTED);

        assertThat(reduce(1).grant()).isEqualTo(new CommitGrant(2, "w-fast"));
        assertThat(reduce(1).state()).isEqualTo(TaskState.RUNNING);
        assertThat(reduce(1).runs()).filteredOn(r -> r.worker().equals("w-slow")).singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(TaskRun.Outcome.SUPERSEDED));
        event(new WorkerEvent.TaskCompleted(JOB, Phase.REDUCE, 1, 2, "w-fast", clock.instant()));
        assertThat(store.records().get(JOB).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(reduce(1).winner()).isEqualTo("w-fast");
    }

    @Test
    void aRunThatTimedOutIsDeniedAndTheAttemptAfterItIsGranted() {
        reducing(1);
        started(0, 1, "w-zombie");
        timeOut();
        started(0, 2, "w-b");

        assertThat(ask(0, 2, "w-b").verdict()).isEqualTo(CommitAnswer.Verdict.GRANTED);
        CommitAnswer late = ask(0, 1, "w-zombie");
        assertThat(late.verdict()).isEqualTo(CommitAnswer.Verdict.DENIED);
        assertThat(reduce(0).grant()).isEqualTo(new CommitGrant(2, "w-b"));
    }

    @Test
    void aZombieThatAsksFirstIsDeniedWhileNoRunHoldsTheGrant() {
        reducing(1);
        started(0, 1, "w-zombie");
        timeOut();

        assertThat(ask(0, 1, "w-zombie").verdict()).isEqualTo(CommitAnswer.Verdict.DENIED);
        assertThat(reduce(0).grant()).isNull();
        started(0, 2, "w-b");
        assertThat(ask(0, 2, "w-b").verdict()).isEqualTo(CommitAnswer.Verdict.GRANTED);
    }

    @Test
    void theGrantIsSavedBeforeItsAnswerGoesOutAndARestartedCoordinatorHonoursIt() {
        reducing(1);
        started(0, 1, "w-a");
        scheduler.on(new WorkerEvent.CommitRequested(JOB, Phase.REDUCE, 0, 1, "w-a", clock.instant()));
        assertThat(answers).as("no answer before the flush that saves the grant").isEmpty();
        scheduler.flush();
        assertThat(answers).singleElement()
                .satisfies(a -> assertThat(a.verdict()).isEqualTo(CommitAnswer.Verdict.GRANTED));
        assertThat(reduce(0).grant()).isEqualTo(new CommitGrant(1, "w-a"));

        scheduler = scheduler(BackupPolicy.off());
        scheduler.resume(List.of(store.records().get(JOB)), Map.of(), Job::restore);
        scheduler.flush();
        // The broker hands attempt 1 to another worker: the holder's run is lost, and its part is not there yet.
        started(0, 1, "w-b");
        parts.add(0);
        CommitAnswer other = ask(0, 1, "w-b");
        assertThat(other.verdict()).as("the holder committed before it was lost: the live asker finds its part")
                .isEqualTo(CommitAnswer.Verdict.GRANTED);
        event(new WorkerEvent.TaskCompleted(JOB, Phase.REDUCE, 0, 1, "w-b", clock.instant(),
                Map.of("reduce.output.records", 7L)));
        assertThat(reduce(0).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(reduce(0).winner()).isEqualTo("w-b");
        assertThat(store.records().get(JOB).counters()).containsEntry("reduce.output.records", 7L);
        assertThat(committed).containsExactly(JOB);
    }

    @Test
    void aRestartedCoordinatorDeniesASecondRunWhileTheHolderIsAlive() {
        scheduler = scheduler(new BackupPolicy(true, 2.0, Duration.ofSeconds(1)));
        reducing(2);
        started(0, 1, "w-a");
        started(1, 1, "w-slow");
        clock.advance(Duration.ofSeconds(2));
        ask(0, 1, "w-a");
        event(new WorkerEvent.TaskCompleted(JOB, Phase.REDUCE, 0, 1, "w-a", clock.instant()));
        assertThat(ask(1, 1, "w-slow").verdict()).isEqualTo(CommitAnswer.Verdict.GRANTED);

        scheduler = scheduler(new BackupPolicy(true, 2.0, Duration.ofSeconds(1)));
        scheduler.resume(List.of(store.records().get(JOB)), Map.of(), Job::restore);
        scheduler.flush();
        clock.advance(Duration.ofSeconds(5));
        event(new WorkerEvent.TaskHeartbeat(JOB, Phase.REDUCE, 1, 1, "w-slow", clock.instant()));
        scheduler.sweep();
        scheduler.flush();
        started(1, 2, "w-fast");
        CommitAnswer denied = ask(1, 2, "w-fast");
        assertThat(denied.verdict()).isEqualTo(CommitAnswer.Verdict.DENIED);
        assertThat(denied.reason()).isEqualTo("attempt 1 on w-slow holds the commit grant");
    }

    @Test
    void aLostHoldersGrantPassesOnOnlyWhenItsPartIsMissing() {
        reducing(1);
        started(0, 1, "w-a");
        assertThat(ask(0, 1, "w-a").verdict()).isEqualTo(CommitAnswer.Verdict.GRANTED);
        timeOut();
        started(0, 2, "w-b");

        assertThat(ask(0, 2, "w-b").verdict()).isEqualTo(CommitAnswer.Verdict.GRANTED);
        assertThat(reduce(0).grant()).isEqualTo(new CommitGrant(2, "w-b"));
        assertThat(ask(0, 1, "w-a").verdict()).as("the first holder, back").isEqualTo(CommitAnswer.Verdict.DENIED);
    }

    @Test
    void aHolderWhoseRunWasLostIsDeniedWhenItAsksAgainWithoutHavingCommitted() {
        reducing(1);
        started(0, 1, "w-a");
        ask(0, 1, "w-a");
        timeOut();

        CommitAnswer again = ask(0, 1, "w-a");
        assertThat(again.verdict()).as("its answer was lost, and so was its run").isEqualTo(CommitAnswer.Verdict.DENIED);
        started(0, 2, "w-b");
        assertThat(ask(0, 2, "w-b").verdict()).isEqualTo(CommitAnswer.Verdict.GRANTED);
    }

    @Test
    void aLostHolderWhosePartIsThereLeavesTheTaskToALiveAskerWhoseReportBringsTheCounters() {
        reducing(1);
        started(0, 1, "w-a");
        ask(0, 1, "w-a");
        timeOut();
        started(0, 2, "w-b");
        parts.add(0);

        CommitAnswer answer = ask(0, 2, "w-b");
        assertThat(answer.verdict()).as("its commit will find the holder's part: the output stays the holder's")
                .isEqualTo(CommitAnswer.Verdict.GRANTED);
        event(new WorkerEvent.TaskCompleted(JOB, Phase.REDUCE, 0, 2, "w-b", clock.instant(),
                Map.of("reduce.output.records", 5L)));
        assertThat(reduce(0).winner()).isEqualTo("w-b");
        assertThat(store.records().get(JOB).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(store.records().get(JOB).counters()).as("counted once, not lost").containsEntry("reduce.output.records", 5L);
        assertThat(committed).containsExactly(JOB);
        event(new WorkerEvent.TaskCompleted(JOB, Phase.REDUCE, 0, 1, "w-a", clock.instant()));
        assertThat(committed).as("the holder's late report changes nothing").containsExactly(JOB);
    }

    @Test
    void aLostHolderWhosePartIsThereWinsTheTaskWhenTheAskersRunIsOverToo() {
        reducing(1);
        started(0, 1, "w-a");
        ask(0, 1, "w-a");
        timeOut();
        started(0, 2, "w-b");
        parts.add(0);
        timeOut();

        CommitAnswer answer = ask(0, 2, "w-b");
        assertThat(answer.verdict()).isEqualTo(CommitAnswer.Verdict.DENIED);
        assertThat(answer.reason()).contains("attempt 1 on w-a");
        assertThat(reduce(0).winner()).isEqualTo("w-a");
        assertThat(store.records().get(JOB).state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void aRequestForAFinishedTaskIsDenied() {
        reducing(2);
        started(0, 1, "w-a");
        ask(0, 1, "w-a");
        event(new WorkerEvent.TaskCompleted(JOB, Phase.REDUCE, 0, 1, "w-a", clock.instant()));

        CommitAnswer late = ask(0, 1, "w-late");
        assertThat(late.verdict()).isEqualTo(CommitAnswer.Verdict.DENIED);
        assertThat(late.reason()).isEqualTo("the task already succeeded");
    }
}
