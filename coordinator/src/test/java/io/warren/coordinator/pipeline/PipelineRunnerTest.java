package io.warren.coordinator.pipeline;

import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.MutableClock;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.PipelineStep;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pipeline layer, driven through fakes of the job scheduling below it and of its store. */
class PipelineRunnerTest {
    private final MutableClock clock = new MutableClock();
    private final MemoryStore store = new MemoryStore();
    private final FakeJobs jobs = new FakeJobs();
    private final List<JobUpdate> updates = new ArrayList<>();
    private PipelineRunner runner = new PipelineRunner(store, jobs, clock, updates::add);

    private static JobSpec countThenTop(String id, boolean keep) {
        return JobSpec.pipeline(id, List.of(
                new PipelineStep("count", JobSpec.of(null, "wordcount", null, List.of("books/*.txt"), null, 4, Map.of())),
                new PipelineStep("top", JobSpec.of(null, "topcount", null, List.of("@count", "extra.txt"), "out/top", 1,
                        Map.of("n", "20")))), keep).withPriority(5);
    }

    /** The scheduler's side: the step's job ends, its update is heard during the flush, and the pipeline acts after. */
    private void jobEnds(String jobId, JobState state, String error) {
        jobs.records.put(jobId, record(jobs.submitted.get(jobId), state, error));
        runner.onJobUpdate(new JobUpdate(jobId, state, 2, 2, 1, 1, error == null ? "" : "failed: " + error,
                clock.instant()));
        clock.advance(Duration.ofSeconds(1));
        assertThat(runner.advance()).isTrue();
    }

    private static JobRecord record(JobSpec spec, JobState state, String error) {
        return new JobRecord(spec.jobId(), spec, state, null, null, error, null, null, null, null);
    }

    @Test
    void stepsRunOneAfterTheOtherEachReadingTheOutputOfTheStepItNames() {
        runner.submit(countThenTop("p1", false));

        JobSpec count = jobs.submitted.get("p1.count");
        assertThat(jobs.submitted).containsOnlyKeys("p1.count");
        assertThat(count.output()).isEqualTo(".warren/pipelines/p1/steps/count");
        assertThat(count.inputs()).containsExactly("books/*.txt");
        assertThat(count.priority()).isEqualTo(5);
        assertThat(store.load("p1").orElseThrow().currentStep().name()).isEqualTo("count");

        runner.onJobUpdate(new JobUpdate("p1.count", JobState.REDUCING, 2, 2, 0, 4, "map phase done", clock.instant()));
        assertThat(updates.get(updates.size() - 1).step()).isEqualTo(new JobUpdate.Step("count", 1, 2, JobState.REDUCING));
        assertThat(runner.advance()).isFalse();

        jobEnds("p1.count", JobState.SUCCEEDED, null);
        JobSpec top = jobs.submitted.get("p1.top");
        assertThat(top.inputs()).containsExactly(".warren/pipelines/p1/steps/count", "extra.txt");
        assertThat(top.output()).isEqualTo("out/top");
        assertThat(top.params()).containsEntry("n", "20");
        assertThat(store.load("p1").orElseThrow().steps()).extracting(StepRecord::state)
                .containsExactly(JobState.SUCCEEDED, JobState.MAPPING);
        assertThat(store.deletedIntermediate).isEmpty();

        jobEnds("p1.top", JobState.SUCCEEDED, null);
        PipelineRecord done = store.load("p1").orElseThrow();
        assertThat(done.state()).isEqualTo(PipelineState.SUCCEEDED);
        assertThat(done.finishedAt()).isNotNull();
        assertThat(store.deletedIntermediate).containsExactly("p1");
        assertThat(updates).filteredOn(u -> u.state().isTerminal()).singleElement()
                .satisfies(u -> assertThat(u.step()).isEqualTo(new JobUpdate.Step("top", 2, 2, JobState.SUCCEEDED)));
        assertThat(updates).allMatch(u -> u.jobId().equals("p1"));
        assertThat(runner.isRunning("p1")).isFalse();
    }

