package io.warren.storage.s3;

import io.warren.storage.PendingObject;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An object being written to S3. Bytes gather in a buffer of one part; an object that fits is written by one PUT at
 * commit, a larger one becomes a multipart upload whose parts go up as the buffer fills and which is completed only at
 * commit. Nothing is visible under the key before: an uncompleted multipart upload is not an object. Closing without a
 * commit, or a failed commit, aborts the upload, so this writer leaves none pending; a writer that dies before either
 * leaves one, which the job's commit or abort discards ({@code discardUnfinished}).
 */
final class S3PendingObject extends PendingObject {
    /** S3's answer to a conditional write that another writer decides concurrently: try again. */
    private static final int CONFLICT = 409;
    private static final int PRECONDITION_FAILED = 412;
    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String uri;
    private final byte[] buffer;
    private final List<CompletedPart> parts = new ArrayList<>();
    private int buffered;
    private long size;
    private String uploadId;
    private boolean done;

    S3PendingObject(S3Client s3, String bucket, String key, String uri, int partBytes) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.uri = uri;
        this.buffer = new byte[partBytes];
    }

    @Override
    public void write(int b) throws IOException {
        if (buffered == buffer.length) uploadPart();
        buffer[buffered++] = (byte) b;
        size++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (buffered == buffer.length) uploadPart();
            int n = Math.min(len, buffer.length - buffered);
            System.arraycopy(b, off, buffer, buffered, n);
            buffered += n;
            off += n;
            len -= n;
            size += n;
        }
    }

    @Override
    public long size() {
        return size;
    }

    private void uploadPart() throws IOException {
        if (done) throw new IOException(uri + " is already committed or discarded");
        try {
            if (uploadId == null) {
                uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
            }
            int number = parts.size() + 1;
            String etag = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                    .contentLength((long) buffered), RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, buffered))).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            buffered = 0;
        } catch (SdkException e) {
            throw S3Failures.of("write", uri, e);
        }
    }

    @Override
    public void commit() throws IOException {
        finish(false);
    }

    @Override
    public boolean commitOnce() throws IOException {
        return finish(true);
    }

    private boolean finish(boolean onlyIfAbsent) throws IOException {
        if (done) throw new IllegalStateException(uri + " is already committed or discarded");
        try {
            if (uploadId != null && buffered > 0) uploadPart();
            for (int tries = 0; ; tries++) {
                try {
                    put(onlyIfAbsent);
                    done = true;
                    return true;
                } catch (SdkException e) {
                    if (onlyIfAbsent && S3Failures.isStatus(e, PRECONDITION_FAILED)) {
                        done = true;
                        abortUpload();
                        return false;
                    }
                    if (!S3Failures.isStatus(e, CONFLICT) || tries == 4) throw S3Failures.of("write", uri, e);
                }
            }
        } finally {
            if (!done) close();
        }
    }

    private void put(boolean onlyIfAbsent) {
        String ifNoneMatch = onlyIfAbsent ? "*" : null;
        if (uploadId == null) {
            s3.putObject(r -> r.bucket(bucket).key(key).contentLength((long) buffered).ifNoneMatch(ifNoneMatch),
                    RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, buffered)));
        } else {
            s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId).ifNoneMatch(ifNoneMatch)
                    .multipartUpload(u -> u.parts(parts)));
        }
    }

    @Override
    public void close() throws IOException {
        if (done) return;
        done = true;
        abortUpload();
    }

    private void abortUpload() throws IOException {
        if (uploadId == null) return;
        String id = uploadId;
        uploadId = null;
        try {
            s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(id));
        } catch (SdkException e) {
            if (!S3Failures.isStatus(e, 404)) throw S3Failures.of("abort the upload of", uri, e);
        }
    }
}
