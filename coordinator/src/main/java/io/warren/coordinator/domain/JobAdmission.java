package io.warren.coordinator.domain;

import io.warren.api.InvalidJobException;
import io.warren.protocol.InputSplit;
import io.warren.protocol.JobSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a submitted job may run: its id is free (or this very spec was accepted before), it plans, it stays
 * within the coordinator's limits, and its files can be prepared. A job that fails any of these is refused with a
 * reason that tells its submitter what to fix; only a taken id is an error, since the job that owns it must not hear
 * of the newcomer.
 */
final class JobAdmission {
    private static final Logger log = LoggerFactory.getLogger(JobAdmission.class);

    private final JobPlanner planner;
    private final OutputCommitter committer;
    private final int maxMapTasks;

    JobAdmission(JobPlanner planner, OutputCommitter committer, int maxMapTasks) {
        this.planner = planner;
        this.committer = committer;
        this.maxMapTasks = maxMapTasks;
    }

    /**
     * @param existing the spec of the job that holds this id already, if any
     * @return the job, planned and prepared, or refused (it has ended, with the reason as its error); empty if this
     * very spec was accepted before (the broker redelivered it)
     * @throws TaskScheduler.DuplicateJob if the id belongs to a different job
     */
    Optional<Job> admit(JobSpec spec, Optional<JobSpec> existing, Instant now) {
        if (existing.isPresent()) {
            if (Objects.equals(existing.get(), spec)) {
                log.info("job={} was already accepted; ignoring the repeated submission", spec.jobId());
                return Optional.empty();
            }
            throw new TaskScheduler.DuplicateJob(spec.jobId());
        }
        List<List<InputSplit>> splits;
        try {
            splits = planner.plan(spec);
        } catch (InvalidJobException e) {
            return Optional.of(refuse(spec, e.getMessage(), now));
        } catch (RuntimeException e) {
            // Whatever the spec did to the planner, it fails this job only, with a reason, and the coordinator goes on.
            return Optional.of(refuse(spec, "cannot plan the job: " + e, now));
        }
        if (splits.size() > maxMapTasks) {
            return Optional.of(refuse(spec, "the job would need " + splits.size() + " map tasks, more than the limit of "
                    + maxMapTasks + "; use a larger split size (--split-size) or fewer inputs", now));
        }
        Job job = Job.plan(spec, splits, now);
        try {
            committer.prepare(job.snapshot());
        } catch (Term.Superseded deposed) {
            throw deposed;
        } catch (RuntimeException e) {
            return Optional.of(refuse(spec, "cannot prepare the job's files: " + e.getMessage()
                    + JobEnding.causeOf(e), now));
        }
        log.info("job={} accepted: app={} maps={} reduces={}", job.id(), spec.appName(), job.maps().size(),
                job.reduces().size());
        return Optional.of(job);
    }

    private static Job refuse(JobSpec spec, String reason, Instant now) {
        // INFO, not WARN: the submitter's mistake, and the submitter is told; there is nothing for an operator to fix.
        log.info("job={} refused: {}", spec.jobId(), reason);
        return Job.rejected(spec, reason, now);
    }
}
