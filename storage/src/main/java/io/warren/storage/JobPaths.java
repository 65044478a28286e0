package io.warren.storage;

import io.warren.protocol.storage.StorageLayout;
import io.warren.storage.s3.S3Location;

import java.nio.file.Path;

/**
 * The one rule for where a job path (an input, the output, a jar) points: an {@code s3://} URI as it is; a relative
 * path against the storage root, which for a bucket root makes it an {@code s3://} URI under the bucket's prefix. On a
 * bucket root an absolute local path is allowed only unconfined (local mode), where paths are the user's own.
 */
public final class JobPaths {

    /**
     * @return an {@code s3://} URI, or the path as given when it names a local file (resolve it with the layout)
     * @throws IllegalArgumentException naming {@code what} when a confined path would leave a bucket root
     */
    public static String locate(StorageLayout layout, String what, String path, boolean confined) {
        if (S3Location.isS3(path) || !layout.isBucket()) return path;
        if (!confined && Path.of(path).isAbsolute()) return path;
        return layout.inBucket(what, path);
    }

    private JobPaths() {
    }
}
