package io.warren.coordinator.storage;

import io.warren.coordinator.domain.EndClaims;
import io.warren.coordinator.domain.EpochStore;
import io.warren.coordinator.domain.JobReader;
import io.warren.coordinator.domain.JobStore;
import io.warren.coordinator.pipeline.PipelineStore;
import io.warren.protocol.storage.StorageLayout;
import io.warren.storage.JobDirectory;

import java.time.Duration;

/**
 * Where the coordinator's own state lives for a storage root: files in the work area of a directory root, objects
 * written create-only in the work area of a bucket root. The one place that picks between them.
 */
public final class StateStores {

    public static JobStore jobs(StorageLayout layout) {
        return layout.isBucket() ? new ObjectJobStore(JobDirectory.workArea(layout)) : new FileJobStore(layout);
    }

    public static EpochStore epochs(StorageLayout layout) {
        return layout.isBucket() ? new StoreEpochStore(JobDirectory.workArea(layout)) : new FileEpochStore(layout);
    }

    /** Each coordinator term's word on how a job ends, in the work area of either root (docs/fencing.md). */
    public static EndClaims ends(StorageLayout layout) {
        return new StoredEndClaims(JobDirectory.workArea(layout));
    }

    public static PipelineStore pipelines(StorageLayout layout) {
        return layout.isBucket() ? new ObjectPipelineStore(JobDirectory.workArea(layout)) : new FilePipelineStore(layout);
    }

    /**
     * What the status page reads through: followers that read each job whole once and then only its new records, on
     * files (kept up to date every {@code refresh} while someone looked in the last {@code idle}) and on a bucket (at
     * each look, one listing and a GET per new record).
     */
    public static JobReader followers(StorageLayout layout, int followed, Duration refresh, Duration idle) {
        return layout.isBucket() ? new ObjectJobFollowers(JobDirectory.workArea(layout), followed)
                : new JobFollowers(layout, followed).keepUpToDate(refresh, idle);
    }

    /** Where the jobs are, as a person names it. */
    public static String describe(StorageLayout layout) {
        return layout.isBucket() ? JobDirectory.workArea(layout).uri("state/") : layout.jobsDir().toString();
    }

    private StateStores() {
    }
}
