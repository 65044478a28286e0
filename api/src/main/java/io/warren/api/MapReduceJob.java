package io.warren.api;

import java.util.Map;
import java.util.Optional;

/**
 * A user's MapReduce job: the class named by a job spec's {@code app}. It needs a public no-argument constructor.
 * Warren creates one instance per task, so the mapper and reducer it returns may keep state for that task only.
 *
 * <pre>{@code
 * public final class LineCount implements MapReduceJob {
 *     public Mapper mapper(JobContext job) { return (doc, line, out) -> out.emit(doc, "1"); }
 *     public Reducer reducer(JobContext job) {
 *         return (doc, ones, out) -> { long n = 0; while (ones.hasNext()) { ones.next(); n++; } out.emit(doc, Long.toString(n)); };
 *     }
 * }
 * }</pre>
 */
public interface MapReduceJob {
    /**
     * The mapper of every input that names none. A job whose inputs each name a mapper from {@link #mappers} (a join)
     * need not offer one.
     */
    default Mapper mapper(JobContext job) {
        throw new InvalidJobException("this job has no default mapper: give each input one of its mappers "
                + mappers(job).keySet() + " (\"inputMappers\" in the job spec, --input-mapper PATTERN=NAME)");
    }

    /**
     * Mappers by name, for a job that reads several data sets each its own way (Hadoop's MultipleInputs): the job
     * spec's {@code inputMappers} names one for each input pattern, and a map task runs each file with its input's.
     */
    default Map<String, Mapper> mappers(JobContext job) {
        return Map.of();
    }

    Reducer reducer(JobContext job);

    /**
     * An optional reducer run on map output before it is written, to shrink it. It must be associative and
     * commutative, and emit the key it was given: Warren may run it zero, one or several times per key.
     */
    default Optional<Reducer> combiner(JobContext job) {
        return Optional.empty();
    }

    /** By default the key's hash, or its group's when the job declares a {@link #grouping}. */
    default Partitioner partitioner(JobContext job) {
        return grouping(job).map(Partitioner::byGroup).orElse(Partitioner.hash());
    }

    /**
     * The part of a key the reduce groups by, for a secondary sort; see {@link Grouping}. Empty (the default): each
     * whole key is a group. A job that declares one and its own partitioner must keep each group on one reduce.
     */
    default Optional<Grouping> grouping(JobContext job) {
        return Optional.empty();
    }

    /**
     * Whether the reduce may get a key's pairs in parts, in consecutive reduce tasks: true for a job whose reduce
     * treats each pair on its own, such as a sort. Under a total order Warren then spreads a key that holds more than
     * a reduce's share of the pairs over several partitions, instead of making one reduce the straggler. Default
     * false: all of a key's values reach one reduce call.
     */
    default boolean keysMaySpanReduces() {
        return false;
    }

    default InputMode input() {
        return InputMode.LINES;
    }

    /**
     * Checks the job's parameters when it is submitted, before any task runs. Throw {@link InvalidJobException} with a
     * message a user can act on; the job then fails at once instead of on every worker.
     */
    default void validate(JobContext job) {
    }
}
