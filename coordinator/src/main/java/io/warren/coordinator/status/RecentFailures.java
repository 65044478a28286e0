package io.warren.coordinator.status;

import io.warren.coordinator.domain.SchedulerListener;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The last {@code capacity} failed attempts across all jobs, newest first, for the status page. */
public final class RecentFailures implements SchedulerListener {
    private static final int MAX_REASON = 500;
    private final int capacity;
    private final Deque<AttemptFailure> failures = new ArrayDeque<>();

    public RecentFailures(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1");
        this.capacity = capacity;
    }

    @Override
    public synchronized void attemptFailed(AttemptFailure f) {
        String reason = f.reason() == null ? "" : f.reason();
        if (reason.length() > MAX_REASON) reason = reason.substring(0, MAX_REASON) + "...";
        failures.addFirst(new AttemptFailure(f.jobId(), f.phase(), f.taskNumber(), f.attempt(), f.worker(), f.kind(),
                reason, f.at()));
        while (failures.size() > capacity) failures.removeLast();
    }

    public synchronized List<AttemptFailure> newestFirst() {
        return new ArrayList<>(failures);
    }
}
