package io.warren.protocol;

import java.util.Map;
import java.util.Objects;

/**
 * What a worker needs to instantiate a task's job: the app (built-in name or class name), the optional jar on shared
 * storage that holds it, and the job's parameters.
 */
public record JobRef(String app, String jar, Map<String, String> params) {
    public JobRef {
        Objects.requireNonNull(app, "app is required");
        if (app.isBlank()) throw new IllegalArgumentException("app must not be blank");
        params = params == null ? Map.of() : Map.copyOf(params);
    }
}
