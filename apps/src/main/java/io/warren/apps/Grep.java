package io.warren.apps;

import io.warren.api.Emitter;
import io.warren.api.InvalidJobException;
import io.warren.api.JobContext;
import io.warren.api.Mapper;
import io.warren.api.MapReduceJob;
import io.warren.api.Reducer;
import io.warren.api.Text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Lines containing a match of the {@code pattern} parameter (a Java regular expression). Output lines are
 * {@code document line}, grouped by document, each document's lines in file order.
 */
public final class Grep implements MapReduceJob {

    @Override
    public void validate(JobContext job) {
        pattern(job);
    }

    @Override
    public Mapper mapper(JobContext job) {
        Matcher matcher = pattern(job).matcher("");
        return new Mapper() {
            @Override
            public void map(String document, String line, Emitter out) {
                if (matcher.reset(line).find()) out.emit(document, line);
            }

            /** Matches the line's bytes as a CharSequence: an ASCII line is never decoded, and a match is copied as bytes. */
            @Override
            public void map(String document, Text line, Emitter out) {
                if (matcher.reset(line).find()) out.emit(document, line);
            }
        };
    }

    @Override
    public Reducer reducer(JobContext job) {
        return (document, lines, out) -> lines.forEachRemaining(line -> out.emit(document, line));
    }

    private static Pattern pattern(JobContext job) {
        String regex = job.requireParam("pattern");
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new InvalidJobException("parameter 'pattern' is not a valid regular expression: " + e.getDescription()
                    + " near index " + e.getIndex(), e);
        }
    }
}
