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
 *
 * <p>A glob is walked one segment at a time with delimited listings, so {@code logs/2026-12-*}{@code /*.gz} lists the
 * "directories" under {@code logs/} and then only the matching ones, never the whole tree; {@code **} lists what lies
 * under it at every depth.
 */
public final class S3Inputs {
    private static final String GLOB_CHARS = "*?[{";

    /** An object found, by its {@code s3://} URI, with its size. */
    public record Input(String uri, long size) {
    }

    /**
     * The objects {@code pattern} names, found with listings (and one {@code HeadObject} for a plain key): the job's
     * credentials need {@code s3:ListBucket} on the bucket, as for any input that is not one object.
     */
    public static List<Input> expand(String pattern) throws IOException {
        int bucketEnd = pattern.indexOf('/', S3Location.SCHEME.length());
        S3Location bucket = S3Location.parse(bucketEnd < 0 ? pattern : pattern.substring(0, bucketEnd));
        String keys = bucketEnd < 0 ? "" : pattern.substring(bucketEnd + 1);
        // A first request that gives up after the probe's tries: an unreachable endpoint, a missing bucket or refused
        // credentials fail the job within seconds, naming the URI, not after the data path's half minute of retries.
        S3Stores.probe(bucket).check();
        S3ObjectStore store = S3Stores.at(bucket);
        List<Input> found = new ArrayList<>();
        if (indexOfGlob(keys) < 0) {
            if (!keys.isEmpty() && !keys.endsWith("/")) {
                var size = store.size(keys);
                if (size.isPresent()) return List.of(new Input(store.uri(keys), size.get()));
            }
            String dir = keys.isEmpty() || keys.endsWith("/") ? keys : keys + "/";
            for (ObjectStore.StoredObject o : store.listLevel(dir).objects()) {
                if (!hidden(o.key().substring(dir.length()))) found.add(new Input(store.uri(o.key()), o.size()));
            }
            return found;
        }
        walk(store, "", keys.split("/", -1), 0, found);
        found.sort(java.util.Comparator.comparing(Input::uri));
        return found;
    }

    /** Adds the objects under {@code dir} that match {@code segments[i..]}. */
    private static void walk(S3ObjectStore store, String dir, String[] segments, int i, List<Input> found)
            throws IOException {
        String segment = segments[i];
        boolean last = i == segments.length - 1;
        if (segment.contains("**")) {
            PathMatcher rest = matcher(String.join("/", java.util.Arrays.copyOfRange(segments, i, segments.length)));
            for (ObjectStore.StoredObject o : store.list(dir)) {
                String relative = o.key().substring(dir.length());
                if (!hidden(relative) && rest.matches(Path.of(relative))) found.add(new Input(store.uri(o.key()), o.size()));
            }
            return;
        }
        if (indexOfGlob(segment) < 0 && !last) {
            walk(store, dir + segment + "/", segments, i + 1, found);
            return;
        }
        PathMatcher matcher = matcher(segment);
        S3ObjectStore.Level level = store.listLevel(dir);
        if (last) {
            for (ObjectStore.StoredObject o : level.objects()) {
                String name = o.key().substring(dir.length());
                if (!hidden(name) && matcher.matches(Path.of(name))) found.add(new Input(store.uri(o.key()), o.size()));
            }
            return;
        }
        for (String prefix : level.prefixes()) {
            String name = prefix.substring(dir.length(), prefix.length() - 1);
            if (!name.isEmpty() && !hidden(name) && matcher.matches(Path.of(name))) walk(store, prefix, segments, i + 1, found);
        }
    }

    private static PathMatcher matcher(String glob) {
        return FileSystems.getDefault().getPathMatcher("glob:" + glob);
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
