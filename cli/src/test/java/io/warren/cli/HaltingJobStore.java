package io.warren.cli;

import io.warren.coordinator.domain.JobChange;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.JobStore;
import io.warren.coordinator.domain.Term;
import io.warren.coordinator.domain.TaskState;
import io.warren.protocol.JobState;
import io.warren.protocol.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A job store (of files, or of objects on a bucket root) that halts its JVM, exactly as a SIGKILL would (no shutdown hook, nothing flushed), when it is
 * asked to save the first change that shows a job at a phase boundary: the change is in memory, its effects on
 * files are done, and none of it is on record yet.
 */
final class HaltingJobStore implements JobStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HaltingJobStore.class);

    /** The moments between a job's phases where a crash must lose nothing. */
    enum Boundary {
        /** The last map completed; the reduces are about to be saved and published. */
        MAPS_DONE,
        /** A reduce completed (its {@code mr-out-<r>} is committed) and others have not yet. */
        REDUCE_COMMITTED,
        /** Every reduce completed and {@code _SUCCESS} is written; the job's success is about to be saved. */
        SUCCESS_WRITTEN;

        boolean reachedBy(JobChange change) {
            return switch (this) {
                case MAPS_DONE -> change.state() == JobState.REDUCING;
                case REDUCE_COMMITTED -> change.state() == JobState.REDUCING && change.tasks().stream()
                        .anyMatch(t -> t.phase() == Phase.REDUCE && t.state() == TaskState.SUCCEEDED);
                case SUCCESS_WRITTEN -> change.state() == JobState.SUCCEEDED;
            };
        }
    }

    private final JobStore store;
    private final Boundary at;

    HaltingJobStore(JobStore store, Boundary at) {
        this.store = store;
        this.at = at;
    }

    @Override
    public void save(JobChange change, Supplier<JobRecord> whole) {
        if (at.reachedBy(change)) {
            log.warn("job={} reached {}: halting", change.jobId(), at);
            Runtime.getRuntime().halt(137);
        }
        store.save(change, whole);
    }

    @Override
    public Optional<JobRecord> load(String jobId) {
        return store.load(jobId);
    }

    @Override
    public List<JobRecord> loadAll() {
        return store.loadAll();
    }

    @Override
    public List<JobRecord> recover() {
        return store.recover();
    }

    @Override
    public List<String> ids() {
        return store.ids();
    }

    @Override
    public void delete(String jobId) {
        store.delete(jobId);
    }

    @Override
    public List<JobRecord> recover(Term term) {
        return store.recover(term);
    }

    @Override
    public Following standBy() {
        return store.standBy();
    }

    @Override
    public void close() throws Exception {
        if (store instanceof AutoCloseable closeable) closeable.close();
    }
}
