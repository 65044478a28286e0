package io.warren.coordinator.storage;

import io.warren.coordinator.domain.JobRecord;
import io.warren.protocol.JobIds;
import io.warren.protocol.storage.StorageLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Reads the jobs on record under a storage root, as any process may while one coordinator writes them: which jobs there
 * are, and each one's state as its snapshot and journal give it ({@link JournalReplay#read}), read again when a
 * writer's compaction or a remote view of the storage made it look damaged or gone for a moment.
 */
final class JobFileReader {
    private static final Logger log = LoggerFactory.getLogger(JobFileReader.class);
    /** Times a reader reads a job again when a compaction replaced its files while it read them. */
    private static final int READ_ATTEMPTS = 5;

    private final StorageLayout layout;
    /** Damage already reported, so a status page that reads every two seconds says it once. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    JobFileReader(StorageLayout layout) {
        this.layout = layout;
    }

    JobFiles files(String jobId) {
        return new JobFiles(layout, jobId);
    }

    /** The ids of the jobs on record (a directory with a snapshot), in no particular order. */
    List<String> ids() {
        if (!Files.isDirectory(layout.jobsDir())) return List.of();
        try (Stream<Path> dirs = Files.list(layout.jobsDir())) {
            return dirs.map(d -> d.getFileName().toString()).filter(JobIds::isValid)
                    .filter(id -> files(id).onRecord()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + layout.jobsDir(), e);
        }
    }

    /**
     * Reads a job as a reader does, while a writer may append and write snapshots. {@link JournalReplay#read} copes
     * with those; damage or a vanished file is read again a few times before it is believed, in case a writer on
     * another machine was in the middle of something the reader's view of the storage did not show whole.
     *
     * @return null if the job is not on record
     */
    JournalReplay.Replayed read(JobFiles files) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                JournalReplay.Replayed r = JournalReplay.read(files);
                if (r != null && r.tail() instanceof JournalReplay.Damaged d && attempt < READ_ATTEMPTS) continue;
                if (r != null && r.tail() instanceof JournalReplay.Damaged d && reported.add(d.segment().path() + "@" + d.at())) {
                    log.warn("job={}: its journal is damaged in {} at byte {} ({}); showing it as of record {}",
                            files.jobId(), d.segment().path(), d.at(), d.why(), r.seq());
                }
                return r;
            } catch (NoSuchFileException e) {
                if (attempt >= READ_ATTEMPTS || !files.onRecord()) {
                    if (!files.onRecord()) return null;
                    throw e;
                }
            }
        }
    }

    /** Every job on record, oldest submission first. Unreadable records are skipped with a warning. */
    List<JobRecord> loadAll() {
        List<JobRecord> jobs = new ArrayList<>();
        for (String id : ids()) {
            try {
                JournalReplay.Replayed r = read(files(id));
                if (r != null) jobs.add(r.job());
            } catch (IOException | UncheckedIOException e) {
                log.warn("skipping unreadable job record of {}: {}", id, e.getMessage());
            }
        }
        jobs.sort(JobRecord.OLDEST_FIRST);
        return jobs;
    }
}
