package io.warren.worker.exec;

import io.warren.api.InvalidJobException;
import io.warren.api.JobContext;
import io.warren.api.MapReduceJob;
import io.warren.api.Mapper;
import io.warren.protocol.InputSplit;

import java.util.Map;
import java.util.TreeSet;

/**
 * The mapper of each split of a map task: the job's default one, or the one its input names (a job that reads several
 * data sets each its own way). Each is made once per task, when a split first needs it.
 */
final class SplitMappers {
    private final MapReduceJob job;
    private final JobContext context;
    private Mapper fallback;
    private Map<String, Mapper> named;

    SplitMappers(MapReduceJob job, JobContext context) {
        this.job = job;
        this.context = context;
    }

    Mapper forSplit(InputSplit split) {
        if (split.mapper() == null) {
            if (fallback == null) fallback = job.mapper(context);
            return fallback;
        }
        if (named == null) named = Map.copyOf(job.mappers(context));
        Mapper mapper = named.get(split.mapper());
        if (mapper == null) {
            throw new InvalidJobException("the job offers no mapper named '" + split.mapper() + "' (it offers "
                    + new TreeSet<>(named.keySet()) + ") for input file " + split.path());
        }
        return mapper;
    }
}
