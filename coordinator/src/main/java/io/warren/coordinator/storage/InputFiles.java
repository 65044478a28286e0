package io.warren.coordinator.storage;

import io.warren.api.InvalidJobException;
import io.warren.protocol.InputSplit;
import io.warren.protocol.JobSpec;
import io.warren.protocol.Printable;
import io.warren.protocol.storage.StorageLayout;
import io.warren.storage.s3.S3Inputs;
import io.warren.storage.s3.S3Location;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The files a job's input patterns name: a file, a directory's files, a glob's matches, or an {@code s3://} prefix's
 * objects, each whole with its size and its pattern's mapper, confined as {@link SpecPaths} says. Hidden files are not
 * data, and a pattern that matches nothing fails the job. What the {@link FileJobPlanner} splits into map tasks.
 */
final class InputFiles {
    private static final String GLOB_CHARS = "*?[{";
    private final StorageLayout layout;
    private final SpecPaths paths;

    InputFiles(StorageLayout layout, SpecPaths paths) {
        this.layout = layout;
        this.paths = paths;
    }

    /**
     * A file an input pattern matched, with its size. {@code inside}: known to be inside the storage root, because it
     * was named and confined itself, or found in a confined directory without passing a symbolic link.
     */
    private record Found(Path path, long size, boolean inside) {
    }

    /** The input files as storage paths, in path order, each whole with its size and its input's mapper. */
    List<InputSplit> of(JobSpec spec) {
        if (spec.inputs().isEmpty()) throw new InvalidJobException("\"inputs\" is empty: give at least one file, directory or glob");
        Map<String, InputSplit> files = new HashMap<>();
        for (String pattern : spec.inputs()) {
            if (pattern == null || pattern.isBlank()) throw new InvalidJobException("an input path is empty");
            String located = paths.located("input", pattern);
            if (S3Location.isS3(located)) {
                for (S3Inputs.Input o : expandS3(located)) {
                    add(files, InputSplit.wholeFile(o.uri(), o.size()).withMapper(spec.mapperFor(pattern)));
                }
                continue;
            }
            List<Found> matched = expand(located);
            if (matched.isEmpty()) {
                throw new InvalidJobException("input " + Printable.quote(pattern) + " matches no files (relative paths"
                        + " start at the storage root " + layout.rootName() + ")");
            }
            for (Found f : matched) {
                if (!f.inside()) paths.allowed("input", f.path().toString());
                if (!Files.isReadable(f.path())) throw new InvalidJobException("input " + Printable.quote(f.path().toString()) + " is not readable");
                add(files, InputSplit.wholeFile(layout.toStoragePath(f.path()), f.size()).withMapper(spec.mapperFor(pattern)));
            }
        }
        // Sorted once, after overlapping patterns are merged, as strings: 40,000 Path comparisons cost far more.
        List<InputSplit> sorted = new ArrayList<>(files.size());
        files.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(f -> sorted.add(f.getValue()));
        return sorted;
    }

    private static void add(Map<String, InputSplit> files, InputSplit file) {
        InputSplit earlier = files.put(file.path(), file);
        if (earlier != null && !Objects.equals(earlier.mapper(), file.mapper())) {
            throw new InvalidJobException("input file " + Printable.quote(file.path()) + " is matched by inputs"
                    + " with different mappers (" + earlier.mapper() + ", " + file.mapper() + "): give each"
                    + " file one mapper");
        }
    }

    /** The objects an s3:// input names; none matched fails the job, as for files. */
    private static List<S3Inputs.Input> expandS3(String pattern) {
        List<S3Inputs.Input> found;
        try {
            found = S3Inputs.expand(pattern);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidJobException("cannot read input " + Printable.quote(pattern) + ": " + e.getMessage(), e);
        }
        if (found.isEmpty()) throw new InvalidJobException("input " + Printable.quote(pattern) + " matches no objects");
        return found;
    }

    private List<Found> expand(String pattern) {
        int glob = indexOfAny(pattern);
        if (glob < 0) {
            Path p = paths.allowed("input", pattern);
            if (Files.isRegularFile(p)) return List.of(new Found(p, size(p), true));
            if (Files.isDirectory(p)) return listFiles(p, 1, path -> true);
            return List.of();
        }
        int slash = pattern.lastIndexOf('/', glob);
        String base = slash < 0 ? "" : pattern.substring(0, slash + 1);
        Path baseDir = paths.allowed("input", base.isEmpty() ? "." : base);
        if (!Files.isDirectory(baseDir)) return List.of();
        String absolutePattern = layout.resolve(base.isEmpty() ? "." : base) + "/" + pattern.substring(base.length());
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + absolutePattern);
        int depth = pattern.contains("**") ? Integer.MAX_VALUE : (int) pattern.substring(base.length()).chars().filter(c -> c == '/').count() + 1;
        return listFiles(baseDir, depth, matcher::matches);
    }

    /**
     * The files under {@code dir} (itself confined), {@code depth} levels down, that are not hidden and that
     * {@code accept} takes. One walk gives each file's type and size: a large job's thousands of files cost a
     * directory read and a stat each, not a resolution of every path; hidden directories are skipped whole. Symbolic
     * links are not followed into directories; a link to a file is taken if it leads to a regular file, and its target
     * is confined later.
     */
    private static List<Found> listFiles(Path dir, int depth, Predicate<Path> accept) {
        List<Found> found = new ArrayList<>();
        try {
            Files.walkFileTree(dir, EnumSet.noneOf(FileVisitOption.class), depth, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                    return !d.equals(dir) && hidden(d) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path p, BasicFileAttributes a) throws IOException {
                    if (hidden(p) || !accept.test(p)) return FileVisitResult.CONTINUE;
                    if (a.isRegularFile()) {
                        found.add(new Found(p, a.size(), true));
                    } else if (a.isSymbolicLink() && Files.isRegularFile(p)) {
                        found.add(new Found(p, size(p), false));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new InvalidJobException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return found;
    }

    /** Files and directories starting with '.' or '_' are Warren's or another tool's bookkeeping, not data. */
    private static boolean hidden(Path path) {
        String n = path.getFileName().toString();
        return n.startsWith(".") || n.startsWith("_");
    }

    private static int indexOfAny(String s) {
        for (int i = 0; i < s.length(); i++) if (GLOB_CHARS.indexOf(s.charAt(i)) >= 0) return i;
        return -1;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new InvalidJobException("cannot read input " + p + ": " + e.getMessage(), e);
        }
    }
}
