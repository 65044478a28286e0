package io.warren.coordinator.storage;

import io.warren.api.InvalidJobException;
import io.warren.api.MapReduceJob;
import io.warren.coordinator.domain.JobPlanner;
import io.warren.protocol.InputSplit;
import io.warren.protocol.JobRef;
import io.warren.protocol.JobSpec;
import io.warren.protocol.Printable;
import io.warren.protocol.apps.AppCatalog;
import io.warren.protocol.apps.AppContext;
import io.warren.protocol.storage.Compression;
import io.warren.protocol.storage.FileNames;
import io.warren.protocol.storage.StorageLayout;
import io.warren.storage.JobPaths;
import io.warren.storage.OutputLocation;
import io.warren.storage.s3.S3Inputs;
import io.warren.storage.s3.S3Location;
import io.warren.storage.s3.S3Stores;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates a job against the shared storage and plans one map task per input file. Paths in the spec are relative to
 * the storage root; unless {@code confined} is off (local mode), every path must stay inside it, symlinks included.
 */
public final class FileJobPlanner implements JobPlanner {
    private static final String GLOB_CHARS = "*?[{";
    private final StorageLayout layout;
    private final AppCatalog catalog;
    private final boolean confined;
    private final long defaultSplitSize;

    public FileJobPlanner(StorageLayout layout, AppCatalog catalog, boolean confined, long defaultSplitSize) {
        this.layout = layout;
        this.catalog = catalog;
        this.confined = confined;
        this.defaultSplitSize = defaultSplitSize;
    }

    public FileJobPlanner(StorageLayout layout, AppCatalog catalog, boolean confined) {
        this(layout, catalog, confined, DEFAULT_SPLIT_SIZE);
    }

    public static final long DEFAULT_SPLIT_SIZE = 64L << 20;

    @Override
    public List<List<InputSplit>> plan(JobSpec spec) {
        checkShape(spec);
        EarlierOutput earlierOutput = checkOutput(spec.output(), spec.overwrites());
        io.warren.api.InputMode mode = load(spec);
        long splitSize = spec.splitSize() == null ? defaultSplitSize : spec.splitSize();
        if (splitSize < 1) throw new InvalidJobException("\"splitSize\" must be at least 1 byte, got " + splitSize);
        List<List<InputSplit>> tasks = Splitter.split(inputs(spec),
                mode == io.warren.api.InputMode.WHOLE_FILE ? Long.MAX_VALUE : splitSize,
                mode == io.warren.api.InputMode.WHOLE_FILE);
        // The job is valid: only now may earlier output go (only Warren's own files; anything else stays).
        try {
            earlierOutput.location().clear(earlierOutput.files());
        } catch (IOException e) {
            throw new InvalidJobException("cannot remove earlier output in " + earlierOutput.location() + ": "
                    + e.getMessage(), e);
        }
        return tasks;
    }

    @Override
    public void check(JobSpec spec) {
        checkShape(spec);
        checkOutput(spec.output(), spec.overwrites());
        load(spec);
        if (spec.splitSize() != null && spec.splitSize() < 1) {
            throw new InvalidJobException("\"splitSize\" must be at least 1 byte, got " + spec.splitSize());
        }
    }

    private void checkShape(JobSpec spec) {
        if (spec.streaming() != null) {
            if (spec.app() != null && !spec.app().equals(io.warren.protocol.Streaming.APP)) {
                throw new InvalidJobException("a job has either an \"app\" or \"streaming\" commands, not both (app "
                        + Printable.quote(spec.app()) + ")");
            }
            if (spec.jar() != null) throw new InvalidJobException("a streaming job has no \"jar\": its mapper and reducer are commands");
        } else if (spec.app() == null || spec.app().isBlank()) {
            throw new InvalidJobException("\"app\" is required: a built-in name " + catalog.builtIns().keySet()
                    + " or a class name (or \"streaming\" commands)");
        }
        int reduces = spec.reduceCount();
        if (reduces < 1 || reduces > JobSpec.MAX_REDUCES) {
            throw new InvalidJobException("\"reduces\" must be between 1 and " + JobSpec.MAX_REDUCES + ", got " + reduces);
        }
        if (spec.priorityLevel() < 0 || spec.priorityLevel() > io.warren.protocol.Topology.MAX_PRIORITY) {
            throw new InvalidJobException("\"priority\" must be between 0 and " + io.warren.protocol.Topology.MAX_PRIORITY
                    + ", got " + spec.priorityLevel());
        }
        try {
            Compression.forOutput(spec.outputCompression());
        } catch (IllegalArgumentException e) {
            throw new InvalidJobException("\"outputCompression\": " + e.getMessage());
        }
    }

