package io.warren.coordinator.storage;

import io.warren.api.InputMode;
import io.warren.api.InvalidJobException;
import io.warren.api.MapReduceJob;
import io.warren.coordinator.domain.JobPlanner;
import io.warren.protocol.InputSplit;
import io.warren.protocol.JobRef;
import io.warren.protocol.JobSpec;
import io.warren.protocol.Printable;
import io.warren.protocol.Streaming;
import io.warren.protocol.Topology;
import io.warren.protocol.apps.AppCatalog;
import io.warren.protocol.apps.AppContext;
import io.warren.protocol.storage.Compression;
import io.warren.protocol.storage.StorageLayout;
import io.warren.storage.OutputLocation;
import io.warren.storage.s3.S3Location;
import io.warren.storage.s3.S3Stores;

import java.io.IOException;
import java.util.List;

/**
 * Validates a job against the shared storage and plans one map task per input file. Paths in the spec are relative to
 * the storage root; unless {@code confined} is off (local mode), every path must stay inside it, symlinks included
 * ({@link SpecPaths}). {@link InputFiles} finds the input files; {@link Splitter} cuts them into the tasks' splits.
 */
public final class FileJobPlanner implements JobPlanner {
    private final StorageLayout layout;
    private final AppCatalog catalog;
    private final boolean confined;
    private final long defaultSplitSize;
    private final SpecPaths paths;
    private final InputFiles inputs;

    public FileJobPlanner(StorageLayout layout, AppCatalog catalog, boolean confined, long defaultSplitSize) {
        this.layout = layout;
        this.catalog = catalog;
        this.confined = confined;
        this.defaultSplitSize = defaultSplitSize;
        this.paths = new SpecPaths(layout, confined);
        this.inputs = new InputFiles(layout, paths);
    }

    public FileJobPlanner(StorageLayout layout, AppCatalog catalog, boolean confined) {
        this(layout, catalog, confined, DEFAULT_SPLIT_SIZE);
    }

    public static final long DEFAULT_SPLIT_SIZE = 64L << 20;

    @Override
    public List<List<InputSplit>> plan(JobSpec spec) {
        checkShape(spec);
        EarlierOutput earlierOutput = checkOutput(spec.output(), spec.overwrites());
        InputMode mode = load(spec);
        long splitSize = spec.splitSize() == null ? defaultSplitSize : spec.splitSize();
        if (splitSize < 1) throw new InvalidJobException("\"splitSize\" must be at least 1 byte, got " + splitSize);
        List<List<InputSplit>> tasks = Splitter.split(inputs.of(spec),
                mode == InputMode.WHOLE_FILE ? Long.MAX_VALUE : splitSize,
                mode == InputMode.WHOLE_FILE);
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
            if (spec.app() != null && !spec.app().equals(Streaming.APP)) {
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
        if (spec.priorityLevel() < 0 || spec.priorityLevel() > Topology.MAX_PRIORITY) {
            throw new InvalidJobException("\"priority\" must be between 0 and " + Topology.MAX_PRIORITY
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
    private InputMode load(JobSpec spec) {
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
            return InputMode.LINES;
        }
        if (spec.jar() != null) {
            String jar = paths.located("jar", spec.jar());
            if (!S3Location.isS3(jar)) paths.allowed("jar", jar);
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
}
