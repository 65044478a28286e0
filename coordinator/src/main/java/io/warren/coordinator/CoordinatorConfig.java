package io.warren.coordinator;

import io.warren.coordinator.domain.BackupPolicy;
import io.warren.protocol.Durations;
import io.warren.protocol.storage.StorageLayout;

import java.time.Duration;

/**
 * How a coordinator runs.
 *
 * @param layout      the shared storage
 * @param taskTimeout silence (no heartbeat) after which a running attempt is given to another worker
 * @param maxAttempts attempts per task before its job fails
 * @param confined    whether job paths must stay inside the storage root (off only in local mode)
 * @param backups     when stragglers get backup attempts
 * @param splitSize   bytes of input per map task, unless a job says otherwise
 * @param keepHistory how long the records of ended jobs are kept; {@link Duration#ZERO} keeps them forever
 */
public record CoordinatorConfig(StorageLayout layout, Duration taskTimeout, int maxAttempts, boolean confined,
                                BackupPolicy backups, long splitSize, Duration keepHistory) {
    public static final Duration DEFAULT_KEEP_HISTORY = Duration.ofDays(7);

    public static final Duration DEFAULT_TASK_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_ATTEMPTS = 4;

    public CoordinatorConfig {
        if (layout == null) throw new IllegalArgumentException("storage is required");
        if (taskTimeout == null || taskTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("task timeout must be at least 100ms, got "
                    + (taskTimeout == null ? "none" : Durations.format(taskTimeout)));
        }
        if (maxAttempts < 1) throw new IllegalArgumentException("max attempts must be >= 1, got " + maxAttempts);
        if (backups == null) backups = BackupPolicy.standard();
        if (splitSize < 1) throw new IllegalArgumentException("split size must be at least 1 byte, got " + splitSize);
        if (keepHistory == null) keepHistory = DEFAULT_KEEP_HISTORY;
        if (keepHistory.isNegative()) throw new IllegalArgumentException("history age must not be negative, got " + Durations.format(keepHistory));
    }
}