    /**
     * The app loads and accepts the job's parameters, and the jar is allowed; a streaming job's commands and shipped
     * files are checked (whether a command exists can only be seen where it runs, on a worker), and it reads lines.
     *
     * @return how the job reads its input
     */
    private io.warren.api.InputMode load(JobSpec spec) {
        if (spec.streaming() != null) {
            if (spec.inputMappers() != null) {
                throw new InvalidJobException("a streaming job has one mapper command: \"inputMappers\" is for Java jobs"
                        + " (a streaming mapper can tell inputs apart by its mapreduce_map_input_file environment variable)");
            }
            try {
                spec.streaming().validate();
            } catch (IllegalArgumentException e) {
                throw new InvalidJobException(e.getMessage());
            }
            return io.warren.api.InputMode.LINES;
        }
        if (spec.jar() != null) {
            String jar = located("jar", spec.jar());
            if (!S3Location.isS3(jar)) allowed("jar", jar);
        }
        MapReduceJob job = catalog.instantiate(new JobRef(spec.app(), spec.jar(), spec.params()));
        try {
            job.validate(new AppContext(spec.jobId(), spec.params()));
            InputMappers.check(spec, job, new AppContext(spec.jobId(), spec.params()));
        } catch (InvalidJobException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidJobException("app " + spec.app() + " rejected the job: " + e, e);
        }
        return job.input();
    }

    /** @return the output and its earlier files, to delete once the job is known to be valid (only with overwrite) */
    private EarlierOutput checkOutput(String output, boolean overwrite) {
        OutputLocation location;
        try {
            location = OutputLocation.resolve(layout, output, confined);
        } catch (IllegalArgumentException e) {
            throw new InvalidJobException(e.getMessage());
        }
        try {
            // Within seconds, as for an input: the output's listing would retry an unreachable endpoint for half a minute.
            if (S3Location.isS3(location.uri())) S3Stores.probe(S3Location.parse(location.uri())).check();
            List<String> earlier = location.earlierOutput();
            if (!earlier.isEmpty() && !overwrite) {
                throw new InvalidJobException("output directory " + Printable.quote(output) + " already holds job"
                        + " output (_SUCCESS or mr-out-*); choose a new directory, delete the old output, or"
                        + " submit with --overwrite");
            }
            return new EarlierOutput(location, earlier);
        } catch (IOException e) {
            throw new InvalidJobException("cannot read output directory " + Printable.quote(output) + ": " + e, e);
        }
    }

    private record EarlierOutput(OutputLocation location, List<String> files) {
    }

    /**
     * A file an input pattern matched, with its size. {@code inside}: known to be inside the storage root, because it
     * was named and confined itself, or found in a confined directory without passing a symbolic link.
     */
    private record Found(Path path, long size, boolean inside) {
    }

    /** The input files as storage paths, in path order, each whole with its size and its input's mapper. */
    private List<InputSplit> inputs(JobSpec spec) {
        if (spec.inputs().isEmpty()) throw new InvalidJobException("\"inputs\" is empty: give at least one file, directory or glob");
        Map<String, InputSplit> files = new HashMap<>();
        for (String pattern : spec.inputs()) {
            if (pattern == null || pattern.isBlank()) throw new InvalidJobException("an input path is empty");
            String located = located("input", pattern);
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
                if (!f.inside()) allowed("input", f.path().toString());
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
        if (earlier != null && !java.util.Objects.equals(earlier.mapper(), file.mapper())) {
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
            Path p = allowed("input", pattern);
            if (Files.isRegularFile(p)) return List.of(new Found(p, size(p), true));
            if (Files.isDirectory(p)) return listFiles(p, 1, path -> true);
            return List.of();
        }
        int slash = pattern.lastIndexOf('/', glob);
        String base = slash < 0 ? "" : pattern.substring(0, slash + 1);
        Path baseDir = allowed("input", base.isEmpty() ? "." : base);
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
    private static List<Found> listFiles(Path dir, int depth, java.util.function.Predicate<Path> accept) {
        List<Found> found = new ArrayList<>();
        try {
            Files.walkFileTree(dir, java.util.EnumSet.noneOf(java.nio.file.FileVisitOption.class), depth,
                    new java.nio.file.SimpleFileVisitor<>() {
                        @Override
                        public java.nio.file.FileVisitResult preVisitDirectory(Path d,
                                java.nio.file.attribute.BasicFileAttributes a) {
                            return !d.equals(dir) && hidden(d) ? java.nio.file.FileVisitResult.SKIP_SUBTREE
                                    : java.nio.file.FileVisitResult.CONTINUE;
                        }

                        @Override
                        public java.nio.file.FileVisitResult visitFile(Path p, java.nio.file.attribute.BasicFileAttributes a)
                                throws IOException {
                            if (hidden(p) || !accept.test(p)) return java.nio.file.FileVisitResult.CONTINUE;
                            if (a.isRegularFile()) {
                                found.add(new Found(p, a.size(), true));
                            } else if (a.isSymbolicLink() && Files.isRegularFile(p)) {
                                found.add(new Found(p, size(p), false));
                            }
                            return java.nio.file.FileVisitResult.CONTINUE;
                        }

                        @Override
                        public java.nio.file.FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
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

    /** A spec path as {@link JobPaths} locates it: an {@code s3://} URI (a bucket root's relative paths too), or a local path. */
    private String located(String what, String path) {
        try {
            return JobPaths.locate(layout, what, path, confined);
        } catch (IllegalArgumentException e) {
            throw new InvalidJobException(e.getMessage());
        }
    }

    /** Resolves a spec path and, when confined, makes sure it stays inside the storage root, even through symlinks. */
    private Path allowed(String what, String path) {
        if (!confined) return layout.resolve(path);
        try {
            return layout.confine(what, path);
        } catch (IllegalArgumentException e) {
            throw new InvalidJobException(e.getMessage());
        }
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
