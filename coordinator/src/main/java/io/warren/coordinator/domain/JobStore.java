package io.warren.coordinator.domain;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Durable job records: the coordinator's memory across restarts, and what {@code warren status} reads. One coordinator
 * writes ({@link #recover}, then {@link #save}); any process may read, while it writes.
 */
public interface JobStore extends JobReader {
    /**
     * Makes what changed in a job since its last save durable before it returns: the caller publishes the tasks and
     * acknowledges the messages that caused the change only after that. {@code whole} gives the job as it stands now,
     * all of it (O(tasks) to build); the store asks for it, during this call only, when it holds nothing of the job
     * yet or when it wants a fresh snapshot.
     */
    void save(JobChange change, Supplier<JobRecord> whole);

    @Override
    Optional<JobRecord> load(String jobId);

    List<JobRecord> loadAll();

    /**
     * Every job on record, as {@link #loadAll}, read by the coordinator that is about to write: the store may repair
     * what an earlier writer's crash left behind and get ready to save the unfinished jobs.
     */
    default List<JobRecord> recover() {
        return loadAll();
    }

    /**
     * As {@link #recover()}, by the coordinator of {@code term}: a store on shared storage fences off the writers of
     * older terms and refuses to write once a newer term exists (docs/fencing.md).
     */
    default List<JobRecord> recover(Term term) {
        return recover();
    }

    /**
     * The job {@code record} is of, as {@link Job#restore} builds it, for the coordinator that {@link #recover}ed the
     * record to run on: a store that kept the job itself up to date while it stood by hands that over, once.
     */
    default Job restore(JobRecord record) {
        return Job.restore(record);
    }

    /**
     * While the process stands by: keeps the jobs on record read, following what the active coordinator appends, so
     * that {@link #recover(Term)} at takeover reads only what came after, not every job whole. Following stops when
     * the handle closes; what was read is kept for {@code recover}. A store that cannot follow reads at takeover.
     */
    default Following standBy() {
        return () -> {
        };
    }

    /** A standby's following of the jobs, stopped by {@link #close}. */
    interface Following extends AutoCloseable {
        @Override
        void close();
    }

    @Override
    default List<String> ids() {
        return loadAll().stream().map(JobRecord::jobId).toList();
    }

    /** Forgets an ended job: its record and whatever else the store keeps for it. */
    void delete(String jobId);
}
