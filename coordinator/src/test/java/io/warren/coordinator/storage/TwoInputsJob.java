package io.warren.coordinator.storage;

import io.warren.api.JobContext;
import io.warren.api.MapReduceJob;
import io.warren.api.Mapper;
import io.warren.api.Reducer;

import java.util.Map;

/** A job that reads two data sets each with its own mapper and has no default one, for {@link InputMappersTest}. */
public final class TwoInputsJob implements MapReduceJob {
    @Override
    public Map<String, Mapper> mappers(JobContext job) {
        return Map.of("left", (doc, line, out) -> out.emit(line, "L"), "right", (doc, line, out) -> out.emit(line, "R"));
    }

    @Override
    public Reducer reducer(JobContext job) {
        return (key, values, out) -> out.emit(key, values.next());
    }
}
