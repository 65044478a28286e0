package io.warren.coordinator.domain;

import io.warren.api.InvalidJobException;
import io.warren.protocol.InputSplit;
import io.warren.protocol.CommitAnswer;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.MapTask;
import io.warren.protocol.Phase;
import io.warren.protocol.ReduceTask;
import io.warren.protocol.TaskMessage;
import io.warren.protocol.WorkerEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskSchedulerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final TaskScheduler.Settings SETTINGS = TaskScheduler.Settings.of(TIMEOUT, 3, BackupPolicy.off());
    private final MutableClock clock = new MutableClock();
    private final List<TaskMessage> published = new ArrayList<>();
    private final List<String> committed = new ArrayList<>();
    private final List<String> aborted = new ArrayList<>();
    private final List<JobUpdate> updates = new ArrayList<>();
    private final List<CommitAnswer> answers = new ArrayList<>();
    private final InMemoryJobStore store = new InMemoryJobStore();
    private final Map<String, JobRecord> saved = store.records();
    private final JobPlanner planner = spec -> {
        if (spec.app().equals("bad")) throw new InvalidJobException("app 'bad' does not exist");
        return spec.inputs().stream().map(p -> List.of(InputSplit.wholeFile(p, 100))).toList();
    };
    private final List<String> prepared = new ArrayList<>();
    private java.io.UncheckedIOException failCommits;
    private final OutputCommitter committer = new OutputCommitter() {
        @Override
        public void prepare(JobRecord job) {
            prepared.add(job.jobId());
        }

        @Override
        public void commit(JobRecord job) {
            if (failCommits != null) throw failCommits;
            committed.add(job.jobId());
        }

        @Override
        public void abort(JobRecord job) {
            aborted.add(job.jobId());
        }

        @Override
        public boolean hasPart(JobSpec job, int reduce) {
            return false;
        }
    };
    private final TaskScheduler scheduler = new TaskScheduler(SETTINGS, clock, planner,
            published::addAll, store, committer, updates::add, answers::add);

    private static JobSpec spec(String id, int maps, int reduces) {
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < maps; i++) inputs.add("in/" + i + ".txt");
        return JobSpec.of(id, "wordcount", null, inputs, "out/" + id, reduces, Map.of());
    }

    private void submit(JobSpec spec) {
        scheduler.submit(spec);
        scheduler.flush();
    }

    private void event(WorkerEvent e) {
        scheduler.on(e);
        scheduler.flush();
    }

    private void runToCompletion(TaskMessage t, String worker) {
        event(new WorkerEvent.TaskStarted(t.jobId(), t.phase(), t.taskNumber(), t.attempt(), worker, clock.instant()));
        event(new WorkerEvent.TaskCompleted(t.jobId(), t.phase(), t.taskNumber(), t.attempt(), worker, clock.instant()));
    }

    private List<TaskMessage> publishedOf(String jobId, Phase phase) {
        return published.stream().filter(t -> t.jobId().equals(jobId) && t.phase() == phase).toList();
    }

    @Test
    void aSubmittedJobDispatchesOneMapTaskPerInputAndNoReduceYet() {
        submit(spec("j1", 3, 2));
        assertThat(published).hasSize(3).allSatisfy(t -> {
            assertThat(t).isInstanceOf(MapTask.class);
            assertThat(t.attempt()).isEqualTo(1);
            assertThat(((MapTask) t).reduceCount()).isEqualTo(2);
        });
        assertThat(published).extracting(TaskMessage::taskNumber).containsExactly(0, 1, 2);
        assertThat(saved.get("j1").state()).isEqualTo(JobState.MAPPING);
        assertThat(prepared).containsExactly("j1");
        assertThat(published.get(0).heartbeatMillis()).isLessThan(TIMEOUT.toMillis());
    }

    @Test
    void reducesGoOutOnlyOnceEveryMapIsDoneAndNameTheWinningWorkers() {
        submit(spec("j1", 2, 3));
        runToCompletion(published.get(0), "w-a");
        assertThat(publishedOf("j1", Phase.REDUCE)).isEmpty();
        runToCompletion(published.get(1), "w-b");

        List<TaskMessage> reduces = publishedOf("j1", Phase.REDUCE);
        assertThat(reduces).hasSize(3);
        assertThat(reduces).allSatisfy(r -> assertThat(((ReduceTask) r).mapWorkers()).containsExactly("w-a", "w-b"));
        assertThat(saved.get("j1").state()).isEqualTo(JobState.REDUCING);
    }

    @Test
    void theJobSucceedsAndCommitsOnceEveryReduceIsDone() {
        submit(spec("j1", 1, 2));
        runToCompletion(published.get(0), "w-a");
        for (TaskMessage r : publishedOf("j1", Phase.REDUCE)) runToCompletion(r, "w-b");

        assertThat(committed).containsExactly("j1");
        assertThat(saved.get("j1").state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(saved.get("j1").finishedAt()).isNotNull();
        assertThat(updates.get(updates.size() - 1)).satisfies(u -> {
            assertThat(u.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(u.reducesDone()).isEqualTo(2);
        });
    }

    @Test
    void sweepsAndHeartbeatsThatChangeNothingWriteNothingAndACompletionWritesItsTaskAlone() {
        submit(spec("j1", 500, 1));
        List<TaskMessage> maps = List.copyOf(published);
        for (TaskMessage t : maps) {
            scheduler.on(new WorkerEvent.TaskStarted("j1", Phase.MAP, t.taskNumber(), 1, "w-" + t.taskNumber() % 2,
                    clock.instant()));
        }
        scheduler.flush();
        int saves = store.saves();
        long tasks = store.tasksSaved();
        long bytes = store.bytesSaved();

        for (int beat = 0; beat < 8; beat++) { // two task timeouts of heartbeats, sweeps and flushes
            clock.advance(TIMEOUT.dividedBy(4));
            for (TaskMessage t : maps) {
                scheduler.on(new WorkerEvent.TaskHeartbeat("j1", Phase.MAP, t.taskNumber(), 1, "w-" + t.taskNumber() % 2,
                        clock.instant()));
            }
            scheduler.sweep();
            scheduler.flush();
        }
        assertThat(store.saves()).as("saves while 500 tasks run and beat").isEqualTo(saves);
        assertThat(store.bytesSaved()).isEqualTo(bytes);

        event(new WorkerEvent.TaskCompleted("j1", Phase.MAP, 7, 1, "w-1", clock.instant()));
        assertThat(store.saves()).isEqualTo(saves + 1);
        assertThat(store.tasksSaved()).as("task records in the completion's save").isEqualTo(tasks + 1);
        assertThat(saved.get("j1").maps().get(8).state()).isEqualTo(TaskState.RUNNING);
        assertThat(published).hasSize(maps.size()); // and no task was given up
    }

    @Test
    void aHeartbeatsStatusIsKeptOnItsRunAndSavedWhenItChanges() {
        submit(spec("j1", 1, 1));
        TaskMessage map = published.get(0);
        event(new WorkerEvent.TaskStarted("j1", Phase.MAP, 0, 1, "w-a", clock.instant()));
        int saves = store.saves();

        clock.advance(Duration.ofSeconds(1));
        event(new WorkerEvent.TaskHeartbeat("j1", Phase.MAP, 0, 1, "w-a", clock.instant(), "parsed 40000 lines"));
        assertThat(saved.get("j1").maps().get(0).runs()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo("parsed 40000 lines");
            assertThat(r.heartbeatAt()).isEqualTo(clock.instant());
        });
        assertThat(store.saves()).isEqualTo(saves + 1);

        // The same status again, or none (a worker that sends none keeps the last), is not worth a save.
        event(new WorkerEvent.TaskHeartbeat("j1", Phase.MAP, 0, 1, "w-a", clock.instant(), "parsed 40000 lines"));
        event(new WorkerEvent.TaskHeartbeat("j1", Phase.MAP, 0, 1, "w-a", clock.instant()));
        assertThat(store.saves()).isEqualTo(saves + 1);

        event(new WorkerEvent.TaskCompleted("j1", Phase.MAP, 0, 1, "w-a", clock.instant()));
        assertThat(saved.get("j1").maps().get(0).runs()).singleElement()
                .satisfies(r -> assertThat(r.status()).as("kept after the run ends").isEqualTo("parsed 40000 lines"));
        assertThat(map.attempt()).isEqualTo(1);
    }

    @Test
    void aCompletionThatCarriesItsStartRecordsTheRunAsAStartAndACompletionWould() {
        submit(spec("j1", 1, 1));
        // The worker's clock is 30 s ahead of the coordinator's: only the run's length is taken from it.
        Instant workerNow = clock.instant().plusSeconds(30);
        event(new WorkerEvent.TaskCompleted("j1", Phase.MAP, 0, 1, "w-a", workerNow, Map.of("map.input.records", 3L),
                workerNow.minusMillis(40)));

        assertThat(saved.get("j1").maps().get(0).runs()).singleElement().satisfies(r -> {
            assertThat(r.worker()).isEqualTo("w-a");
            assertThat(r.outcome()).isEqualTo(TaskRun.Outcome.SUCCEEDED);
            assertThat(r.startedAt()).isEqualTo(clock.instant().minusMillis(40));
            assertThat(r.endedAt()).isEqualTo(clock.instant());
        });
        assertThat(publishedOf("j1", Phase.REDUCE)).as("the map phase is done").hasSize(1);

        // A start that arrives after all (sent just as the run ended) changes nothing.
        long tasks = store.tasksSaved();
        event(new WorkerEvent.TaskStarted("j1", Phase.MAP, 0, 1, "w-a", workerNow.minusMillis(40)));
        assertThat(saved.get("j1").maps().get(0).runs()).hasSize(1);
        assertThat(store.tasksSaved()).as("no task record written again").isEqualTo(tasks);
    }

    @Test
    void aLateDuplicateAfterSuccessChangesNothing() {
        submit(spec("j1", 1, 1));
        runToCompletion(published.get(0), "w-a");
        TaskMessage reduce = publishedOf("j1", Phase.REDUCE).get(0);
        runToCompletion(reduce, "w-b");
        JobRecord done = saved.get("j1");

        runToCompletion(reduce, "w-c");
        assertThat(committed).containsExactly("j1");
        assertThat(saved.get("j1")).isEqualTo(done);
    }

    @Test
    void aDuplicateCompletionDuringTheJobIsRecordedButIgnored() {
        submit(spec("j1", 2, 1));
        TaskMessage map0 = published.get(0);
        runToCompletion(map0, "w-a");
        runToCompletion(map0, "w-b");
        TaskRecord task = saved.get("j1").maps().get(0);
        assertThat(task.winner()).isEqualTo("w-a");
        assertThat(task.runs()).extracting(TaskRun::outcome).contains(TaskRun.Outcome.DUPLICATE);
        assertThat(publishedOf("j1", Phase.REDUCE)).isEmpty();
    }

    @Test
    void anInvalidJobIsRecordedAsFailedWithTheReasonAndRunsNothing() {
        JobSpec bad = JobSpec.of("j2", "bad", null, List.of("x"), "out", 1, Map.of());
        submit(bad);
        assertThat(published).isEmpty();
        assertThat(saved.get("j2").state()).isEqualTo(JobState.FAILED);
        assertThat(saved.get("j2").error()).isEqualTo("app 'bad' does not exist");
        assertThat(updates).singleElement().satisfies(u -> assertThat(u.state()).isEqualTo(JobState.FAILED));
    }

    @Test
    void aJobWithoutAnIdGetsAGeneratedOne() {
        String id = scheduler.submit(JobSpec.of(null, "wordcount", null, List.of("a"), "out", 1, Map.of()));
        scheduler.flush();
        assertThat(id).startsWith("job-");
        assertThat(saved).containsKey(id);
    }

    @Test
    void theSameSpecSubmittedTwiceRunsOnce() {
        submit(spec("j1", 2, 1));
        submit(spec("j1", 2, 1));
        assertThat(published).hasSize(2);
    }

    @Test
    void aDifferentJobUnderATakenIdIsRefused() {
        submit(spec("j1", 2, 1));
        assertThatThrownBy(() -> scheduler.submit(spec("j1", 3, 1)))
                .isInstanceOf(TaskScheduler.DuplicateJob.class).hasMessageContaining("j1");
    }

    @Test
    void aFailingTaskIsRetriedThenFailsTheJobAndAbortsItsOutput() {
        submit(spec("j1", 2, 1));
        TaskMessage map1 = published.get(1);
        for (int attempt = 1; attempt <= 3; attempt++) {
            TaskMessage current = published.get(published.size() - 1);
            assertThat(current.taskNumber()).isEqualTo(1);
            assertThat(current.attempt()).isEqualTo(attempt);
            event(new WorkerEvent.TaskStarted("j1", Phase.MAP, 1, attempt, "w-" + attempt, clock.instant()));
            event(new WorkerEvent.TaskFailed("j1", Phase.MAP, 1, attempt, "w-" + attempt, clock.instant(),
                    "java.lang.IllegalStateException: bad record", "at Mapper.map"));
        }
        assertThat(map1.attempt()).isEqualTo(1);
        assertThat(((MapTask) published.get(published.size() - 1)).avoidWorkers()).containsExactly("w-1", "w-2");
        JobRecord job = saved.get("j1");
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.error()).contains("map-1 failed 3 time(s)").contains("bad record");
        assertThat(job.errorDetail()).contains("at Mapper.map");
        assertThat(aborted).containsExactly("j1");
        assertThat(committed).isEmpty();
    }

    /** A corrupt compressed input reads the same on every worker: the first failure on it fails the job. */
    @Test
    void aFailureOnBadInputFailsTheJobWithoutAnotherAttempt() {
        submit(spec("j1", 2, 1));
        int before = published.size();
        event(new WorkerEvent.TaskStarted("j1", Phase.MAP, 1, 1, "w-1", clock.instant()));
        event(new WorkerEvent.TaskFailed("j1", Phase.MAP, 1, 1, "w-1", clock.instant(),
                "cannot decompress in/part-1.gz (gzip): Unexpected end of ZLIB input stream", "at GZIPInputStream.read",
                List.of(), "in/part-1.gz"));

        assertThat(published).hasSize(before);
        JobRecord job = saved.get("j1");
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.error()).contains("map-1 failed 1 time(s)").contains("in/part-1.gz");
        assertThat(aborted).containsExactly("j1");
    }

    @Test
    void aSilentTaskIsPublishedAgainAsTheNextAttempt() {
        submit(spec("j1", 1, 1));
        TaskMessage map = published.get(0);
        event(new WorkerEvent.TaskStarted("j1", Phase.MAP, 0, 1, "w-hung", clock.instant()));
        clock.advance(TIMEOUT.minusSeconds(1));
        scheduler.sweep();
        scheduler.flush();
        assertThat(published).hasSize(1);

        clock.advance(Duration.ofSeconds(2));
        scheduler.sweep();
        scheduler.flush();
        assertThat(published).hasSize(2);
        assertThat(published.get(1)).isEqualTo(((MapTask) map).withAttempt(2));
    }

    @Test
    void aTaskThatKeepsLosingItsWorkerFailsTheJobAsPoisonWhileOtherJobsCarryOn() {
        submit(spec("poison", 1, 1));
        submit(spec("fine", 40, 1));
        // The fleet is healthy: forty runs of other tasks end well.
        for (TaskMessage m : publishedOf("fine", Phase.MAP)) runToCompletion(m, "w-9");
        int starts = 0;
        while (saved.get("poison").state() != JobState.FAILED) {
            event(new WorkerEvent.TaskStarted("poison", Phase.MAP, 0, 1, "w-" + (++starts), clock.instant()));
            assertThat(starts).as("starts before the poison task was condemned").isLessThanOrEqualTo(16);
        }
        // Against a healthy fleet, little more than maxAttempts (3) lost runs condemn it.
        assertThat(starts - 1).as("lost runs").isBetween(3, 4);
        JobRecord job = saved.get("poison");
        assertThat(job.error()).contains("poison").contains("the rest of the fleet lost 0 of 40 runs");
        assertThat(aborted).containsExactly("poison");

        runToCompletion(publishedOf("fine", Phase.REDUCE).get(0), "w-9");
        assertThat(saved.get("fine").state()).isEqualTo(JobState.SUCCEEDED);
    }

    /** A full disk fails the job whose record cannot be saved, never the coordinator; the record is saved later. */
    @Test
    void aRecordThatCannotBeSavedFailsItsJobWhichIsSavedOnceSpaceIsBack() {
        submit(spec("j1", 2, 1));
        runToCompletion(publishedOf("j1", Phase.MAP).get(0), "w-1");
        int publishedBefore = published.size();
        store.failSaves(new java.io.UncheckedIOException("cannot save job j1 under .warren/jobs/j1: No space left on device",
                new java.io.IOException("No space left on device")));
        runToCompletion(publishedOf("j1", Phase.MAP).get(1), "w-1");

        assertThat(published).as("no task of a job whose state could not be saved goes out").hasSize(publishedBefore);
        assertThat(aborted).containsExactly("j1");
        assertThat(updates.get(updates.size() - 1).state()).isEqualTo(JobState.FAILED);
        assertThat(updates.get(updates.size() - 1).message()).contains("cannot save the job's record")
                .contains("No space left on device").contains(".warren/jobs/j1");
        assertThat(saved.get("j1").state()).as("the last record saved").isEqualTo(JobState.MAPPING);

        clock.advance(Duration.ofSeconds(2));
        scheduler.flush();
        assertThat(store.failedSaves()).as("saves tried again").isGreaterThan(2);
        store.failSaves(null);
        clock.advance(Duration.ofSeconds(2));
        scheduler.flush();
        assertThat(saved.get("j1").state()).isEqualTo(JobState.FAILED);
        assertThat(saved.get("j1").error()).contains("No space left on device");

        // The coordinator goes on: a new job runs to the end.
        submit(spec("j2", 1, 1));
        runToCompletion(publishedOf("j2", Phase.MAP).get(0), "w-1");
        runToCompletion(publishedOf("j2", Phase.REDUCE).get(0), "w-1");
        assertThat(saved.get("j2").state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void anOutputThatCannotBeFinishedFailsTheJobWithTheReason() {
        submit(spec("j1", 1, 1));
        runToCompletion(publishedOf("j1", Phase.MAP).get(0), "w-1");
        failCommits = new java.io.UncheckedIOException("cannot commit job j1 in out/j1",
                new java.io.IOException("No space left on device"));
        runToCompletion(publishedOf("j1", Phase.REDUCE).get(0), "w-1");
        assertThat(saved.get("j1").state()).isEqualTo(JobState.FAILED);
        assertThat(saved.get("j1").error()).contains("out/j1").contains("No space left on device");
        assertThat(aborted).containsExactly("j1");
    }

    /** The chaos that failed good jobs: workers die whatever they run, so every task loses runs now and then. */
    @Test
    void aTaskThatLosesRunsNoMoreThanTheRestOfTheFleetIsNeverCondemned() {
        submit(spec("chaos", 60, 1));
        List<TaskMessage> maps = publishedOf("chaos", Phase.MAP);
        // Half of every other task's first runs die; task 0 is unlucky and loses ten runs in a row.
        for (int n = 1; n < maps.size(); n++) {
            TaskMessage m = maps.get(n);
            if (n % 2 == 0) event(new WorkerEvent.TaskStarted("chaos", Phase.MAP, n, 1, "w-dead-" + n, clock.instant()));
            runToCompletion(m, "w-" + n);
        }
        for (int w = 0; w <= 10; w++) {
            event(new WorkerEvent.TaskStarted("chaos", Phase.MAP, 0, 1, "w-unlucky-" + w, clock.instant()));
        }
        assertThat(saved.get("chaos").state()).isEqualTo(JobState.MAPPING);
        runToCompletion(maps.get(0), "w-lucky");
        runToCompletion(publishedOf("chaos", Phase.REDUCE).get(0), "w-1");
        assertThat(saved.get("chaos").state()).isEqualTo(JobState.SUCCEEDED);
    }

    /** Workers that die running nothing are deaths no task caused: they too say the fleet is losing workers. */
    @Test
    void workersDyingIdleSpeakForATaskThatLosesRuns() {
        submit(spec("j1", 20, 1));
        List<TaskMessage> maps = publishedOf("j1", Phase.MAP);
        for (int n = 1; n < maps.size(); n++) runToCompletion(maps.get(n), "w-" + n);
        List<String> idle = new ArrayList<>();
        for (int i = 0; i < 25; i++) idle.add("w-idle-" + i);
        scheduler.workersDied(idle);
        for (int w = 0; w <= 6; w++) {
            event(new WorkerEvent.TaskStarted("j1", Phase.MAP, 0, 1, "w-x" + w, clock.instant()));
        }
        assertThat(saved.get("j1").state()).isEqualTo(JobState.MAPPING);
    }

    /** A worker whose last beacon said idle but that died with a task's run is that run's death, not the fleet's. */
    @Test
    void aWorkerKilledByATaskBeforeItsBeaconToldOfItIsNotAnIdleDeath() {
        submit(spec("j1", 41, 1));
        List<TaskMessage> maps = publishedOf("j1", Phase.MAP);
        for (int n = 1; n < maps.size(); n++) runToCompletion(maps.get(n), "w-" + n);
        List<String> victims = new ArrayList<>();
        int starts = 0;
        while (saved.get("j1").state() != JobState.FAILED && starts < 30) {
            String w = "w-victim-" + starts++;
            event(new WorkerEvent.TaskStarted("j1", Phase.MAP, 0, 1, w, clock.instant()));
            victims.add(w);
            scheduler.workersDied(List.of(victims.get(victims.size() - 1)));
        }
        assertThat(starts - 1).as("lost runs before the task was condemned, as if no worker had died idle").isEqualTo(4);
    }

    /** A restarted coordinator reads the fleet's recent runs from the record, not from a blank slate. */
    @Test
    void aResumedCoordinatorRemembersTheFleetsHealthFromTheRecord() {
        submit(spec("j1", 41, 1));
        List<TaskMessage> maps = publishedOf("j1", Phase.MAP);
        for (int n = 1; n < maps.size(); n++) runToCompletion(maps.get(n), "w-" + n);
        for (int w = 0; w <= 2; w++) {
            event(new WorkerEvent.TaskStarted("j1", Phase.MAP, 0, 1, "w-victim-" + w, clock.instant()));
        }
        TaskScheduler restarted = new TaskScheduler(SETTINGS, clock, planner,
                published::addAll, store, committer, updates::add, answers::add);
        restarted.resume(List.of(saved.get("j1")), Map.of(), Job::restore);
        restarted.flush();
        // With no memory of the forty good runs, the fleet's rate would be unknown, and only the cap would condemn.
        for (int w = 3; w <= 5; w++) {
            restarted.on(new WorkerEvent.TaskStarted("j1", Phase.MAP, 0, 1, "w-victim-" + w, clock.instant()));
            restarted.flush();
        }
        assertThat(saved.get("j1").state()).isEqualTo(JobState.FAILED);
        assertThat(saved.get("j1").error()).contains("poison");
    }



    @Test
    void aStragglerNearTheEndOfAPhaseGetsABackupAndTheFirstToFinishWins() {
        TaskScheduler speculative = new TaskScheduler(
                TaskScheduler.Settings.of(TIMEOUT, 3, new BackupPolicy(true, 2.0, Duration.ofSeconds(1))), clock,
                planner, published::addAll, store, committer, updates::add, answers::add);
        speculative.submit(spec("s", 4, 1));
        speculative.flush();
        for (TaskMessage t : List.copyOf(published)) {
            speculative.on(new WorkerEvent.TaskStarted("s", Phase.MAP, t.taskNumber(), 1, "w-" + t.taskNumber(), clock.instant()));
        }
        clock.advance(Duration.ofSeconds(2));
        for (int n = 0; n < 3; n++) {
            speculative.on(new WorkerEvent.TaskCompleted("s", Phase.MAP, n, 1, "w-" + n, clock.instant()));
        }
        speculative.sweep();
        speculative.flush();
        assertThat(published).hasSize(4).as("not slow enough yet");

        clock.advance(Duration.ofSeconds(3));
        speculative.on(new WorkerEvent.TaskHeartbeat("s", Phase.MAP, 3, 1, "w-3", clock.instant()));
        speculative.sweep();
        speculative.flush();
        assertThat(published).hasSize(5);
        TaskMessage backup = published.get(4);
        assertThat(backup.taskNumber()).isEqualTo(3);
        assertThat(backup.attempt()).isEqualTo(2);
        assertThat(saved.get("s").maps().get(3).backups()).isEqualTo(1);

        speculative.on(new WorkerEvent.TaskStarted("s", Phase.MAP, 3, 2, "w-fast", clock.instant()));
        speculative.on(new WorkerEvent.TaskCompleted("s", Phase.MAP, 3, 2, "w-fast", clock.instant()));
        speculative.on(new WorkerEvent.TaskCompleted("s", Phase.MAP, 3, 1, "w-3", clock.instant()));
        speculative.flush();
        assertThat(saved.get("s").maps().get(3).winner()).isEqualTo("w-fast");
        assertThat(publishedOf("s", Phase.REDUCE)).singleElement()
                .satisfies(r -> assertThat(((ReduceTask) r).mapWorkers()).containsExactly("w-0", "w-1", "w-2", "w-fast"));
    }

    @Test
    void cancellingAJobDropsItsPendingTasksAndAbortsItsFiles() {
        submit(spec("c", 2, 1));
        assertThat(scheduler.cancel("c", "changed my mind")).isTrue();
        scheduler.flush();
        assertThat(saved.get("c").state()).isEqualTo(JobState.CANCELLED);
        assertThat(saved.get("c").error()).isEqualTo("changed my mind");
        assertThat(aborted).containsExactly("c");
        runToCompletion(published.get(0), "w-late");
        assertThat(saved.get("c").state()).isEqualTo(JobState.CANCELLED);
        assertThat(scheduler.cancel("c", "again")).isFalse();
    }

    @Test
    void aCancelThatComesInTheSameBatchAsTheLastCompletionLeavesTheSucceededJobAlone() {
        submit(spec("late", 1, 1));
        runToCompletion(publishedOf("late", Phase.MAP).get(0), "w-a");
        TaskMessage reduce = publishedOf("late", Phase.REDUCE).get(0);
        event(new WorkerEvent.TaskStarted("late", Phase.REDUCE, 0, reduce.attempt(), "w-a", clock.instant()));

        scheduler.on(new WorkerEvent.TaskCompleted("late", Phase.REDUCE, 0, reduce.attempt(), "w-a", clock.instant()));
        assertThat(scheduler.cancel("late", "too late")).isFalse();
        scheduler.flush();

        assertThat(saved.get("late").state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(committed).containsExactly("late");
        assertThat(aborted).isEmpty();
    }

    private TaskScheduler restartFrom(JobRecord record) {
        published.clear();
        TaskScheduler restarted = new TaskScheduler(SETTINGS, clock, planner,
                published::addAll, store, committer, updates::add, answers::add);
        restarted.resume(List.of(record), Map.of(), Job::restore);
        return restarted;
    }

    @Test
    void aResumedJobLeavesTheTasksTheBrokerConfirmedOnTheQueueAndGivesRunningOnesAFreshDeadline() {
        submit(spec("j1", 2, 1));
        event(new WorkerEvent.TaskStarted("j1", Phase.MAP, 0, 1, "w-a", clock.instant()));
        JobRecord before = saved.get("j1"); // saved after the publish of both maps was confirmed
        assertThat(before.maps()).extracting(TaskRecord::confirmedAttempt).containsExactly(1, 1);
        clock.advance(TIMEOUT.multipliedBy(3));

        TaskScheduler restarted = restartFrom(before);
        restarted.sweep();
        restarted.flush();
        assertThat(published).isEmpty(); // map 1 waits on the queue; map 0's run has a fresh deadline
        clock.advance(TIMEOUT.plusSeconds(1));
        restarted.sweep();
        restarted.flush();
        assertThat(published).singleElement().satisfies(t -> {
            assertThat(t.taskNumber()).isZero();
            assertThat(t.attempt()).isEqualTo(2);
        });
    }

    @Test
    void aResumedJobSendsAgainTheTasksWhosePublishWasNotConfirmedInItsRecord() {
        submit(spec("j1", 2, 1));
        JobRecord before = saved.get("j1"); // saved before the publish: the coordinator died before the next save
        assertThat(before.maps()).extracting(TaskRecord::confirmedAttempt).containsExactly(0, 0);

        TaskScheduler restarted = restartFrom(before);
        restarted.flush();
        assertThat(published).extracting(TaskMessage::taskNumber, TaskMessage::attempt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 1), org.assertj.core.groups.Tuple.tuple(1, 1));
    }

    @Test
    void aFailedPublishIsNotTakenForAConfirmedOne() {
        TaskScheduler failing = new TaskScheduler(SETTINGS, clock, planner,
                tasks -> { throw new IllegalStateException("broker gone"); }, store, committer, updates::add, answers::add);
        failing.submit(spec("j1", 2, 1));
        assertThatThrownBy(failing::flush).hasMessage("broker gone");

        TaskScheduler restarted = restartFrom(saved.get("j1"));
        restarted.flush();
        assertThat(published).extracting(TaskMessage::taskNumber).containsExactly(0, 1);
    }

    @Test
    void eventsOfUnknownJobsAreIgnored() {
        event(new WorkerEvent.TaskCompleted("nobody", Phase.MAP, 0, 1, "w-a", clock.instant()));
        assertThat(saved).isEmpty();
        assertThat(published).isEmpty();
    }

    @Test
    void twoJobsInFlightNeverMix() {
        submit(spec("a", 1, 1));
        submit(spec("b", 1, 1));
        runToCompletion(publishedOf("a", Phase.MAP).get(0), "w-1");
        assertThat(publishedOf("a", Phase.REDUCE)).hasSize(1);
        assertThat(publishedOf("b", Phase.REDUCE)).isEmpty();
        assertThat(saved.get("b").state()).isEqualTo(JobState.MAPPING);
    }

    @Test
    void aReduceThatCannotReadAMapOutputGetsThatMapMadeAgainAndThenRunsWithTheNewWinner() {
        submit(spec("lost", 2, 2));
        runToCompletion(published.get(0), "w-a");
        runToCompletion(published.get(1), "w-b");
        List<TaskMessage> reduces = publishedOf("lost", Phase.REDUCE);
        TaskMessage r0 = reduces.get(0);
        event(new WorkerEvent.TaskStarted("lost", Phase.REDUCE, 0, 1, "w-c", clock.instant()));
        event(new WorkerEvent.TaskFailed("lost", Phase.REDUCE, 0, 1, "w-c", clock.instant(),
                "corrupt intermediate file w-b-1-0: checksum mismatch", "", List.of(1)));

        JobRecord job = saved.get("lost");
        assertThat(job.maps().get(1).state()).isEqualTo(TaskState.DISPATCHED);
        assertThat(job.maps().get(1).attempt()).isEqualTo(2);
        assertThat(job.reduces()).allSatisfy(r -> assertThat(r.state()).isEqualTo(TaskState.PARKED));
        TaskMessage remade = published.get(published.size() - 1);
        assertThat(remade.phase()).isEqualTo(Phase.MAP);
        assertThat(remade.taskNumber()).isEqualTo(1);

        int before = published.size();
        runToCompletion(remade, "w-d");
        List<TaskMessage> again = published.subList(before, published.size());
        assertThat(again).hasSize(2).allSatisfy(t -> {
            assertThat(t.phase()).isEqualTo(Phase.REDUCE);
            assertThat(((ReduceTask) t).mapWorkers()).containsExactly("w-a", "w-d");
            assertThat(t.attempt()).isEqualTo(2);
        });
        assertThat(r0.attempt()).isEqualTo(1);
        for (TaskMessage r : List.copyOf(again)) runToCompletion(r, "w-e");
        assertThat(saved.get("lost").state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void lateReportsOfAParkedReduceAreRecordedAndIgnoredAndItRunsAgainWithTheNewWinners() {
        submit(spec("late", 2, 2));
        runToCompletion(published.get(0), "w-a");
        runToCompletion(published.get(1), "w-b");
        event(new WorkerEvent.TaskStarted("late", Phase.REDUCE, 0, 1, "w-c", clock.instant()));
        event(new WorkerEvent.TaskStarted("late", Phase.REDUCE, 1, 1, "w-d", clock.instant()));
        event(new WorkerEvent.TaskFailed("late", Phase.REDUCE, 1, 1, "w-d", clock.instant(),
                "intermediate file w-b-1-1 is missing", "", List.of(1)));
        TaskMessage remade = published.get(published.size() - 1);

        // Reduce 0 read map 1's old output before it was found lost: its report must not count, nor throw.
        int before = published.size();
        event(new WorkerEvent.TaskCompleted("late", Phase.REDUCE, 0, 1, "w-c", clock.instant()));
        event(new WorkerEvent.TaskStarted("late", Phase.REDUCE, 1, 1, "w-f", clock.instant()));
        event(new WorkerEvent.TaskFailed("late", Phase.REDUCE, 1, 1, "w-f", clock.instant(), "boom", "at Reducer"));
        assertThat(published).hasSize(before);
        JobRecord job = saved.get("late");
        assertThat(job.state()).isEqualTo(JobState.REDUCING);
        assertThat(job.reduces()).allSatisfy(r -> {
            assertThat(r.state()).isEqualTo(TaskState.PARKED);
            assertThat(r.runs()).noneMatch(TaskRun::isOpen);
        });
        assertThat(job.reduces().get(0).runs()).last().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(TaskRun.Outcome.SUPERSEDED);
            assertThat(r.error()).contains("parked");
        });
        assertThat(job.reduces().get(0).winner()).isNull();
        assertThat(committed).isEmpty();

        runToCompletion(remade, "w-e");
        List<TaskMessage> again = published.subList(before, published.size());
        assertThat(again).hasSize(2).allSatisfy(t -> {
            assertThat(t.phase()).isEqualTo(Phase.REDUCE);
            assertThat(((ReduceTask) t).mapWorkers()).containsExactly("w-a", "w-e");
        });
        for (TaskMessage r : List.copyOf(again)) runToCompletion(r, "w-g");
        assertThat(saved.get("late").state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(saved.get("late").reduces()).extracting(TaskRecord::winner).containsExactly("w-g", "w-g");
    }

    @Test
    void aLostOutputReportNamingMapsTheJobDoesNotHaveRemakesOnlyThoseItHas() {
        submit(spec("odd", 2, 1));
        runToCompletion(published.get(0), "w-a");
        runToCompletion(published.get(1), "w-b");
        event(new WorkerEvent.TaskStarted("odd", Phase.REDUCE, 0, 1, "w-c", clock.instant()));
        event(new WorkerEvent.TaskFailed("odd", Phase.REDUCE, 0, 1, "w-c", clock.instant(),
                "intermediate files missing", "", List.of(-1, 1, 7)));
        JobRecord job = saved.get("odd");
        assertThat(job.maps()).extracting(TaskRecord::state).containsExactly(TaskState.SUCCEEDED, TaskState.DISPATCHED);
        assertThat(job.reduces().get(0).state()).isEqualTo(TaskState.PARKED);
        assertThat(published.get(published.size() - 1)).satisfies(t -> {
            assertThat(t.phase()).isEqualTo(Phase.MAP);
            assertThat(t.taskNumber()).isEqualTo(1);
        });
    }

    @Test
    void theJobsCountersSumTheWinningRunOfEachTaskOnly() {
        submit(spec("count", 1, 1));
        TaskMessage map = published.get(0);
        event(new WorkerEvent.TaskStarted("count", Phase.MAP, 0, 1, "w-a", clock.instant()));
        event(new WorkerEvent.TaskCompleted("count", Phase.MAP, 0, 1, "w-a", clock.instant(), Map.of("map.input.records", 10L)));
        event(new WorkerEvent.TaskCompleted("count", Phase.MAP, 0, 1, "w-b", clock.instant(), Map.of("map.input.records", 10L)));
        TaskMessage reduce = publishedOf("count", Phase.REDUCE).get(0);
        event(new WorkerEvent.TaskCompleted("count", Phase.REDUCE, 0, 1, "w-c", clock.instant(),
                Map.of("reduce.output.records", 3L, "my.counter", 2L)));
        assertThat(map.attempt()).isEqualTo(1);
        assertThat(reduce.attempt()).isEqualTo(1);
        assertThat(saved.get("count").counters()).containsExactlyInAnyOrderEntriesOf(
                Map.of("map.input.records", 10L, "reduce.output.records", 3L, "my.counter", 2L));
    }

    @Test
    void aJobsPriorityGoesOnEveryOneOfItsTasks() {
        submit(spec("j1", 2, 1).withPriority(7));
        runToCompletion(published.get(0), "w-a");
        runToCompletion(published.get(1), "w-a");
        assertThat(published).hasSize(3).extracting(TaskMessage::priority).containsOnly(7);
        submit(spec("j2", 1, 1));
        assertThat(publishedOf("j2", Phase.MAP)).extracting(TaskMessage::priority).containsExactly(0);
    }

    @Test
    void listenersHearOfAttemptsFailuresSuccessesAndTheEnd() {
        List<String> heard = new ArrayList<>();
        SchedulerListener listener = new SchedulerListener() {
            @Override
            public void attemptsPublished(Phase phase, int count) {
                heard.add("published " + phase.wireName() + " " + count);
            }

            @Override
            public void attemptFailed(AttemptFailure f) {
                heard.add(f.kind() + " " + f.taskId() + "#" + f.attempt() + " on " + f.worker() + ": " + f.reason());
            }

            @Override
            public void taskSucceeded(Phase phase, Duration took, Map<String, Long> counters) {
                heard.add("succeeded " + phase.wireName() + " in " + took.toSeconds() + "s " + counters);
            }

            @Override
            public void jobFinished(JobState state, Duration took) {
                heard.add("job " + state + " after " + took.toSeconds() + "s");
            }
        };
        TaskScheduler observed = new TaskScheduler(SETTINGS, clock, planner,
                published::addAll, store, committer, updates::add, answers::add, listener);
        observed.submit(spec("j1", 1, 1));
        observed.flush();
        TaskMessage map = published.get(0);
        observed.on(new WorkerEvent.TaskStarted("j1", Phase.MAP, 0, 1, "w-a", clock.instant()));
        observed.on(new WorkerEvent.TaskFailed("j1", Phase.MAP, 0, 1, "w-a", clock.instant(), "boom", ""));
        observed.flush();
        observed.on(new WorkerEvent.TaskStarted("j1", Phase.MAP, 0, 2, "w-b", clock.instant()));
        clock.advance(TIMEOUT.plusSeconds(1));
        observed.sweep();
        observed.flush();
        observed.on(new WorkerEvent.TaskStarted("j1", Phase.MAP, 0, 3, "w-c", clock.instant()));
        clock.advance(Duration.ofSeconds(2));
        observed.on(new WorkerEvent.TaskCompleted("j1", Phase.MAP, 0, 3, "w-c", clock.instant(),
                Map.of("map.input.bytes", 100L)));
        observed.flush();
        TaskMessage reduce = publishedOf("j1", Phase.REDUCE).get(0);
        observed.on(new WorkerEvent.TaskStarted("j1", Phase.REDUCE, 0, reduce.attempt(), "w-a", clock.instant()));
        observed.on(new WorkerEvent.TaskCompleted("j1", Phase.REDUCE, 0, reduce.attempt(), "w-a", clock.instant()));
        observed.flush();

        assertThat(map.attempt()).isEqualTo(1);
        assertThat(heard).containsExactly("published map 1", "failed map-0#1 on w-a: boom", "published map 1",
                "timed-out map-0#2 on w-b: " + saved.get("j1").maps().get(0).runs().get(1).error(), "published map 1",
                "succeeded map in 2s {map.input.bytes=100}", "published reduce 1", "succeeded reduce in 0s {}",
                "job SUCCEEDED after 13s");
        assertThat(updates.get(updates.size() - 1).counters()).containsEntry("map.input.bytes", 100L);
    }
}
