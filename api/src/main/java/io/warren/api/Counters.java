package io.warren.api;

/**
 * Named counts a job keeps while it runs, summed per job over the winning run of every task, so re-runs and duplicate
 * attempts never count twice. Warren keeps the built-in ones below; a job may add its own, by any other name:
 * <pre>{@code job.counters().increment("malformed.lines", 1);}</pre>
 */
public interface Counters {
    String MAP_INPUT_RECORDS = "map.input.records";
    String MAP_INPUT_BYTES = "map.input.bytes";
    String MAP_OUTPUT_RECORDS = "map.output.records";
    /** Bytes of the intermediate files a map task wrote for the reducers, as stored (after compression). */
    String MAP_OUTPUT_BYTES = "map.output.bytes";
    String COMBINE_INPUT_RECORDS = "combine.input.records";
    String COMBINE_OUTPUT_RECORDS = "combine.output.records";
    String SPILLED_RECORDS = "spilled.records";
    String REDUCE_INPUT_GROUPS = "reduce.input.groups";
    String REDUCE_INPUT_RECORDS = "reduce.input.records";
    String REDUCE_OUTPUT_RECORDS = "reduce.output.records";
    String BYTES_WRITTEN = "bytes.written";

    void increment(String name, long delta);

    /** Counters that count nothing, for contexts outside a task (validation at submission). */
    Counters NONE = (name, delta) -> { };
}
