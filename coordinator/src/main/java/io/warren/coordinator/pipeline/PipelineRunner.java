package io.warren.coordinator.pipeline;

import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.Term;
import io.warren.protocol.JobIds;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs pipelines: a layer above jobs that submits a pipeline's steps one at a time, each as an ordinary job, and
 * starts the next when one succeeds. It knows nothing of tasks; it hears how a step's job does from the job's progress
 * updates ({@link #onJobUpdate}), and acts on the ends it heard of in {@link #advance}, after the scheduler has saved
 * them. Driven by the coordinator's one thread.
 * <p>
 * Crash safety: the pipeline's record names the step it is in (and its job id) before that job is submitted, and the
 * job is on record before the submission is acknowledged. A coordinator that takes over finds the step's job running
 * (the scheduler resumes it), ended (the pipeline moves on as if it had just heard) or not on record (it is submitted
 * again). A finished step is never submitted again: the record moves past it before the next one starts.
 */
public final class PipelineRunner {
    private static final Logger log = LoggerFactory.getLogger(PipelineRunner.class);

    /** An id that is taken by another pipeline or job. */
    public static final class DuplicateId extends RuntimeException {
        public DuplicateId(String id) {
            super("id " + id + " is already taken by another job or pipeline; choose a new id or leave it out");
        }
    }

    private final PipelineStore store;
    private final StepJobs jobs;
    private final Clock clock;
    private final Consumer<JobUpdate> progress;
    private final PipelineAdmission admission;
    private final Map<String, PipelineRecord> active = new LinkedHashMap<>();
    /** The job id of each active pipeline's current step, to the pipeline's id. */
    private final Map<String, String> byStepJob = new HashMap<>();
    /** The ends of current steps heard since the last {@link #advance}. */
    private final List<JobUpdate> ended = new ArrayList<>();

    public PipelineRunner(PipelineStore store, StepJobs jobs, Clock clock, Consumer<JobUpdate> progress) {
        this.store = store;
        this.jobs = jobs;
        this.clock = clock;
        this.progress = progress;
        this.admission = new PipelineAdmission(store, jobs, progress);
    }

    /**
     * Accepts a pipeline spec: checks it, saves its record and submits its first step, or saves it as failed with the
     * reason. A spec already accepted (the broker redelivered it) is ignored.
     *
     * @return the pipeline's id
     * @throws DuplicateId if the id belongs to a different pipeline or to a job
     */
    public String submit(JobSpec submitted) {
        Instant now = clock.instant();
        JobSpec spec = submitted.jobId() == null ? submitted.withJobId(JobIds.generate(clock)) : submitted;
        admission.admit(spec, Optional.ofNullable(active.get(spec.jobId())), now)
                .ifPresent(pipeline -> start(pipeline, 0, now));
        return spec.jobId();
    }

    /** Moves the pipeline to step {@code index}: saves that, then submits the step's job. */
    private void start(PipelineRecord pipeline, int index, Instant now) {
        StepRecord step = pipeline.steps().get(index).started(now);
        PipelineRecord moved = pipeline.withStep(index, step);
        store.save(moved);
        track(moved);
        log.info("pipeline={} step {} of {}: {} starts as job={}", moved.pipelineId(), index + 1, moved.steps().size(),
                step.name(), step.jobId());
        publish(moved, JobState.MAPPING, 0, 0, 0, 0, Map.of(), "step " + step.name() + " started", now);
        submitStep(moved, index);
    }

    private void submitStep(PipelineRecord pipeline, int index) {
        try {
            jobs.submit(StepJobSpecs.of(pipeline, index));
        } catch (Term.Superseded deposed) {
            throw deposed; // another coordinator goes on with this pipeline
        } catch (RuntimeException e) {
            // The step's job id is taken by a job of someone else's: this pipeline cannot go on.
            String name = pipeline.steps().get(index).name();
            end(pipeline, PipelineState.FAILED, "step " + name + " could not be submitted: " + e.getMessage(),
                    JobState.FAILED, e.getMessage(), clock.instant());
        }
    }

    private void track(PipelineRecord pipeline) {
        PipelineRecord before = active.put(pipeline.pipelineId(), pipeline);
        if (before != null) byStepJob.remove(before.currentStep().jobId());
        if (!pipeline.state().isTerminal()) byStepJob.put(pipeline.currentStep().jobId(), pipeline.pipelineId());
    }

    /**
     * Hears a job's progress: a pipeline's current step's update is passed on as the pipeline's, and its end is kept
     * for {@link #advance}. Called as the scheduler flushes, after the job was saved; it must not submit anything here.
     */
    public void onJobUpdate(JobUpdate update) {
        String pipelineId = byStepJob.get(update.jobId());
        if (pipelineId == null || update.step() != null) return;
        PipelineRecord pipeline = active.get(pipelineId);
        if (update.state().isTerminal()) {
            ended.add(update);
            return;
        }
        StepRecord step = pipeline.currentStep();
        if (step.state() != update.state()) {
            pipeline = pipeline.withStep(pipeline.current(), step.heard(update.state()));
            active.put(pipelineId, pipeline); // kept in memory only: a resumed step's job says its state itself
        }
        progress.accept(update.asStep(pipelineId, stepOf(pipeline, pipeline.current(), update.state()),
                update.state(), update.message()));
    }

    /**
     * Acts on the steps that ended since the last call: starts the next step, or ends the pipeline. Call it after each
     * flush of the scheduler, and flush again if it returns true (it submitted or ended something).
     */
    public boolean advance() {
        if (ended.isEmpty()) return false;
        List<JobUpdate> ends = List.copyOf(ended);
        ended.clear();
        Instant now = clock.instant();
        for (JobUpdate end : ends) {
            String pipelineId = byStepJob.get(end.jobId());
            if (pipelineId == null) continue; // the pipeline ended meanwhile (cancelled), or a duplicate end
            stepEnded(active.get(pipelineId), end, now);
        }
        return true;
    }

    private void stepEnded(PipelineRecord pipeline, JobUpdate end, Instant now) {
        int index = pipeline.current();
        StepRecord step = pipeline.currentStep();
        Optional<JobRecord> job = jobs.job(step.jobId());
        String reason = job.map(JobRecord::error).orElse(end.message());
        Duration took = Duration.between(step.startedAt(), now);
        if (end.state() == JobState.SUCCEEDED) {
            PipelineRecord done = pipeline.withStep(index, step.ended(JobState.SUCCEEDED, null, now));
            log.info("pipeline={} step {} of {}: {} succeeded in {} ms", pipeline.pipelineId(), index + 1,
                    pipeline.steps().size(), step.name(), took.toMillis());
            if (index + 1 < done.steps().size()) {
                progress.accept(end.asStep(pipeline.pipelineId(), stepOf(done, index, JobState.SUCCEEDED),
                        JobState.REDUCING, "step " + step.name() + " succeeded"));
                start(done, index + 1, now);
            } else {
                if (!done.spec().keepsIntermediate()) store.deleteIntermediate(done.pipelineId());
                finish(done.ended(PipelineState.SUCCEEDED, null, now), end, null);
            }
            return;
        }
        String why = reason == null || reason.isBlank() ? end.state().name().toLowerCase(Locale.ROOT) : reason;
        PipelineState state = end.state() == JobState.CANCELLED ? PipelineState.CANCELLED : PipelineState.FAILED;
        String verb = state == PipelineState.CANCELLED ? " was cancelled: " : " failed: ";
        end(pipeline, state, "step " + step.name() + verb + why, end.state(), why, now);
    }

    /** Ends the pipeline in its current step, which ended as {@code stepEnd} for {@code stepReason}. */
    private void end(PipelineRecord pipeline, PipelineState state, String reason, JobState stepEnd, String stepReason,
                     Instant now) {
        StepRecord step = pipeline.currentStep();
        PipelineRecord ended = pipeline.withStep(pipeline.current(), step.ended(stepEnd, stepReason, now))
                .ended(state, reason, now);
        log.info("pipeline={} {}: {}", pipeline.pipelineId(), state.name().toLowerCase(Locale.ROOT), reason);
        if (state == PipelineState.CANCELLED) store.deleteIntermediate(pipeline.pipelineId());
        finish(ended, null, reason);
    }

    private void finish(PipelineRecord ended, JobUpdate last, String reason) {
        store.save(ended);
        byStepJob.remove(ended.currentStep().jobId());
        active.remove(ended.pipelineId());
        String message = ended.state() == PipelineState.SUCCEEDED ? "succeeded" : reason;
        if (ended.state() == PipelineState.FAILED) message = "failed: " + reason;
        if (ended.state() == PipelineState.CANCELLED) message = "cancelled: " + reason;
        JobState state = ended.state().asJobState();
        StepRecord step = ended.currentStep();
        if (last != null) {
            progress.accept(last.asStep(ended.pipelineId(), stepOf(ended, ended.current(), step.state()), state, message));
        } else {
            publish(ended, state, 0, 0, 0, 0, Map.of(), message, ended.finishedAt());
        }
    }

    private void publish(PipelineRecord p, JobState state, int mapsDone, int maps, int reducesDone, int reduces,
                         Map<String, Long> counters, String message, Instant at) {
        progress.accept(new JobUpdate(p.pipelineId(), state, mapsDone, maps, reducesDone, reduces, message, at, counters,
                stepOf(p, p.current(), p.currentStep().state())));
    }

    private static JobUpdate.Step stepOf(PipelineRecord p, int index, JobState state) {
        return new JobUpdate.Step(p.steps().get(index).name(), index + 1, p.steps().size(), state);
    }

    /**
     * Cancels a running pipeline: its current step's job is cancelled (its files deleted), and so are the outputs of
     * the steps before it that live in the pipeline's directory. A step before the last whose job ended in this same
     * batch starts no next step.
     *
     * @return false if there is no such running pipeline, or if its last step's job ended in this batch (its end
     * stands and becomes the pipeline's)
     */
    public boolean cancel(String pipelineId, String reason) {
        PipelineRecord pipeline = active.get(pipelineId);
        if (pipeline == null) return false;
        boolean stepCancelled = jobs.cancel(pipeline.currentStep().jobId(), reason);
        if (!stepCancelled && pipeline.current() == pipeline.steps().size() - 1) {
            // The last step's job ended in this very batch: as for a job, its end stands, and is the pipeline's.
            return false;
        }
        end(pipeline, PipelineState.CANCELLED, reason, JobState.CANCELLED, reason, clock.instant());
        return true;
    }

    /** Whether this id names a pipeline on record, running or ended. */
    public Optional<PipelineRecord> find(String pipelineId) {
        PipelineRecord live = active.get(pipelineId);
        return live != null ? Optional.of(live) : store.load(pipelineId);
    }

    /**
     * Takes over the pipelines a previous coordinator left running. Call it after the scheduler has resumed the
     * unfinished jobs, and {@link #advance} after that: each pipeline goes on in the step it was in.
     */
    public void resume(List<PipelineRecord> records) {
        for (PipelineRecord pipeline : records) {
            if (pipeline.state() == PipelineState.CANCELLED && !pipeline.refused()) {
                // Cancelled, and the crash came before its step's job was: that job must not run on by itself.
                jobs.job(pipeline.currentStep().jobId()).filter(j -> !j.state().isTerminal())
                        .ifPresent(j -> jobs.cancel(j.jobId(), pipeline.error()));
            }
            if (pipeline.state().isTerminal() || active.containsKey(pipeline.pipelineId())) continue;
            track(pipeline);
            StepRecord step = pipeline.currentStep();
            Optional<JobRecord> job = jobs.job(step.jobId());
            log.info("pipeline={} resumed in step {} of {}: {} (job={} {})", pipeline.pipelineId(), pipeline.current() + 1,
                    pipeline.steps().size(), step.name(), step.jobId(),
                    job.map(j -> j.state().name()).orElse("not on record yet"));
            if (job.isEmpty()) {
                submitStep(pipeline, pipeline.current());
            } else if (job.get().state().isTerminal()) {
                JobRecord j = job.get();
                ended.add(new JobUpdate(j.jobId(), j.state(), (int) j.mapsDone(), j.maps().size(), (int) j.reducesDone(),
                        j.reduces().size(), j.error(), clock.instant(), j.counters()));
            }
        }
    }

    /** Whether the id belongs to a running pipeline. */
    public boolean isRunning(String pipelineId) {
        return active.containsKey(pipelineId);
    }
}
