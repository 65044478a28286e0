package io.warren.coordinator.pipeline;

import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.PipelineGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Decides whether a submitted pipeline may run: its id is free of pipelines and jobs (or this very spec was accepted
 * before), its steps form a pipeline, and each step's job would be accepted (checked now rather than after the steps
 * before it have run, perhaps for hours). A pipeline that fails a check is saved as refused, with the reason.
 */
final class PipelineAdmission {
    private static final Logger log = LoggerFactory.getLogger(PipelineAdmission.class);

    private final PipelineStore store;
    private final StepJobs jobs;
    private final Consumer<JobUpdate> progress;

    PipelineAdmission(PipelineStore store, StepJobs jobs, Consumer<JobUpdate> progress) {
        this.store = store;
        this.jobs = jobs;
        this.progress = progress;
    }

    /**
     * @param live the running pipeline of this id, if any
     * @return the pipeline, running and not yet in a step; empty if it was refused (and saved so) or was accepted
     * before
     * @throws PipelineRunner.DuplicateId if the id belongs to a different pipeline or to a job
     */
    Optional<PipelineRecord> admit(JobSpec spec, Optional<PipelineRecord> live, Instant now) {
        String id = spec.jobId();
        Optional<PipelineRecord> existing = live.isPresent() ? live : store.load(id);
        if (existing.isPresent()) {
            if (Objects.equals(existing.get().spec(), spec)) {
                log.info("pipeline={} was already accepted; ignoring the repeated submission", id);
                return Optional.empty();
            }
            throw new PipelineRunner.DuplicateId(id);
        }
        if (jobs.job(id).isPresent()) throw new PipelineRunner.DuplicateId(id);
        List<StepRecord> steps;
        try {
            steps = StepJobSpecs.plan(id, PipelineGraph.of(spec), store);
        } catch (PipelineGraph.InvalidPipeline e) {
            return refuse(spec, e.getMessage(), now);
        }
        PipelineRecord pipeline = new PipelineRecord(id, spec, PipelineState.RUNNING, steps, 0, now, null, null);
        for (int i = 0; i < steps.size(); i++) {
            try {
                jobs.check(StepJobSpecs.of(pipeline, i));
            } catch (RuntimeException e) {
                return refuse(spec, "step " + steps.get(i).name() + ": " + e.getMessage(), now);
            }
        }
        log.info("pipeline={} accepted: steps {}", id, String.join(" -> ", steps.stream().map(StepRecord::name).toList()));
        return Optional.of(pipeline);
    }

    private Optional<PipelineRecord> refuse(JobSpec spec, String reason, Instant now) {
        log.info("pipeline={} refused: {}", spec.jobId(), reason);
        List<StepRecord> steps = spec.steps().stream()
                .map(s -> new StepRecord(s.name(), null, s.job().output(), false, null, null, null, null)).toList();
        store.save(new PipelineRecord(spec.jobId(), spec, PipelineState.FAILED, steps, 0, now, now, reason));
        progress.accept(new JobUpdate(spec.jobId(), JobState.FAILED, 0, 0, 0, 0, "refused: " + reason, now));
        return Optional.empty();
    }
}
