package io.warren.storage.s3;

import io.warren.protocol.Printable;
import io.warren.storage.Keys;

/**
 * A place in a bucket, {@code s3://bucket[/prefix]}: the bucket and a key prefix that is {@code ""} or ends in
 * {@code /}.
 */
public record S3Location(String bucket, String prefix) {
    public static final String SCHEME = "s3://";

    public S3Location {
        if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("bad S3 bucket name " + Printable.quote(String.valueOf(bucket)));
        }
        prefix = Keys.directory(prefix);
    }

    public static boolean isS3(String path) {
        return path != null && path.startsWith(SCHEME);
    }

    /** Parses {@code s3://bucket[/prefix]}. */
    public static S3Location parse(String uri) {
        if (!isS3(uri)) throw new IllegalArgumentException("not an s3:// URI: " + Printable.quote(String.valueOf(uri)));
        String rest = uri.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash < 0) return new S3Location(rest, "");
        String prefix = rest.substring(slash + 1);
        return new S3Location(rest.substring(0, slash), prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
    }

    /** The location of {@code key} under this one's prefix, as a directory. */
    public S3Location resolve(String key) {
        return new S3Location(bucket, prefix + key);
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + prefix;
    }
}
