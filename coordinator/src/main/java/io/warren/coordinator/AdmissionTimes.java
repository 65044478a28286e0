package io.warren.coordinator;

import io.warren.coordinator.metrics.CoordinatorMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Times each job taken in a batch from its spec's arrival to the end of the flush that saved it and published its
 * first tasks (confirmed by the broker): the wait for a worker to hear of new work. Loop thread only; times are
 * {@link System#nanoTime} readings.
 */
final class AdmissionTimes {
    private static final Logger log = LoggerFactory.getLogger(AdmissionTimes.class);

    private final CoordinatorMetrics metrics;
    private final List<Admission> admitted = new ArrayList<>();
    /** When the current flush began publishing tasks (after saving the jobs); 0 if it published none. */
    private long publishStart;

    /** A job spec taken in the current batch: when it arrived, and how long planning it took. */
    private record Admission(String jobId, long arrivedNanos, long planNanos) {
    }

    AdmissionTimes(CoordinatorMetrics metrics) {
        this.metrics = metrics;
    }

    void admitted(String jobId, long arrivedNanos, long planNanos) {
        admitted.add(new Admission(jobId, arrivedNanos, planNanos));
    }

    /** The flush is publishing tasks now; the first call of a flush counts. */
    void publishing() {
        if (publishStart == 0) publishStart = System.nanoTime();
    }

    /** The flush that began at {@code flushStart} ended at {@code flushEnd}: reports the batch's admissions. */
    void flushed(long flushStart, long flushEnd) {
        long published = publishStart == 0 ? flushEnd : publishStart;
        for (Admission a : admitted) {
            long nanos = flushEnd - a.arrivedNanos();
            metrics.jobAdmitted(Duration.ofNanos(nanos));
            log.info("job={} admitted: first tasks published {} ms after its spec arrived, all confirmed {} ms after"
                            + " (planning {} ms, saving {} ms, publishing until confirmed {} ms)", a.jobId(),
                    millis(published - a.arrivedNanos()), millis(nanos), millis(a.planNanos()),
                    millis(published - flushStart), millis(flushEnd - published));
        }
        admitted.clear();
        publishStart = 0;
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