    /** A step may be a streaming job: its commands and shipped files reach the step's job as they were written. */
    @Test
    void aStreamingStepRunsAsAStreamingJob() {
        io.warren.protocol.Streaming commands = new io.warren.protocol.Streaming("python3 map.py", "python3 reduce.py",
                null, List.of(new io.warren.protocol.Streaming.ShippedFile("map.py", "cHJpbnQoKQo=", false)));
        runner.submit(JobSpec.pipeline("p1", List.of(
                new PipelineStep("count", JobSpec.of(null, null, null, List.of("books/*.txt"), null, 4, Map.of())
                        .withStreaming(commands)),
                new PipelineStep("top", JobSpec.of(null, "topcount", null, List.of("@count"), "out/top", 1, Map.of()))),
                false));

        JobSpec count = jobs.submitted.get("p1.count");
        assertThat(count.streaming()).isEqualTo(commands);
        assertThat(count.appName()).isEqualTo(io.warren.protocol.Streaming.APP);
        assertThat(count.output()).isEqualTo(".warren/pipelines/p1/steps/count");
    }

    @Test
    void aSettingKeepsTheIntermediateOutputs() {
        runner.submit(countThenTop("p1", true));
        jobEnds("p1.count", JobState.SUCCEEDED, null);
        jobEnds("p1.top", JobState.SUCCEEDED, null);
        assertThat(store.load("p1").orElseThrow().state()).isEqualTo(PipelineState.SUCCEEDED);
        assertThat(store.deletedIntermediate).isEmpty();
    }

    @Test
    void aFailingStepFailsThePipelineWithTheStepsReasonAndNothingAfterItRuns() {
        runner.submit(countThenTop("p1", false));
        jobEnds("p1.count", JobState.FAILED, "java.lang.IllegalStateException: disk on fire");

        PipelineRecord failed = store.load("p1").orElseThrow();
        assertThat(failed.state()).isEqualTo(PipelineState.FAILED);
        assertThat(failed.error()).isEqualTo("step count failed: java.lang.IllegalStateException: disk on fire");
        assertThat(failed.steps().get(0).error()).isEqualTo("java.lang.IllegalStateException: disk on fire");
        assertThat(failed.steps().get(1).startedAt()).isNull();
        assertThat(jobs.submitted).containsOnlyKeys("p1.count");
        JobUpdate last = updates.get(updates.size() - 1);
        assertThat(last.state()).isEqualTo(JobState.FAILED);
        assertThat(last.message()).isEqualTo("failed: step count failed: java.lang.IllegalStateException: disk on fire");
    }

    @Test
    void cancelCancelsTheRunningStepAndThePipeline() {
        runner.submit(countThenTop("p1", false));
        jobEnds("p1.count", JobState.SUCCEEDED, null);

        assertThat(runner.cancel("p1", "wrong books")).isTrue();

        assertThat(jobs.cancelled).containsExactly("p1.top");
        PipelineRecord cancelled = store.load("p1").orElseThrow();
        assertThat(cancelled.state()).isEqualTo(PipelineState.CANCELLED);
        assertThat(cancelled.error()).isEqualTo("wrong books");
        assertThat(store.deletedIntermediate).containsExactly("p1");
        assertThat(runner.cancel("p1", "again")).isFalse();
        // The cancelled job's own end, heard at the next flush, changes nothing.
        runner.onJobUpdate(new JobUpdate("p1.top", JobState.CANCELLED, 0, 1, 0, 1, "cancelled", clock.instant()));
        runner.advance();
        assertThat(store.load("p1").orElseThrow()).isEqualTo(cancelled);
    }

    @Test
    void aCancelThatMeetsTheLastStepsJobJustEndedLetsThatEndStand() {
        runner.submit(countThenTop("p1", false));
        jobEnds("p1.count", JobState.SUCCEEDED, null);
        jobs.cancelAnswer = false; // the scheduler: that job ended in this batch

        assertThat(runner.cancel("p1", "too late")).isFalse();

        jobEnds("p1.top", JobState.SUCCEEDED, null);
        assertThat(store.load("p1").orElseThrow().state()).isEqualTo(PipelineState.SUCCEEDED);
    }

