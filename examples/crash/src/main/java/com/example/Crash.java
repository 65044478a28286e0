package com.example;

import io.warren.api.InputMode;
import io.warren.api.JobContext;
import io.warren.api.MapReduceJob;
import io.warren.api.Mapper;
import io.warren.api.Reducer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The MIT 6.5840 lab 1 crash app ({@code src/mrapps/crash.go}) as a user's job: before each map and each reduce call,
 * with a chance of a third the worker process exits at once, and with another third the call stalls for up to 10 s.
 * Its output does not depend on the crashes: for each document the map emits {@code a} (its name), {@code b} (the
 * name's length), {@code c} (the document's length in bytes) and {@code d} ({@code xyzzy}); the reduce joins a key's
 * values, sorted, with spaces.
 *
 * <pre>warren submit --jar jobs/crash.jar --app com.example.Crash --input 'books/*.txt' --output out/crash --reduces 10</pre>
 *
 * {@code --param crash=false} runs it without crashes or stalls (the lab's {@code nocrash.go}).
 */
public final class Crash implements MapReduceJob {

    @Override
    public InputMode input() {
        return InputMode.WHOLE_FILE;
    }

    @Override
    public Mapper mapper(JobContext job) {
        boolean crash = crashes(job);
        return (document, contents, out) -> {
            if (crash) maybeCrash();
            out.emit("a", document);
            out.emit("b", Integer.toString(document.length()));
            out.emit("c", Integer.toString(contents.getBytes(StandardCharsets.UTF_8).length));
            out.emit("d", "xyzzy");
        };
    }

    @Override
    public Reducer reducer(JobContext job) {
        boolean crash = crashes(job);
        return (key, values, out) -> {
            if (crash) maybeCrash();
            List<String> all = new ArrayList<>();
            values.forEachRemaining(all::add);
            Collections.sort(all);
            out.emit(key, String.join(" ", all));
        };
    }

    private static boolean crashes(JobContext job) {
        return !"false".equals(job.param("crash").orElse("true"));
    }

    private static void maybeCrash() throws InterruptedException {
        int rr = ThreadLocalRandom.current().nextInt(1000);
        if (rr < 330) {
            Runtime.getRuntime().halt(1); // the lab's os.Exit(1): no shutdown hooks, no goodbye
        } else if (rr < 660) {
            Thread.sleep(ThreadLocalRandom.current().nextLong(10_000));
        }
    }
}
