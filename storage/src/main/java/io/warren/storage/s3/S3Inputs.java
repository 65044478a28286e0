package io.warren.storage.s3;

import io.warren.storage.ObjectStore;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * The objects an {@code s3://} input names, the way a path input names files: one object; the objects directly under
 * a "directory" ({@code s3://logs/2026-12-01}); or a glob over keys ({@code s3://logs/2026-12-*}{@code /*.gz}, where
 * {@code *} stays within one {@code /}-separated segment and {@code **} crosses them). Keys with a segment starting
 * with {@code .} or {@code _} are bookkeeping, not data, and are skipped, as hidden files are.
 */
public final class S3Inputs {
    private static final String GLOB_CHARS = "*?[{";

    /** An object found, by its {@code s3://} URI, with its size. */
    public record Input(String uri, long size) {
    }

    public static List<Input> expand(String pattern) throws IOException {
        int bucketEnd = pattern.indexOf('/', S3Location.SCHEME.length());
        S3Location bucket = S3Location.parse(bucketEnd < 0 ? pattern : pattern.substring(0, bucketEnd));
        String keys = bucketEnd < 0 ? "" : pattern.substring(bucketEnd + 1);
        ObjectStore store = S3Stores.at(bucket);
        List<Input> found = new ArrayList<>();
        int glob = indexOfGlob(keys);
        if (glob < 0) {
            if (!keys.isEmpty() && !keys.endsWith("/")) {
                var size = store.size(keys);
                if (size.isPresent()) return List.of(new Input(store.uri(keys), size.get()));
            }
            String dir = keys.isEmpty() || keys.endsWith("/") ? keys : keys + "/";
            for (ObjectStore.StoredObject o : store.list(dir)) {
                String name = o.key().substring(dir.length());
                if (!name.contains("/") && !hidden(name)) found.add(new Input(store.uri(o.key()), o.size()));
            }
            return found;
        }
        String prefix = keys.substring(0, keys.lastIndexOf('/', glob) + 1);
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + keys);
        for (ObjectStore.StoredObject o : store.list(prefix)) {
            if (hidden(o.key().substring(prefix.length()))) continue;
            if (matcher.matches(Path.of(o.key()))) found.add(new Input(store.uri(o.key()), o.size()));
        }
        return found;
    }

    private static boolean hidden(String relativeKey) {
        for (String segment : relativeKey.split("/")) {
            if (segment.startsWith(".") || segment.startsWith("_")) return true;
        }
        return false;
    }

    private static int indexOfGlob(String s) {
        for (int i = 0; i < s.length(); i++) if (GLOB_CHARS.indexOf(s.charAt(i)) >= 0) return i;
        return -1;
    }

    private S3Inputs() {
    }
}
