package io.warren.coordinator.domain;

import io.warren.protocol.InputSplit;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.Phase;

import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A submitted job: its spec, its map and reduce tasks, and where it stands. Its tasks keep a {@link TaskTally}, so the
 * job knows what changed since it was last saved ({@link #changes()}) and its counts, without looking at every task.
 * Its state changes only by the moves {@link #canMove} lists, each through {@link #moveTo}.
 */
public final class Job {
    /**
     * A job's life, every legal move in one place: MAPPING -> REDUCING -> SUCCEEDED, and from either running state to
     * FAILED (a task used up its attempts) or CANCELLED. A job refused at submission is created FAILED; the three end
     * states are final.
     */
    private static final Map<JobState, Set<JobState>> MOVES = new EnumMap<>(Map.of(
            JobState.MAPPING, EnumSet.of(JobState.REDUCING, JobState.FAILED, JobState.CANCELLED),
            JobState.REDUCING, EnumSet.of(JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED),
            JobState.SUCCEEDED, EnumSet.noneOf(JobState.class),
            JobState.FAILED, EnumSet.noneOf(JobState.class),
            JobState.CANCELLED, EnumSet.noneOf(JobState.class)));

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
    private final TaskTally tally = new TaskTally();

    private Job(JobRecord r) {
        this.id = r.jobId();
        this.spec = r.spec();
        this.submittedAt = r.submittedAt();
        this.mapInputs = r.mapInputs();
        this.maps = r.maps().stream().map(t -> new Task(t, tally)).toList();
        this.reduces = r.reduces().stream().map(t -> new Task(t, tally)).toList();
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

    /** What changed since the last {@link #saved()}: the job's own fields and each changed task, whole. */
    public JobChange changes() {
        return new JobChange(id, state, finishedAt, error, errorDetail,
                tally.changedTasks().stream().map(Task::snapshot).toList());
    }

    /** The store holds the job as it is now. */
    public void saved() {
        tally.saved();
    }

    JobUpdate update(String message, Instant now, Map<String, Long> counters) {
        return new JobUpdate(id, state, succeeded(Phase.MAP), maps.size(), succeeded(Phase.REDUCE), reduces.size(),
                message, now, counters);
    }

    private int succeeded(Phase phase) {
        return tally.count(phase, TaskState.SUCCEEDED);
    }

    /** How many tasks are in each state, by phase. */
    public TaskCensus census() {
        return tally.census();
    }

    /** The job's counters: the sum over its tasks of their winning runs' counters, as {@link JobRecord#counters()}. */
    public Map<String, Long> counters() {
        return tally.counters();
    }

    Task task(Phase phase, int number) {
        List<Task> tasks = phase == Phase.MAP ? maps : reduces;
        return number < tasks.size() ? tasks.get(number) : null;
    }

    boolean allSucceeded(Phase phase) {
        return succeeded(phase) == (phase == Phase.MAP ? maps : reduces).size();
    }

    /** Index m holds the worker whose output of map task m won; reducers read only those files. */
    List<String> mapWinners() {
        return maps.stream().map(Task::winner).toList();
    }

    void startReducing() {
        moveTo(JobState.REDUCING);
    }

    void succeed(Instant now) {
        moveTo(JobState.SUCCEEDED);
        finishedAt = now;
    }

    void cancel(String reason, Instant now) {
        moveTo(JobState.CANCELLED);
        finishedAt = now;
        error = reason;
    }

    void fail(String reason, String detail, Instant now) {
        moveTo(JobState.FAILED);
        finishedAt = now;
        error = reason;
        errorDetail = detail;
    }

    /** Whether a job may move from {@code from} to {@code next}. */
    static boolean canMove(JobState from, JobState next) {
        return MOVES.get(from).contains(next);
    }

    private void moveTo(JobState next) {
        if (!canMove(state, next)) throw new IllegalJobTransition(id, state, next);
        state = next;
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
