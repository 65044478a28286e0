package io.warren.protocol;

import java.util.Map;
import java.util.Objects;

/**
 * What a worker needs to instantiate a task's job: the app (built-in name or class name), the optional jar on shared
 * storage that holds it, and the job's parameters; for a streaming job, its commands and the names of its shipped files
 * (which workers read from the job's directory on the shared storage); for a job that asked for a total order, the
 * input chunks to sample.
 */
public record JobRef(String app, String jar, Map<String, String> params,
                     @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                     Streaming streaming,
                     @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                     TotalOrder totalOrder) {
    public JobRef(String app, String jar, Map<String, String> params) {
        this(app, jar, params, null, null);
    }

    public JobRef(String app, String jar, Map<String, String> params, Streaming streaming) {
        this(app, jar, params, streaming, null);
    }

    public JobRef {
        Objects.requireNonNull(app, "app is required");
        if (app.isBlank()) throw new IllegalArgumentException("app must not be blank");
        params = params == null ? Map.of() : Map.copyOf(params);
    }
}
