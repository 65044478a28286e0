package io.warren.storage;

import io.warren.protocol.Json;
import io.warren.protocol.Printable;
import io.warren.protocol.storage.Compression;
import io.warren.protocol.storage.FileNames;
import io.warren.protocol.storage.StorageLayout;
import io.warren.storage.local.LocalObjectStore;
import io.warren.storage.s3.S3Location;
import io.warren.storage.s3.S3Stores;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A job's output directory, resolved once, in one place, for the planner, the reducers and the committer alike, and
 * the owner of what may be written and deleted there: the {@code mr-out-<r>} parts and {@code _SUCCESS}, never
 * anything else. The store underneath is rooted at the output directory itself, so no key can reach outside it.
 */
public final class OutputLocation {
    private final ObjectStore store;

    public OutputLocation(ObjectStore store) {
        this.store = store;
    }

    /**
     * The output directory a job spec or reduce task names: an {@code s3://bucket/prefix} URI, or a path relative to
     * the storage root; when {@code confined}, a path must stay inside the root, symlinks included (what a bucket
     * allows is for its credentials to say).
     *
     * @throws IllegalArgumentException when it leaves the root or exists and is not a directory
     */
    public static OutputLocation resolve(StorageLayout layout, String output, boolean confined) {
        if (output == null || output.isBlank()) throw new IllegalArgumentException("\"output\" is required: the directory for mr-out-* files");
        output = JobPaths.locate(layout, "output", output, confined);
        if (S3Location.isS3(output)) return new OutputLocation(S3Stores.at(S3Location.parse(output)));
        Path dir = confined ? layout.confine("output", output) : layout.resolve(output);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("output " + Printable.quote(output) + " exists and is not a directory");
        }
        return new OutputLocation(new LocalObjectStore(dir));
    }

    /** Where the output is, as a person names it. */
    public String uri() {
        return store.uri("");
    }

    /**
     * A new part {@code mr-out-<r>} (with the extension of its compression), invisible until its attempt commits it once
     * (see {@link PendingObject#commitOnce}).
     */
    public PendingObject createPart(int reduce, Compression compression) throws IOException {
        return store.create(FileNames.output(reduce, compression));
    }

    /**
     * Whether part {@code mr-out-<r>} (with the extension of its compression) is committed here: for a coordinator that
     * must know whether an attempt granted the commit, and then lost, did commit before it went.
     */
    public boolean hasPart(int reduce, Compression compression) throws IOException {
        return store.exists(FileNames.output(reduce, compression));
    }

    /** Output of an earlier job here: {@code _SUCCESS} and the {@code mr-out-*} parts, by name. */
    public List<String> earlierOutput() throws IOException {
        List<String> earlier = new ArrayList<>();
        for (ObjectStore.StoredObject o : store.list("")) {
            if (o.key().equals(FileNames.SUCCESS) || FileNames.isOutput(o.key())) earlier.add(o.key());
        }
        return earlier;
    }

    /** Deletes earlier output found by {@link #earlierOutput}, only once the new job is known to be valid. */
    public void clear(List<String> earlier) throws IOException {
        for (String name : earlier) {
            if (!name.equals(FileNames.SUCCESS) && !FileNames.isOutput(name)) throw new IllegalArgumentException(name);
            store.delete(name);
        }
    }

    /** Whether the job here committed: its {@code _SUCCESS} exists. */
    public boolean isCommitted() throws IOException {
        return store.exists(FileNames.SUCCESS);
    }

    /**
     * Commits the job: every part must be there; then {@code _SUCCESS} is written once, as a small manifest of the
     * parts and their sizes, and every write left unfinished here (an attempt killed mid-upload, a losing duplicate) is
     * discarded, so no multipart upload outlives the job.
     *
     * @throws IllegalStateException naming the missing part
     */
    public void commit(String jobId, int reduces, Compression compression) throws IOException {
        List<SuccessManifest.Part> parts = new ArrayList<>(reduces);
        for (int r = 0; r < reduces; r++) {
            String name = FileNames.output(r, compression);
            var size = store.size(name);
            if (size.isEmpty()) {
                throw new IllegalStateException("job " + jobId + " reported reduce " + r + " done but " + store.uri(name)
                        + " is missing; is the output on the same shared storage for every worker?");
            }
            parts.add(new SuccessManifest.Part(name, size.get()));
        }
        store.write(FileNames.SUCCESS, Json.encode(new SuccessManifest(jobId, parts)));
        store.discardUnfinished("");
    }

    /** A part committed after its job ended without success is taken back. */
    public void withdraw(int reduce, Compression compression) throws IOException {
        store.delete(FileNames.output(reduce, compression));
    }

    /**
     * The job failed or was cancelled: delete every part it committed and every write left unfinished here, and
     * nothing else. A committed output ({@code _SUCCESS} exists) is left alone: only a job that succeeded writes it, so
     * an abort that finds it comes from a coordinator whose term was superseded after its last check, while the newer
     * term committed the job (docs/fencing.md), or follows a commit that failed after writing it, whose parts are all
     * there.
     *
     * @return false if the output is committed, and nothing was deleted
     */
    public boolean abort() throws IOException {
        if (isCommitted()) return false;
        for (ObjectStore.StoredObject o : store.list("")) {
            if (FileNames.isOutput(o.key())) store.delete(o.key());
        }
        store.discardUnfinished("");
        return true;
    }

    @Override
    public String toString() {
        return uri();
    }
}
