package io.warren.coordinator.storage;

import io.warren.coordinator.domain.JobReader;
import io.warren.coordinator.domain.JobRecord;
import io.warren.protocol.storage.StorageLayout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads jobs for a view that asks again and again, as the status page does every two seconds: each job is read whole
 * once (its snapshot and journal, as {@link FileJobStore#load} reads it), and after that only the journal records
 * appended since the last read are applied, so that reading a running job of 100,000 tasks costs what changed, not
 * the job. It gives the same states a fresh read would (always one the coordinator saved at some flush): whenever the
 * files no longer continue where it stopped (a compaction deleted segments it had not read, a new writer took over,
 * damage, the job deleted or made again), it reads the job whole again. It keeps the last {@code capacity} jobs read.
 */
public final class JobFollowers implements JobReader, AutoCloseable {
    private final StorageLayout layout;
    private final FileJobStore store;
    private final Map<String, JournalFollower> followers;
    private ScheduledExecutorService keeper;

    public JobFollowers(StorageLayout layout, int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        this.layout = layout;
        this.store = new FileJobStore(layout);
        this.followers = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, JournalFollower> eldest) {
                if (size() <= capacity) return false;
                eldest.getValue().close();
                return true;
            }
        };
    }

    /**
     * Keeps the running jobs read in the last {@code watched} up to date on a thread of their own, reading what was
     * appended every {@code interval}, so that a request seldom finds more than that much to catch up on: what a
     * journal gains in a minute of a busy job takes a good part of a second to read. The work is what a reader does
     * anyway, spread out; jobs nobody looks at are not read, and those not asked for in {@code watched} are forgotten
     * (a big job's records are as large as the coordinator's own state of it).
     */
    public synchronized JobFollowers keepUpToDate(Duration interval, Duration watched) {
        if (keeper != null) throw new IllegalStateException("already kept up to date");
        keeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "job-followers");
            t.setDaemon(true);
            return t;
        });
        long watchedNanos = watched.toNanos();
        keeper.scheduleWithFixedDelay(() -> {
            List<JournalFollower> due = new ArrayList<>();
            long now = System.nanoTime();
            synchronized (followers) {
                // Jobs nobody asked for in that time are let go, and their memory with them: read whole if asked again.
                for (var it = followers.values().iterator(); it.hasNext(); ) {
                    JournalFollower f = it.next();
                    if (now - f.askedAt() > watchedNanos) {
                        f.close();
                        it.remove();
                    } else {
                        due.add(f);
                    }
                }
            }
            for (JournalFollower f : due) {
                if (!f.running()) continue;
                try {
                    f.read();
                } catch (IOException | RuntimeException e) {
                    // the next request reads it, and says what is wrong
                }
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public synchronized void close() {
        if (keeper != null) keeper.shutdownNow();
        keeper = null;
        synchronized (followers) {
            followers.values().forEach(JournalFollower::close);
            followers.clear();
        }
    }

    @Override
    public Optional<JobRecord> load(String jobId) {
        JournalFollower follower;
        synchronized (followers) {
            follower = followers.computeIfAbsent(jobId, id -> new JournalFollower(store, new JobFiles(layout, id)));
        }
        follower.asked();
        try {
            return Optional.ofNullable(follower.read());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read job " + jobId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> ids() {
        return store.ids();
    }

    /** Whole reads of a job so far (the first, and each time its files did not continue where the last read ended). */
    long wholeReads(String jobId) {
        synchronized (followers) {
            JournalFollower f = followers.get(jobId);
            return f == null ? 0 : f.wholeReads();
        }
    }

    /** The last journal record applied to the job as read so far; -1 if it was never read. */
    long recordsRead(String jobId) {
        JournalFollower f;
        synchronized (followers) {
            f = followers.get(jobId);
        }
        if (f == null) return -1;
        synchronized (f) {
            return f.recordsRead();
        }
    }
}
