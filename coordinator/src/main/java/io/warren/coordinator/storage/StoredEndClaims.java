package io.warren.coordinator.storage;

import io.warren.coordinator.domain.EndClaims;
import io.warren.coordinator.domain.JobEnd;
import io.warren.protocol.Json;
import io.warren.storage.Keys;
import io.warren.storage.ObjectStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Each term's word on a job as a small object {@code ends/<job>/<epoch>} in Warren's work area, a file under a
 * directory root and an object in a bucket alike. Only the term of an epoch writes that epoch's word, so a plain write
 * suffices; the order of the words is the order of the epochs, not of the writes.
 */
public final class StoredEndClaims implements EndClaims {
    private static final String ENDS = "ends/";
    private final ObjectStore work;

    /** @param work the store rooted at Warren's work area */
    public StoredEndClaims(ObjectStore work) {
        this.work = work;
    }

    @Override
    public void claim(String jobId, long term, JobEnd end) {
        String key = key(jobId, term);
        try {
            work.write(key, Json.encode(end));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record how term " + term + " ends job " + jobId + " in "
                    + work.uri(key) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<JobEnd> takeOver(String jobId, long term) {
        String prefix = prefix(jobId);
        try {
            long newest = -1;
            for (ObjectStore.StoredObject o : work.list(prefix)) {
                String name = o.key().substring(prefix.length());
                if (!isEpoch(name)) continue; // a temporary file of a write under way, or not ours
                long epoch = Long.parseLong(name);
                if (epoch < term) newest = Math.max(newest, epoch);
            }
            if (newest >= 0) {
                JobEnd word = Json.MAPPER.readValue(work.read(key(jobId, newest)), JobEnd.class);
                if (word.ends()) return Optional.of(word);
            }
            claim(jobId, term, JobEnd.CONTINUED);
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read how earlier terms ended job " + jobId + " in " + work.uri(prefix)
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void forget(String jobId) {
        try {
            work.deletePrefix(prefix(jobId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + work.uri(prefix(jobId)) + ": " + e.getMessage(), e);
        }
    }

    private static boolean isEpoch(String name) {
        if (name.isEmpty() || name.length() > 18) return false;
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') return false;
        }
        return true;
    }

    private static String prefix(String jobId) {
        return Keys.join(ENDS, jobId) + "/";
    }

    private static String key(String jobId, long term) {
        return prefix(jobId) + term;
    }
}
