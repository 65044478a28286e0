package com.example;

import io.warren.api.JobContext;
import io.warren.api.Mapper;
import io.warren.api.MapReduceJob;
import io.warren.api.Reducer;

import java.util.Optional;

/**
 * How many lines have each length, in characters, counting only lines of at least {@code minLength} (a job
 * parameter, default 0). Output lines are {@code length count}, with lengths zero-padded so they sort numerically.
 *
 * <pre>warren submit --jar jobs/line-lengths.jar --app com.example.LineLengths --input 'books/*.txt' --output out/ll</pre>
 */
public final class LineLengths implements MapReduceJob {

    @Override
    public Mapper mapper(JobContext job) {
        int min = Integer.parseInt(job.param("minLength").orElse("0"));
        return (document, line, out) -> {
            if (line.length() >= min) out.emit(String.format("%06d", line.length()), "1");
        };
    }

    @Override
    public Reducer reducer(JobContext job) {
        return (length, ones, out) -> {
            long n = 0;
            while (ones.hasNext()) n += Long.parseLong(ones.next());
            out.emit(length, Long.toString(n));
        };
    }

    @Override
    public Optional<Reducer> combiner(JobContext job) {
        return Optional.of(reducer(job));
    }

    @Override
    public void validate(JobContext job) {
        try {
            Integer.parseInt(job.param("minLength").orElse("0"));
        } catch (NumberFormatException e) {
            throw new io.warren.api.InvalidJobException("parameter 'minLength' must be a whole number");
        }
    }
}
