package io.warren.protocol.apps;

import io.warren.api.JobContext;
import io.warren.api.Mapper;
import io.warren.api.MapReduceJob;
import io.warren.api.Reducer;

/** The test's built-in app, named {@code tiny} in the test resources' {@code META-INF/warren/apps.properties}. */
public final class TinyJob implements MapReduceJob {
    @Override
    public Mapper mapper(JobContext job) {
        return (document, line, out) -> out.emit(line, document);
    }

    @Override
    public Reducer reducer(JobContext job) {
        return (key, values, out) -> out.emit(key, values.next());
    }
}
