package io.warren.coordinator;

import io.warren.coordinator.domain.EndClaims;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.JobStore;
import io.warren.coordinator.metrics.CoordinatorMetrics;
import io.warren.coordinator.pipeline.PipelineRecord;
import io.warren.coordinator.pipeline.PipelineStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Forgets jobs and pipelines that ended longer than {@code keepHistory} ago. Runs on the loop, so no job changes meanwhile. */
final class HistoryPruning {
    private static final Logger log = LoggerFactory.getLogger(HistoryPruning.class);

    private final JobStore jobs;
    private final EndClaims ends;
    private final PipelineStore pipelines;
    private final CoordinatorMetrics metrics;
    private final Clock clock;
    private final Duration keepHistory;

    HistoryPruning(JobStore jobs, EndClaims ends, PipelineStore pipelines, CoordinatorMetrics metrics, Clock clock,
                   Duration keepHistory) {
        this.jobs = jobs;
        this.ends = ends;
        this.pipelines = pipelines;
        this.metrics = metrics;
        this.clock = clock;
        this.keepHistory = keepHistory;
    }

    /** Prunes among these job records (and every pipeline on record). */
    void prune(List<JobRecord> onRecord) {
        Instant cutoff = clock.instant().minus(keepHistory);
        int pruned = 0;
        for (JobRecord job : onRecord) {
            if (job.state().isTerminal() && job.finishedAt() != null && job.finishedAt().isBefore(cutoff)) {
                jobs.delete(job.jobId());
                ends.forget(job.jobId());
                metrics.forgotten(job.state());
                pruned++;
            }
        }
        for (PipelineRecord pipeline : pipelines.loadAll()) {
            if (pipeline.state().isTerminal() && pipeline.finishedAt() != null && pipeline.finishedAt().isBefore(cutoff)) {
                pipelines.delete(pipeline.pipelineId());
                pruned++;
            }
        }
        if (pruned > 0) log.info("pruned {} job and pipeline record(s) that ended before {}", pruned, cutoff);
    }
}
