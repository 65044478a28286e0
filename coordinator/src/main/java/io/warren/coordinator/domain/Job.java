package io.warren.coordinator.domain;

import io.warren.protocol.InputSplit;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.Phase;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/** A submitted job: its spec, its map and reduce tasks, and where it stands. */
public final class Job {
    private final String id;
    private final JobSpec spec;
    private final Instant submittedAt;
    private final List<List<InputSplit>> mapInputs;
    private final List<Task> maps;
    private final List<Task> reduces;
    private JobState state;
    private Instant finishedAt;
    private String error;
    private String errorDetail;

    private Job(JobRecord r) {
        this.id = r.jobId();
        this.spec = r.spec();
        this.submittedAt = r.submittedAt();
        this.mapInputs = r.mapInputs();
        this.maps = r.maps().stream().map(Task::new).toList();
        this.reduces = r.reduces().stream().map(Task::new).toList();
        this.state = r.state();
        this.finishedAt = r.finishedAt();
        this.error = r.error();
        this.errorDetail = r.errorDetail();
    }

    /** A new job with one pending map task per split and {@code reduces} pending reduce tasks. */
    static Job plan(JobSpec spec, List<List<InputSplit>> splits, Instant now) {
        List<TaskRecord> none = List.of();
        Job job = new Job(new JobRecord(spec.jobId(), spec, JobState.MAPPING, now, null, null, null, splits, none, none));
        return new Job(job.snapshotWith(
                IntStream.range(0, splits.size()).mapToObj(n -> new Task(Phase.MAP, n).snapshot()).toList(),
                IntStream.range(0, spec.reduceCount()).mapToObj(n -> new Task(Phase.REDUCE, n).snapshot()).toList()));
    }

    /** A job refused at submission: it exists, so status can say why, but it never runs a task. */
    static Job rejected(JobSpec spec, String reason, Instant now) {
        return new Job(new JobRecord(spec.jobId(), spec, JobState.FAILED, now, now, reason, null, List.of(), List.of(),
                List.of()));
    }

    public static Job restore(JobRecord record) {
        return new Job(record);
    }

    public JobRecord snapshot() {
        return snapshotWith(maps.stream().map(Task::snapshot).toList(), reduces.stream().map(Task::snapshot).toList());
    }

    private JobRecord snapshotWith(List<TaskRecord> mapRecords, List<TaskRecord> reduceRecords) {
        return new JobRecord(id, spec, state, submittedAt, finishedAt, error, errorDetail, mapInputs, mapRecords,
                reduceRecords);
    }

    JobUpdate update(String message, Instant now, java.util.Map<String, Long> counters) {
        return new JobUpdate(id, state, count(maps), maps.size(), count(reduces), reduces.size(), message, now, counters);
    }

    private static int count(List<Task> tasks) {
        return (int) tasks.stream().filter(t -> t.state() == TaskState.SUCCEEDED).count();
    }

    Task task(Phase phase, int number) {
        List<Task> tasks = phase == Phase.MAP ? maps : reduces;
        return number < tasks.size() ? tasks.get(number) : null;
    }

    boolean allSucceeded(Phase phase) {
        return (phase == Phase.MAP ? maps : reduces).stream().allMatch(t -> t.state() == TaskState.SUCCEEDED);
    }

    /** Index m holds the worker whose output of map task m won; reducers read only those files. */
    List<String> mapWinners() {
        return maps.stream().map(Task::winner).toList();
    }

    void startReducing() {
        state = JobState.REDUCING;
    }

    void succeed(Instant now) {
        state = JobState.SUCCEEDED;
        finishedAt = now;
    }

    void cancel(String reason, Instant now) {
        state = JobState.CANCELLED;
        finishedAt = now;
        error = reason;
    }

    void fail(String reason, String detail, Instant now) {
        state = JobState.FAILED;
        finishedAt = now;
        error = reason;
        errorDetail = detail;
    }

    public String id() {
        return id;
    }

    public JobSpec spec() {
        return spec;
    }

    public JobState state() {
        return state;
    }

    public List<List<InputSplit>> mapInputs() {
        return mapInputs;
    }

    public List<Task> maps() {
        return maps;
    }

    public List<Task> reduces() {
        return reduces;
    }

    public Instant submittedAt() {
        return submittedAt;
    }

    public String error() {
        return error;
    }
}