    @Test
    void aCancelThatMeetsAnEarlierStepsJobJustEndedStartsNoNextStep() {
        runner.submit(countThenTop("p1", false));
        jobs.cancelAnswer = false;

        assertThat(runner.cancel("p1", "stop")).isTrue();

        runner.onJobUpdate(new JobUpdate("p1.count", JobState.SUCCEEDED, 2, 2, 4, 4, "", clock.instant()));
        runner.advance();
        assertThat(store.load("p1").orElseThrow().state()).isEqualTo(PipelineState.CANCELLED);
        assertThat(jobs.submitted).doesNotContainKey("p1.top");
    }

    @Test
    void aStepCancelledByItselfCancelsThePipeline() {
        runner.submit(countThenTop("p1", false));
        jobEnds("p1.count", JobState.CANCELLED, "by hand");
        assertThat(store.load("p1").orElseThrow().state()).isEqualTo(PipelineState.CANCELLED);
        assertThat(store.load("p1").orElseThrow().error()).isEqualTo("step count was cancelled: by hand");
    }

    @Test
    void aBadPipelineIsRecordedAsFailedWithTheReasonAndNoStepRuns() {
        JobSpec bad = JobSpec.pipeline("bad", List.of(
                new PipelineStep("top", JobSpec.of(null, "topcount", null, List.of("@cuont"), "out/top", 1, Map.of()))), false);
        runner.submit(bad);
        PipelineRecord refused = store.load("bad").orElseThrow();
        assertThat(refused.state()).isEqualTo(PipelineState.FAILED);
        assertThat(refused.refused()).isTrue();
        assertThat(refused.error()).contains("no step named 'cuont'");
        assertThat(jobs.submitted).isEmpty();
        assertThat(updates).singleElement().satisfies(u -> assertThat(u.message()).startsWith("refused: step top reads @cuont"));
    }

    @Test
    void everyStepIsCheckedAtSubmissionSoALaterStepThatCannotRunFailsThePipelineBeforeTheFirstRuns() {
        runner.submit(countThenTop("p1", false));
        assertThat(jobs.checked).containsExactly("p1.count", "p1.top");

        JobSpec late = JobSpec.pipeline("p2", List.of(
                new PipelineStep("count", JobSpec.of(null, "wordcount", null, List.of("books/*.txt"), null, 4, Map.of())),
                new PipelineStep("top", JobSpec.of(null, "nosuchapp", null, List.of("@count"), "out/top", 1, Map.of()))),
                false);
        runner.submit(late);
        assertThat(store.load("p2").orElseThrow().error()).isEqualTo("step top: unknown app 'nosuchapp'");
        assertThat(store.load("p2").orElseThrow().refused()).isTrue();
        assertThat(jobs.submitted).doesNotContainKey("p2.count");
    }

