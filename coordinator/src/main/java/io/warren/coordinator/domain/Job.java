package io.warren.coordinator.domain;

import io.warren.protocol.InputSplit;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.Phase;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A submitted job: its spec, its map and reduce tasks, and where it stands. Its tasks keep a {@link TaskTally}, so the
 * job knows what changed since it was last saved ({@link #changes()}) and its counts, without looking at every task.
 * Its state changes only by the moves {@link JobState#canMoveTo} allows, each through {@link #moveTo}; its verbs carry it
 * through its phases: they change its tasks and return those that go out, which the scheduler publishes; the messages
 * that send them, and that tell followers of its progress, are {@link JobMessages}'.
 */
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
    private final TaskTally tally = new TaskTally();
    private final JobMessages messages = new JobMessages(this);

    private Job(JobRecord r) {
        this.id = r.jobId();
        this.spec = r.spec();
        this.submittedAt = r.submittedAt();
        this.mapInputs = r.mapInputs();
        // Lists a followed copy of the job replaces tasks in (restored); the job's verbs only read them.
        this.maps = new ArrayList<>(r.maps().size());
        r.maps().forEach(t -> maps.add(new Task(t, tally)));
        this.reduces = new ArrayList<>(r.reduces().size());
        r.reduces().forEach(t -> reduces.add(new Task(t, tally)));
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

    /**
     * As a followed copy of the job goes on ({@link JobReplay}): the task {@code record} is of becomes the one it
     * restores, and the job's own fields those of {@code change}, as {@link #restore} of the record after it has them.
     */
    void restored(List<TaskRecord> records, JobChange change) {
        for (TaskRecord record : records) {
            List<Task> tasks = record.phase() == Phase.MAP ? maps : reduces;
            tally.left(tasks.get(record.number()));
            tasks.set(record.number(), new Task(record, tally));
        }
        state = change.state();
        finishedAt = change.finishedAt();
        error = change.error();
        errorDetail = change.errorDetail();
    }

    public JobRecord snapshot() {
        return snapshotWith(maps.stream().map(Task::snapshot).toList(), reduces.stream().map(Task::snapshot).toList());
    }

    private JobRecord snapshotWith(List<TaskRecord> mapRecords, List<TaskRecord> reduceRecords) {
        return new JobRecord(id, spec, state, submittedAt, finishedAt, error, errorDetail, mapInputs, mapRecords,
                reduceRecords);
    }

    /** What changed since the last {@link #saved()}: the job's own fields, each changed task, whole, and confirms. */
    public JobChange changes() {
        return new JobChange(id, state, finishedAt, error, errorDetail,
                tally.changedTasks().stream().map(Task::snapshot).toList(), JobChange.runsOf(tally.confirmedOnly()));
    }

    /** The store holds the job as it is now. */
    public void saved() {
        tally.saved();
    }

    /** The messages that go out about this job: its tasks' to the workers, its updates to followers. */
    JobMessages messages() {
        return messages;
    }

    int succeeded(Phase phase) {
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
        return number >= 0 && number < tasks.size() ? tasks.get(number) : null;
    }

    boolean allSucceeded(Phase phase) {
        return succeeded(phase) == (phase == Phase.MAP ? maps : reduces).size();
    }

    /** Index m holds the worker whose output of map task m won; reducers read only those files. */
    List<String> mapWinners() {
        return maps.stream().map(Task::winner).toList();
    }

    /**
     * Sends out the job's first tasks: its map tasks, or at once its reduce tasks if it has no input.
     *
     * @return the tasks that go out
     */
    List<Task> start(Instant now) {
        if (maps.isEmpty()) return startReducing(now);
        maps.forEach(t -> t.dispatch(now));
        return maps;
    }

    /**
     * Moves the job on after its {@code task} succeeded. Once every map has, the reduces go out with the map winners:
     * all of them when the map phase ends, the parked ones when lost map outputs have been made again.
     *
     * @return the tasks that go out as a result
     */
    List<Task> succeeded(Task task, Instant now) {
        if (task.phase() != Phase.MAP || !allSucceeded(Phase.MAP)) return List.of();
        if (state == JobState.MAPPING) return startReducing(now);
        if (state != JobState.REDUCING) return List.of();
        List<Task> parked = reduces.stream().filter(r -> r.state() == TaskState.PARKED).toList();
        parked.forEach(r -> r.redispatch(now));
        return parked;
    }

    /** Every reduce has succeeded: the output is complete, to be committed before the job {@link #succeed}s. */
    boolean outputComplete() {
        return state == JobState.REDUCING && allSucceeded(Phase.REDUCE);
    }

    private List<Task> startReducing(Instant now) {
        moveTo(JobState.REDUCING);
        reduces.forEach(t -> t.dispatch(now));
        return reduces;
    }

    /** What making lost map outputs again sends out: the maps, unless {@code usedUp}, a map out of attempts, fails the job. */
    record Remake(List<Task> maps, Task usedUp) {
    }

    /**
     * A reduce could not read the outputs of the maps numbered {@code lost} (missing, truncated, corrupt): those that
     * had succeeded run again, as the MapReduce paper re-executes the completed maps of a lost worker, and every
     * reduce that has not succeeded is parked until they have succeeded again. If one of them has used up its attempts,
     * the job can only fail: it is returned as {@link Remake#usedUp}, and no reduce is parked.
     */
    Remake remakeMapOutputs(List<Integer> lost, String why, RetryPolicy policy, Instant now) {
        List<Task> remade = new ArrayList<>();
        for (int m : lost) {
            Task map = task(Phase.MAP, m);
            if (map == null || map.state() != TaskState.SUCCEEDED) continue;
            if (!policy.mayRemake(map.attempt())) return new Remake(remade, map);
            map.redo(why, now);
            remade.add(map);
        }
        for (Task r : reduces) {
            if (r.state() != TaskState.SUCCEEDED) r.park("waiting for map output to be made again", now);
        }
        return new Remake(remade, null);
    }

    /** Every task, maps first. */
    List<Task> tasks() {
        return Stream.concat(maps.stream(), reduces.stream()).toList();
    }

    /** Tasks with an attempt out, in either phase (maps may be made again while reduces run), maps first. */
    List<Task> inFlight() {
        return tally.inProgress();
    }

    /** The tasks running, from the tally: a sweep costs what runs, not what is queued or what the job holds. */
    List<Task> running() {
        return tally.running();
    }

    /**
     * Starts a backup attempt of each straggler of the current phase, as {@code backups} picks them.
     *
     * @return the tasks that got one: their new attempts go out
     */
    List<Task> backUpStragglers(BackupPolicy backups, RetryPolicy policy, Instant now) {
        Phase phase = state == JobState.MAPPING ? Phase.MAP : Phase.REDUCE;
        boolean waiting = tally.count(phase, TaskState.PENDING) + tally.count(phase, TaskState.PARKED)
                + tally.count(phase, TaskState.DISPATCHED) > 0; // from the tally: no look at every task each sweep
        return backups.stragglers(phase == Phase.MAP ? maps : reduces, waiting, now).stream()
                .filter(t -> t.backup(now, policy)).toList();
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

    private void moveTo(JobState next) {
        if (!state.canMoveTo(next)) throw new IllegalJobTransition(id, state, next);
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
        return Collections.unmodifiableList(maps);
    }

    public List<Task> reduces() {
        return Collections.unmodifiableList(reduces);
    }

    public Instant submittedAt() {
        return submittedAt;
    }

    public String error() {
        return error;
    }
}
