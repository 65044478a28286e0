package io.warren.coordinator.storage;

import io.warren.coordinator.domain.EpochStore;
import io.warren.storage.Keys;
import io.warren.storage.ObjectStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * Coordinator terms as small objects {@code terms/<epoch>} (holding a random claim id) in Warren's work area on the storage port (a bucket), each
 * written create-only ({@code If-None-Match: *} on S3): of two coordinators that claim one epoch at once, exactly one
 * write succeeds, and the other takes the next epoch.
 */
public final class StoreEpochStore implements EpochStore {
    private static final String TERMS = "terms/";
    private final ObjectStore work;

    /** @param work the store rooted at Warren's work area */
    public StoreEpochStore(ObjectStore work) {
        this.work = work;
    }

    @Override
    public long claimNext() {
        try {
            byte[] mine = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
            long next = latest() + 1;
            while (true) {
                if (work.writeOnce(key(next), mine)) return next;
                // Another coordinator claimed it first: take the one after. A server may answer a racing conditional
                // write that did land with a refusal (it retried a conflict): the claim's content says whose it is.
                // And it may refuse both of two racing writes: then nobody holds the epoch and it is tried again, so
                // epochs leave no gap (a term learns that it is superseded by looking up the epoch after its own).
                Optional<byte[]> holder = read(key(next));
                if (holder.isPresent() && Arrays.equals(holder.get(), mine)) return next;
                if (holder.isPresent()) next++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot claim a coordinator term in " + work.uri(TERMS) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long latest() {
        try {
            long latest = 0;
            for (ObjectStore.StoredObject o : work.list(TERMS)) {
                String name = o.key().substring(TERMS.length());
                if (name.matches("\\d{1,19}")) latest = Math.max(latest, Long.parseLong(name));
            }
            return latest;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the coordinator terms in " + work.uri(TERMS) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean claimed(long epoch) {
        try {
            return work.exists(key(epoch));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look up coordinator term " + epoch + " in " + work.uri(TERMS), e);
        }
    }

    private Optional<byte[]> read(String key) throws IOException {
        try {
            return Optional.of(work.read(key));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static String key(long epoch) {
        return Keys.join(TERMS, Long.toString(epoch));
    }
}
