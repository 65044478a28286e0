package io.warren.storage.s3;

import io.warren.storage.Keys;
import io.warren.storage.ObjectStore;
import io.warren.storage.PendingObject;
import io.warren.storage.StreamChannel;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The storage port on an S3 bucket, under a key prefix. A new object is written with one PUT when small and as a
 * multipart upload otherwise (see {@link S3PendingObject}); a create-only commit is a conditional write
 * ({@code If-None-Match: *}), which S3 decides atomically. A directory is a zero-byte marker object {@code <key>/}.
 */
public final class S3ObjectStore implements ObjectStore {
    /** S3 deletes at most this many keys in one request. */
    private static final int DELETE_BATCH = 1000;
    private final S3Client s3;
    private final S3Location location;
    private final int partBytes;

    public S3ObjectStore(S3Client s3, S3Location location, int partBytes) {
        this.s3 = s3;
        this.location = location;
        this.partBytes = partBytes;
    }

    public S3Location location() {
        return location;
    }

    private String fullKey(String key) {
        return location.prefix() + Keys.check(key);
    }

    @Override
    public String uri(String key) {
        return S3Location.SCHEME + location.bucket() + "/" + fullKey(key);
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        String full = fullKey(prefix);
        List<StoredObject> found = new ArrayList<>();
        try {
            for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(location.bucket()).prefix(full)).contents()) {
                if (o.key().endsWith("/")) continue; // a directory marker
                found.add(new StoredObject(o.key().substring(location.prefix().length()), o.size()));
            }
        } catch (SdkException e) {
            throw S3Failures.of("list", uri(prefix), e);
        }
        found.sort(Comparator.comparing(StoredObject::key));
        return found;
    }

    /** One level under {@code dir} ({@code ""} or ending in {@code /}): its objects, and its sub-prefixes (each ending in {@code /}). */
    public Level listLevel(String dir) throws IOException {
        String full = fullKey(Keys.directory(dir));
        List<StoredObject> objects = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        try {
            for (var page : s3.listObjectsV2Paginator(r -> r.bucket(location.bucket()).prefix(full).delimiter("/"))) {
                for (S3Object o : page.contents()) {
                    if (!o.key().endsWith("/")) objects.add(new StoredObject(o.key().substring(location.prefix().length()), o.size()));
                }
                page.commonPrefixes().forEach(p -> prefixes.add(p.prefix().substring(location.prefix().length())));
            }
        } catch (SdkException e) {
            throw S3Failures.of("list", uri(dir), e);
        }
        return new Level(objects, prefixes);
    }

    /** What one level of a listing holds. */
    public record Level(List<StoredObject> objects, List<String> prefixes) {
    }

    @Override
    public Optional<Long> size(String key) throws IOException {
        return head(fullKey(key)).map(HeadObjectResponse::contentLength);
    }

    private Optional<HeadObjectResponse> head(String full) throws IOException {
        try {
            return Optional.of(s3.headObject(r -> r.bucket(location.bucket()).key(full)));
        } catch (SdkException e) {
            if (S3Failures.isMissingKey(e)) return Optional.empty();
            throw S3Failures.of("read", S3Location.SCHEME + location.bucket() + "/" + full, e);
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        if (offset < 0) throw new IllegalArgumentException("offset " + offset);
        if (length == 0) return InputStream.nullInputStream();
        String range = "bytes=" + offset + "-" + (length < 0 ? "" : Long.toString(offset + length - 1));
        try {
            return s3.getObject(r -> r.bucket(location.bucket()).key(fullKey(key)).range(range));
        } catch (SdkException e) {
            if (S3Failures.isStatus(e, 416)) return InputStream.nullInputStream(); // the range starts past the end
            if (S3Failures.isMissingKey(e)) throw S3Failures.missing(uri(key), e);
            throw S3Failures.of("read", uri(key), e);
        }
    }

    @Override
    public ReadableByteChannel channel(String key, long offset) throws IOException {
        return new StreamChannel(open(key, offset, -1));
    }

    @Override
    public PendingObject create(String key) {
        return new S3PendingObject(s3, location.bucket(), fullKey(key), uri(key), partBytes);
    }

    @Override
    public void makeDirectory(String key) throws IOException {
        String marker = fullKey(Keys.directory(key));
        try {
            s3.putObject(r -> r.bucket(location.bucket()).key(marker), RequestBody.empty());
        } catch (SdkException e) {
            throw S3Failures.of("write", uri(Keys.directory(key)), e);
        }
    }

    @Override
    public boolean isDirectory(String key) throws IOException {
        return head(fullKey(Keys.directory(key))).isPresent();
    }

    @Override
    public boolean delete(String key) throws IOException {
        if (!exists(key)) return false;
        try {
            s3.deleteObject(r -> r.bucket(location.bucket()).key(fullKey(key)));
            return true;
        } catch (SdkException e) {
            throw S3Failures.of("delete", uri(key), e);
        }
    }

    @Override
    public void deletePrefix(String prefix) throws IOException {
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("a prefix to delete ends in /, got " + prefix);
        }
        discardUnfinished(prefix);
        String full = fullKey(prefix);
        try {
            List<ObjectIdentifier> batch = new ArrayList<>();
            for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(location.bucket()).prefix(full)).contents()) {
                batch.add(ObjectIdentifier.builder().key(o.key()).build());
                if (batch.size() == DELETE_BATCH) deleteBatch(batch);
            }
            if (!batch.isEmpty()) deleteBatch(batch);
        } catch (SdkException e) {
            throw S3Failures.of("delete", uri(prefix), e);
        }
    }

    private void deleteBatch(List<ObjectIdentifier> batch) {
        Delete delete = Delete.builder().objects(List.copyOf(batch)).quiet(true).build();
        var response = s3.deleteObjects(r -> r.bucket(location.bucket()).delete(delete));
        batch.clear();
        if (response.hasErrors() && !response.errors().isEmpty()) {
            var first = response.errors().get(0);
            throw new IllegalStateException("S3 refused to delete " + response.errors().size() + " object(s), first "
                    + first.key() + ": " + first.code() + " " + first.message());
        }
    }

    @Override
    public void discardUnfinished(String prefix) throws IOException {
        String full = fullKey(Keys.directory(prefix));
        try {
            for (MultipartUpload upload : s3.listMultipartUploadsPaginator(r -> r.bucket(location.bucket()).prefix(full))
                    .uploads()) {
                try {
                    s3.abortMultipartUpload(r -> r.bucket(location.bucket()).key(upload.key()).uploadId(upload.uploadId()));
                } catch (SdkException e) {
                    if (!S3Failures.isStatus(e, 404)) throw e; // finished or aborted meanwhile
                }
            }
        } catch (SdkException e) {
            throw S3Failures.of("abort unfinished uploads under", uri(Keys.directory(prefix)), e);
        }
    }

    /** Fails with the URI and S3's error unless the bucket can be listed: for a role or a job at start. */
    public void check() throws IOException {
        try {
            s3.listObjectsV2(r -> r.bucket(location.bucket()).prefix(location.prefix()).maxKeys(1));
        } catch (SdkException e) {
            throw S3Failures.of("reach", location.toString(), e);
        }
    }

    @Override
    public String toString() {
        return "S3ObjectStore[" + location + "]";
    }
}
