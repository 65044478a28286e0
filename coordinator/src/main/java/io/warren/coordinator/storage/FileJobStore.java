package io.warren.coordinator.storage;

import io.warren.coordinator.domain.JobChange;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.JobStore;
import io.warren.protocol.Json;
import io.warren.protocol.storage.DurableFiles;
import io.warren.protocol.storage.StorageLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** Job records as JSON files on the shared storage, one per job, each replaced atomically on every save. */
public final class FileJobStore implements JobStore {
    private static final Logger log = LoggerFactory.getLogger(FileJobStore.class);
    private final StorageLayout layout;

    public FileJobStore(StorageLayout layout) {
        this.layout = layout;
    }

    @Override
    public void save(JobChange change, Supplier<JobRecord> whole) {
        JobRecord job = whole.get();
        try {
            DurableFiles.writeAtomically(layout.jobStateFile(job.jobId()), Json.encode(job));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save job " + job.jobId() + " under " + layout.jobsDir(), e);
        }
    }

    @Override
    public Optional<JobRecord> load(String jobId) {
        Path file = layout.jobStateFile(jobId);
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            return Optional.of(Json.read(Files.readAllBytes(file), JobRecord.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public List<String> ids() {
        if (!Files.isDirectory(layout.jobsDir())) return List.of();
        try (Stream<Path> dirs = Files.list(layout.jobsDir())) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("job.json"))).map(d -> d.getFileName().toString())
                    .filter(io.warren.protocol.JobIds::isValid).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + layout.jobsDir(), e);
        }
    }

    @Override
    public void delete(String jobId) {
        try {
            DurableFiles.deleteTree(layout.jobStateFile(jobId).getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the record of job " + jobId, e);
        }
    }

    /** Every job on record, oldest submission first. Unreadable records are skipped with a warning. */
    @Override
    public List<JobRecord> loadAll() {
        if (!Files.isDirectory(layout.jobsDir())) return List.of();
        List<JobRecord> jobs = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(layout.jobsDir())) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                Path file = dir.resolve("job.json");
                if (!Files.isRegularFile(file)) continue;
                try {
                    jobs.add(Json.read(Files.readAllBytes(file), JobRecord.class));
                } catch (IOException | UncheckedIOException e) {
                    log.warn("skipping unreadable job record {}: {}", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + layout.jobsDir(), e);
        }
        jobs.sort(Comparator.comparing(JobRecord::submittedAt).thenComparing(JobRecord::jobId));
        return jobs;
    }
}
