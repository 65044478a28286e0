package io.warren.coordinator.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds a job from a whole record of it and the {@link JobChange}s saved after it, applied in the order they were
 * saved. Each change costs O(its tasks); the record is built once, at the end. One {@link #keepingJob keeping the job}
 * also keeps the {@link Job} itself up to date, change by change, as {@link Job#restore} would build it from the
 * record: a hot standby hands it to the scheduler at takeover rather than building a hundred thousand tasks then.
 */
public final class JobReplay {
    private final JobRecord base;
    private final TaskRecord[] maps;
    private final TaskRecord[] reduces;
    private JobChange last;
    /** The job as the changes applied so far leave it, if kept; null if not. */
    private final Job job;

    public JobReplay(JobRecord base) {
        this(base, null);
    }

    private JobReplay(JobRecord base, Job job) {
        this.base = base;
        this.maps = base.maps().toArray(TaskRecord[]::new);
        this.reduces = base.reduces().toArray(TaskRecord[]::new);
        this.job = job;
    }

    /** A replay that also keeps the {@link Job}, restored from {@code base} now and changed with every change after. */
    public static JobReplay keepingJob(JobRecord base) {
        return new JobReplay(base, Job.restore(base));
    }

    /**
     * @throws IllegalArgumentException if the change is another job's or names a task the job does not have: the
     *                                  change does not belong to this record
     */
    public JobReplay apply(JobChange change) {
        if (!change.jobId().equals(base.jobId())) {
            throw new IllegalArgumentException("a change of job " + change.jobId() + " cannot apply to job " + base.jobId());
        }
        for (TaskRecord t : change.tasks()) {
            TaskRecord[] tasks = switch (t.phase()) {
                case MAP -> maps;
                case REDUCE -> reduces;
            };
            if (t.number() < 0 || t.number() >= tasks.length) {
                throw new IllegalArgumentException("job " + base.jobId() + " has no task " + t.phase().taskId(t.number()));
            }
            tasks[t.number()] = t;
        }
        List<TaskRecord> touched = job == null ? null : new ArrayList<>(change.tasks());
        for (JobChange.Confirmed c : change.confirmed()) {
            TaskRecord[] tasks = switch (c.phase()) {
                case MAP -> maps;
                case REDUCE -> reduces;
            };
            if (c.first() < 0 || c.last() >= tasks.length || c.first() > c.last()) {
                throw new IllegalArgumentException("job " + base.jobId() + " has no tasks " + c.phase().taskId(c.first())
                        + " to " + c.phase().taskId(c.last()));
            }
            for (int n = c.first(); n <= c.last(); n++) {
                TaskRecord confirmed = tasks[n].confirmed(c.attempt());
                if (touched != null && confirmed != tasks[n]) touched.add(confirmed);
                tasks[n] = confirmed;
            }
        }
        if (job != null) job.restored(touched, change);
        last = change;
        return this;
    }

    /** Whether this replay keeps the job ({@link #keepingJob}). */
    public boolean keepsJob() {
        return job != null;
    }

    /**
     * The job kept as the changes applied so far leave it, for one owner from here on: no change applies to it after.
     *
     * @throws IllegalStateException if this replay does not keep it
     */
    public Job job() {
        if (job == null) throw new IllegalStateException("this replay of job " + base.jobId() + " keeps no job");
        return job;
    }

    public JobRecord result() {
        if (last == null) return base;
        return new JobRecord(base.jobId(), base.spec(), last.state(), base.submittedAt(), last.finishedAt(),
                last.error(), last.errorDetail(), base.mapInputs(), List.of(maps), List.of(reduces));
    }
}
