package io.warren.coordinator.domain;

import io.warren.protocol.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Jobs whose record could not be saved (the storage is full or failing), each saved again at most once per
 * {@link #RETRY} until it is. Their changes stay in the job ({@link Job#changes()} holds all since the last save), so
 * the save that succeeds writes them all.
 */
final class UnsavedJobs {
    private static final Logger log = LoggerFactory.getLogger(UnsavedJobs.class);
    static final Duration RETRY = Duration.ofSeconds(1);

    private final JobStore store;
    /** Each job, with when its save was last tried and why that failed. */
    private final Map<Job, Attempt> jobs = new LinkedHashMap<>();

    private record Attempt(Instant at, String error) {
    }

    UnsavedJobs(JobStore store) {
        this.store = store;
    }

    /** Saves the job; false, and the job kept for {@link #retry}, if that fails. */
    boolean save(Job job, Instant now) {
        try {
            store.save(job.changes(), job::snapshot);
            job.saved();
            jobs.remove(job);
            return true;
        } catch (Term.Superseded deposed) {
            throw deposed; // a newer coordinator owns the record now: nothing to retry
        } catch (RuntimeException e) {
            String error = describe(e);
            if (jobs.put(job, new Attempt(now, error)) == null) {
                log.error("job={} record cannot be saved ({}); saving it again every {} until it can be", job.id(),
                        error, Durations.format(RETRY));
            }
            return false;
        }
    }

    /** Saves again each job whose last try was at least {@link #RETRY} ago. */
    void retry(Instant now) {
        for (Job job : java.util.List.copyOf(jobs.keySet())) {
            if (jobs.get(job).at().plus(RETRY).isAfter(now)) continue;
            if (save(job, now)) log.info("job={} record saved at last, as {}", job.id(), job.state());
        }
    }

    /** Why the job's last save failed: the exception's message, and its cause's when it does not already say it. */
    String lastError(Job job) {
        Attempt a = jobs.get(job);
        return a == null ? "" : a.error();
    }

    private static String describe(RuntimeException e) {
        Throwable cause = e.getCause();
        String message = String.valueOf(e.getMessage());
        if (cause == null || cause.getMessage() == null || message.contains(cause.getMessage())) return message;
        return message + " (" + cause.getMessage() + ")";
    }

    boolean contains(Job job) {
        return jobs.containsKey(job);
    }
}
