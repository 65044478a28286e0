package io.warren.api;

import java.util.Map;
import java.util.Optional;

/** What a job can learn about the run it is part of: its parameters ({@code --param key=value}) and its identity. */
public interface JobContext {
    String jobId();

    /** Every parameter given at submission, unmodifiable. */
    Map<String, String> params();

    default Optional<String> param(String name) {
        return Optional.ofNullable(params().get(name));
    }

    /** This task's counters; what a task adds counts for the job only if that task's run wins. */
    default Counters counters() {
        return Counters.NONE;
    }

    /** The parameter's value, or an {@link InvalidJobException} naming it when it was not given. */
    default String requireParam(String name) {
        return param(name).orElseThrow(() -> new InvalidJobException(
                "parameter '" + name + "' is required: add --param " + name + "=..."));
    }
}
