package io.warren.coordinator.storage;

import io.warren.coordinator.domain.Job;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.JobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A standing-by coordinator's copy of every job on record (docs/job-state.md#a-hot-standby): each job is read whole once,
 * then followed, record by record, as the active coordinator appends to its journal, by the {@link JournalFollower}s
 * the status page reads through as well. When the process becomes active, {@link FileJobStore#recover} asks
 * {@link #catchUp} for each job: what was appended since the last look, up to the end of the files as they are then,
 * rather than the whole job. A job whose files do not continue where its follower stopped (damage, a vanished record)
 * is read cold, as a coordinator without a standby reads it.
 */
final class JobStandby implements JobStore.Following {
    private static final Logger log = LoggerFactory.getLogger(JobStandby.class);
    /**
     * How often a standby reads what the journals gained: what is left to read at takeover is at most about this much
     * of the active coordinator's appends.
     */
    static final Duration INTERVAL = Duration.ofMillis(250);
    private final FileJobStore store;
    /**
     * A job whose last look found it damaged or unreadable is read whole at every look: such a job is looked at again
     * only this long after, so that a damaged 100,000-task job does not keep the standby decoding it.
     */
    private static final long REST_NANOS = 10_000_000_000L;
    private final Map<String, JournalFollower> followers;
    /** When each job that could not be followed may be looked at again (System.nanoTime()). */
    private final Map<String, Long> resting = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reader;
    private volatile boolean stopping;
    /** Jobs {@link #catchUp} went on from what was followed, rather than reading them cold. */
    private int caughtUp;
    /** Whole reads of the jobs caught up, while they were followed and at {@link #catchUp}. */
    private long wholeReads;
    /** The unfinished jobs {@link #catchUp} went on from, each kept up to date itself, by id. */
    private final Map<String, KeptJob> kept = new ConcurrentHashMap<>();

    /** A job kept up to date as its journal was followed, and the record it is the job of. */
    record KeptJob(JobRecord record, Job job) {
    }

    /**
     * Starts following at once, and again every {@code interval}, on a thread of its own.
     *
     * @param earlier an earlier standby of the same store, stopped, whose jobs this one goes on from; or null
     */
    JobStandby(FileJobStore store, Duration interval, JobStandby earlier) {
        this.store = store;
        this.followers = earlier != null ? earlier.followers : new ConcurrentHashMap<>();
        this.reader = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "standby-journals");
            t.setDaemon(true);
            return t;
        });
        reader.scheduleWithFixedDelay(this::follow, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reads what each job's files gained since the last look; a job that appeared is read whole, one gone is let go. */
    void follow() {
        List<String> ids;
        try {
            ids = store.ids();
        } catch (RuntimeException e) {
            log.debug("standby: cannot list the jobs: {}", e.toString());
            return;
        }
        Set<String> onRecord = new HashSet<>(ids);
        resting.keySet().retainAll(onRecord);
        followers.entrySet().removeIf(e -> {
            if (onRecord.contains(e.getKey())) return false;
            e.getValue().close();
            return true;
        });
        for (String id : ids) {
            if (stopping) return;
            Long until = resting.get(id);
            if (until != null && System.nanoTime() - until < 0) continue;
            JournalFollower f = followers.computeIfAbsent(id, k -> new JournalFollower(store, store.files(k), true));
            boolean followed;
            try {
                f.read();
                followed = !f.damaged();
            } catch (IOException | RuntimeException e) {
                log.debug("standby: job={} not followed this time: {}", id, e.toString());
                followed = false;
            }
            // At takeover, a job that cannot be followed is read cold; until then it is looked at now and then.
            if (followed) resting.remove(id);
            else resting.put(id, System.nanoTime() + REST_NANOS);
        }
    }

    /** How many jobs are followed. */
    int following() {
        return followers.size();
    }

    /** How many times a job followed now was read whole so far; 0 if it is not followed. */
    long wholeReadsOf(String jobId) {
        JournalFollower f = followers.get(jobId);
        return f == null ? 0 : f.wholeReads();
    }

    /**
     * The job as {@link JournalReplay#read} reads it from its files as they are now: caught up from what was followed,
     * or read cold if it was not followed or cannot be. The follower is let go: the coordinator holds the job from here.
     */
    JournalReplay.Replayed catchUp(JobFiles files) throws IOException {
        JournalFollower f = followers.remove(files.jobId());
        if (f != null) {
            try {
                JournalReplay.Replayed r = f.catchUp();
                if (r != null) {
                    caughtUp++;
                    Job job = f.keptJob();
                    if (job != null && !r.job().state().isTerminal()) kept.put(files.jobId(), new KeptJob(r.job(), job));
                    return r;
                }
            } catch (IOException | RuntimeException e) {
                log.info("job={}: the standby's copy cannot be caught up ({}); reading it whole", files.jobId(), e.toString());
            } finally {
                wholeReads += f.wholeReads();
                f.close();
            }
        }
        return JournalReplay.read(files);
    }

    /** The unfinished jobs {@link #catchUp} went on from, each with the job kept up to date as it was followed. */
    Map<String, KeptJob> keptJobs() {
        return Map.copyOf(kept);
    }

    /** How many jobs {@link #catchUp} caught up from what was followed, rather than reading them cold. */
    int caughtUp() {
        return caughtUp;
    }

    /** How many times the jobs caught up so far were read whole: once each, unless their files did not continue. */
    long wholeReads() {
        return wholeReads;
    }

    /**
     * Stops following: the look in progress ends after its current job. What was read is kept, for {@link #catchUp}.
     */
    @Override
    public void close() {
        stopping = true;
        reader.shutdown();
        try {
            if (!reader.awaitTermination(60, TimeUnit.SECONDS)) log.warn("the standby's journal reader did not stop in 60 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Done: {@code jobs} jobs were taken over (through {@link #catchUp}, or read cold); says how, and lets go of every
     * job still held.
     */
    void tookOver(int jobs) {
        close();
        if (jobs > 0) log.info("took over {} job(s) from the standby's copy; {} read whole", caughtUp, jobs - caughtUp);
        followers.values().forEach(JournalFollower::close);
        followers.clear();
    }
}
