package io.warren.worker.exec;

import io.warren.api.Grouping;
import io.warren.api.JobContext;
import io.warren.api.MapReduceJob;
import io.warren.api.Mapper;
import io.warren.api.Reducer;

import java.util.Optional;

/**
 * A secondary sort for {@link JoinRunTest}: {@code station,temperature} lines keyed by station and zero-padded
 * temperature, grouped by station; the reduce writes each station's temperatures in the order they arrive.
 */
public final class TemperaturesByStation implements MapReduceJob {
    @Override
    public Mapper mapper(JobContext job) {
        return (doc, line, out) -> {
            String[] f = line.split(",");
            out.emit(f[0] + "\t" + String.format("%04d", Integer.parseInt(f[1])), f[1]);
        };
    }

    @Override
    public Optional<Grouping> grouping(JobContext job) {
        return Optional.of(Grouping.fields(1, '\t'));
    }

    @Override
    public Reducer reducer(JobContext job) {
        return (station, temperatures, out) -> {
            StringBuilder all = new StringBuilder();
            while (temperatures.hasNext()) all.append(all.isEmpty() ? "" : ",").append(temperatures.next());
            out.emit(station, all.toString());
        };
    }
}
