package io.warren.cli.testapps;

import io.warren.api.InputMode;
import io.warren.api.JobContext;
import io.warren.api.Mapper;
import io.warren.api.MapReduceJob;
import io.warren.api.Reducer;

/** A whole-file job for tests: each document's length in characters and its number of lines. */
public final class DocumentLengths implements MapReduceJob {
    @Override
    public InputMode input() {
        return InputMode.WHOLE_FILE;
    }

    @Override
    public Mapper mapper(JobContext job) {
        return (document, text, out) -> out.emit(document, text.length() + " chars " + text.lines().count() + " lines");
    }

    @Override
    public Reducer reducer(JobContext job) {
        return (document, values, out) -> values.forEachRemaining(v -> out.emit(document, v));
    }
}