    @Test
    void aRepeatedSubmissionIsIgnoredAndAnotherSpecWithTheSameIdIsRefused() {
        runner.submit(countThenTop("p1", false));
        runner.submit(countThenTop("p1", false));
        assertThat(jobs.submitCount).isEqualTo(1);
        assertThatThrownBy(() -> runner.submit(countThenTop("p1", true))).isInstanceOf(PipelineRunner.DuplicateId.class);
        jobs.records.put("taken", record(JobSpec.of("taken", "wordcount", null, List.of("x"), "o", 1, Map.of()),
                JobState.SUCCEEDED, null));
        assertThatThrownBy(() -> runner.submit(countThenTop("taken", false))).isInstanceOf(PipelineRunner.DuplicateId.class);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(PipelineState.class)
    void aPipelineEndsOnceFromRunningAndNeverMovesAgain(PipelineState end) {
        PipelineRecord running = new PipelineRecord("p", countThenTop("p", false), PipelineState.RUNNING, List.of(), 0,
                clock.instant(), null, null);
        if (end == PipelineState.RUNNING) {
            assertThatThrownBy(() -> running.ended(end, "x", clock.instant())).isInstanceOf(IllegalStateException.class);
            return;
        }
        PipelineRecord ended = running.ended(end, "x", clock.instant());
        assertThat(ended.state()).isEqualTo(end);
        for (PipelineState next : PipelineState.values()) {
            assertThatThrownBy(() -> ended.ended(next, "again", clock.instant()))
                    .hasMessage("pipeline p cannot move from " + end + " to " + next);
        }
    }

    /** A new coordinator: a runner that knows only what the store and the jobs below say. */
    private void restart() {
        jobs.submitted.clear();
        jobs.submitCount = 0;
        runner = new PipelineRunner(store, jobs, clock, updates::add);
        runner.resume(store.loadAll());
    }

    @Test
    void aResumedPipelineGoesOnInTheStepItWasInAndNoFinishedStepRunsAgain() {
        runner.submit(countThenTop("p1", false));
        jobEnds("p1.count", JobState.SUCCEEDED, null);
        JobSpec top = jobs.submitted.get("p1.top");

        // The crash came after the pipeline moved to "top" but before top's job was on record: it is submitted again.
        restart();
        assertThat(jobs.submitted).containsOnlyKeys("p1.top");
        assertThat(jobs.submitted.get("p1.top")).isEqualTo(top);

        // Now top's job is on record and running: the scheduler resumes it, the pipeline only waits for it.
        jobs.records.put("p1.top", record(top, JobState.MAPPING, null));
        restart();
        assertThat(jobs.submitted).isEmpty();
        assertThat(runner.isRunning("p1")).isTrue();

        // It ended while no coordinator was there to hear: the next one finishes the pipeline at once.
        jobs.records.put("p1.top", record(top, JobState.SUCCEEDED, null));
        restart();
        assertThat(runner.advance()).isTrue();
        assertThat(jobs.submitted).isEmpty();
        assertThat(store.load("p1").orElseThrow().state()).isEqualTo(PipelineState.SUCCEEDED);
    }

    @Test
    void aCancelledPipelineWhoseStepWasStillRunningAtTheCrashHasItCancelled() {
        runner.submit(countThenTop("p1", false));
        jobs.records.put("p1.count", record(jobs.submitted.get("p1.count"), JobState.MAPPING, null));
        runner.cancel("p1", "stop");
        jobs.cancelled.clear(); // the scheduler's cancel was lost with the crash
        restart();
        assertThat(jobs.cancelled).containsExactly("p1.count");
        assertThat(runner.isRunning("p1")).isFalse();
    }

    static final class MemoryStore implements PipelineStore {
        final Map<String, PipelineRecord> records = new LinkedHashMap<>();
        final Set<String> deletedIntermediate = new TreeSet<>();

        @Override
        public void save(PipelineRecord pipeline) {
            records.put(pipeline.pipelineId(), io.warren.protocol.Json.read(io.warren.protocol.Json.encode(pipeline),
                    PipelineRecord.class)); // through JSON, as the file store does
        }

        @Override
        public String intermediateOutput(String pipelineId, String step) {
            return ".warren/pipelines/" + pipelineId + "/steps/" + step;
        }

        @Override
        public void deleteIntermediate(String pipelineId) {
            deletedIntermediate.add(pipelineId);
        }

        @Override
        public void delete(String pipelineId) {
            records.remove(pipelineId);
        }

        @Override
        public Optional<PipelineRecord> load(String pipelineId) {
            return Optional.ofNullable(records.get(pipelineId));
        }

        @Override
        public List<PipelineRecord> loadAll() {
            return List.copyOf(records.values());
        }
    }

    static final class FakeJobs implements StepJobs {
        final Map<String, JobSpec> submitted = new LinkedHashMap<>();
        final Map<String, JobRecord> records = new HashMap<>();
        final List<String> cancelled = new ArrayList<>();
        final List<String> checked = new ArrayList<>();
        int submitCount;
        boolean cancelAnswer = true;

        @Override
        public void submit(JobSpec job) {
            submitted.put(job.jobId(), job);
            submitCount++;
        }

        @Override
        public void check(JobSpec job) {
            if ("nosuchapp".equals(job.app())) throw new IllegalArgumentException("unknown app 'nosuchapp'");
            checked.add(job.jobId());
        }

        @Override
        public boolean cancel(String jobId, String reason) {
            cancelled.add(jobId);
            return cancelAnswer;
        }

        @Override
        public Optional<JobRecord> job(String jobId) {
            return Optional.ofNullable(records.get(jobId));
        }
    }
}
