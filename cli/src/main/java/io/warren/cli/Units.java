package io.warren.cli;

import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.pipeline.PipelineRecord;
import io.warren.coordinator.pipeline.StepRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the job lists show one row each for: a job, or a pipeline with the jobs of its steps beneath it, so that a
 * pipeline is one unit and its steps' jobs are not listed again on their own. Oldest first.
 */
record Units(List<Unit> all) {
    /** A job on its own, or a pipeline with the records of those of its steps' jobs that are on record. */
    record Unit(JobRecord job, PipelineRecord pipeline, Map<String, JobRecord> steps) {
        Instant submittedAt() {
            return job != null ? job.submittedAt() : pipeline.submittedAt();
        }

        Optional<JobRecord> stepJob(StepRecord step) {
            return Optional.ofNullable(step.jobId() == null ? null : steps.get(step.jobId()));
        }
    }

    static Units of(List<JobRecord> jobs, List<PipelineRecord> pipelines) {
        Map<String, JobRecord> byId = new HashMap<>();
        jobs.forEach(j -> byId.put(j.jobId(), j));
        Set<String> steps = new HashSet<>();
        List<Unit> all = new ArrayList<>();
        for (PipelineRecord p : pipelines) {
            Map<String, JobRecord> mine = new HashMap<>();
            for (StepRecord s : p.steps()) {
                if (s.jobId() == null) continue;
                steps.add(s.jobId());
                if (byId.containsKey(s.jobId())) mine.put(s.jobId(), byId.get(s.jobId()));
            }
            all.add(new Unit(null, p, mine));
        }
        for (JobRecord j : jobs) if (!steps.contains(j.jobId())) all.add(new Unit(j, null, Map.of()));
        all.sort(Comparator.comparing(Unit::submittedAt));
        return new Units(all);
    }

    /** The pipeline's steps, {@code count > top}, as its APP cell. */
    static String describe(PipelineRecord p) {
        return "pipeline " + String.join(" > ", p.steps().stream().map(StepRecord::name).toList());
    }

    /** A step's row label: indented beneath its pipeline's row. */
    static String stepLabel(StepRecord s) {
        return "  " + (s.jobId() != null ? s.jobId() : s.name());
    }

    /** A step's state: its job's as last on record, else as the pipeline last heard, else waiting to start. */
    static String stepState(Unit unit, StepRecord s) {
        return unit.stepJob(s).map(j -> j.state().name()).orElse(s.state() == null ? "WAITING" : s.state().name());
    }
}
