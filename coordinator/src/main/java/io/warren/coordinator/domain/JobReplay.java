package io.warren.coordinator.domain;

import java.util.List;

/**
 * Rebuilds a job from a whole record of it and the {@link JobChange}s saved after it, applied in the order they were
 * saved. Each change costs O(its tasks); the record is built once, at the end.
 */
public final class JobReplay {
    private final JobRecord base;
    private final TaskRecord[] maps;
    private final TaskRecord[] reduces;
    private JobChange last;

    public JobReplay(JobRecord base) {
        this.base = base;
        this.maps = base.maps().toArray(TaskRecord[]::new);
        this.reduces = base.reduces().toArray(TaskRecord[]::new);
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
        for (JobChange.Confirmed c : change.confirmed()) {
            TaskRecord[] tasks = switch (c.phase()) {
                case MAP -> maps;
                case REDUCE -> reduces;
            };
            if (c.first() < 0 || c.last() >= tasks.length || c.first() > c.last()) {
                throw new IllegalArgumentException("job " + base.jobId() + " has no tasks " + c.phase().taskId(c.first())
                        + " to " + c.phase().taskId(c.last()));
            }
            for (int n = c.first(); n <= c.last(); n++) tasks[n] = tasks[n].confirmed(c.attempt());
        }
        last = change;
        return this;
    }

    public JobRecord result() {
        if (last == null) return base;
        return new JobRecord(base.jobId(), base.spec(), last.state(), base.submittedAt(), last.finishedAt(),
                last.error(), last.errorDetail(), base.mapInputs(), List.of(maps), List.of(reduces));
    }
}
