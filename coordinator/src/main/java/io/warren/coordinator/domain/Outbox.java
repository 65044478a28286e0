package io.warren.coordinator.domain;

import io.warren.protocol.CommitAnswer;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.Phase;
import io.warren.protocol.TaskMessage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the scheduler's calls since the last flush decided must follow: the jobs that changed (with the message their
 * followers get), the task attempts to publish and the answers to commit requests. {@link #flush} carries it out in
 * the order that keeps a crash safe: save the changed jobs, then publish their tasks, then answer, then tell their
 * followers.
 */
final class Outbox {
    private final TaskPublisher publisher;
    private final Consumer<JobUpdate> progress;
    private final SchedulerListener listener;
    private final Duration heartbeatInterval;
    /**
     * Jobs whose record could not be saved (the storage is full or failing): each has been failed in memory, its files
     * deleted, its followers told; its record is saved again at each flush, at most once a second, until it is.
     */
    private final UnsavedJobs unsaved;
    private final Map<Job, String> changed = new LinkedHashMap<>();
    private final List<Sent> sent = new ArrayList<>();
    private final Consumer<CommitAnswer> commitAnswers;
    private final List<Answer> answers = new ArrayList<>();

    /** An attempt to publish, and the job it belongs to. */
    private record Sent(Job job, TaskMessage message) {
    }

    /** An answer to a commit request, and the job it belongs to. */
    private record Answer(Job job, CommitAnswer answer) {
    }

    Outbox(TaskPublisher publisher, JobStore store, Consumer<JobUpdate> progress, Consumer<CommitAnswer> commitAnswers,
           SchedulerListener listener, Duration heartbeatInterval) {
        this.publisher = publisher;
        this.commitAnswers = commitAnswers;
        this.progress = progress;
        this.listener = listener;
        this.heartbeatInterval = heartbeatInterval;
        this.unsaved = new UnsavedJobs(store);
    }

    /** Puts the latest attempt of each of {@code tasks} in the outbox. */
    void send(Job job, List<Task> tasks) {
        for (Task task : tasks) sent.add(new Sent(job, job.messages().task(task, heartbeatInterval)));
    }

    /** Answers a commit request once the job is saved: a grant must be on record before its worker hears of it. */
    void answer(Job job, CommitAnswer answer) {
        answers.add(new Answer(job, answer));
    }

    /** The job changed; its followers hear {@code message} at the flush, or the last message given before it. */
    void changed(Job job, String message) {
        String previous = changed.get(job);
        changed.put(job, message != null ? message : previous != null ? previous : "");
    }

    /** The job changed in a way its followers need not hear of beyond its counts. */
    void changed(Job job) {
        changed(job, null);
    }

    /** Drops the job's unpublished attempts: it ended. */
    void drop(Job job) {
        sent.removeIf(s -> s.job() == job);
    }

    /** Drops the job's unpublished reduce attempts: they wait for map outputs to be made again. */
    void dropReduces(Job job) {
        sent.removeIf(s -> s.job() == job && s.message().phase() == Phase.REDUCE);
    }

    /**
     * Saves each changed job, publishes the attempts, and tells followers. A job whose save fails is handed to
     * {@code couldNotSave} before anything is published, so that it may end and withdraw its attempts.
     *
     * @return the jobs that ended: they leave the scheduler's memory, their records stay in the store
     */
    List<Job> flush(Instant now, Consumer<Job> couldNotSave) {
        unsaved.retry(now);
        for (Job job : List.copyOf(changed.keySet())) {
            if (!unsaved.contains(job) && !unsaved.save(job, now)) couldNotSave.accept(job);
        }
        if (!sent.isEmpty()) {
            publisher.publish(sent.stream().map(Sent::message).toList());
            // The broker holds them: the notes go into each job's next save, whichever causes it.
            for (Sent s : sent) {
                Task task = s.job().task(s.message().phase(), s.message().taskNumber());
                if (task != null) task.confirmed(s.message().attempt());
            }
            for (Phase phase : Phase.values()) {
                int n = (int) sent.stream().filter(s -> s.message().phase() == phase).count();
                if (n > 0) listener.attemptsPublished(phase, n);
            }
            sent.clear();
        }
        // Best effort: a worker that misses its answer asks again. A job whose record was not saved answers nobody.
        for (Answer a : answers) if (!unsaved.contains(a.job())) commitAnswers.accept(a.answer());
        answers.clear();
        List<Job> ended = new ArrayList<>();
        for (var entry : changed.entrySet()) {
            Job job = entry.getKey();
            listener.jobSaved(job.id(), job.state(), job.census());
            progress.accept(job.messages().update(entry.getValue(), now));
            if (job.state().isTerminal()) {
                // Refused jobs were never active; either way a job is flushed as ended once, since it leaves here.
                ended.add(job);
                listener.jobFinished(job.state(), Duration.between(job.submittedAt(), now));
            }
        }
        changed.clear();
        return ended;
    }

    /** Saves the job now, outside a flush; false if that failed too (it is saved again at each flush). */
    boolean saveAgain(Job job, Instant now) {
        return unsaved.save(job, now);
    }

    /** Why the job's last save failed. */
    String saveError(Job job) {
        return unsaved.lastError(job);
    }
}
