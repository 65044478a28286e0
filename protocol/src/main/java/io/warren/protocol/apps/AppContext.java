package io.warren.protocol.apps;

import io.warren.api.Counters;
import io.warren.api.JobContext;

import java.util.Map;

/** The {@link JobContext} Warren hands to a job, at submission and in every task. */
public record AppContext(String jobId, Map<String, String> params, Counters counters) implements JobContext {
    public AppContext {
        params = Map.copyOf(params);
        if (counters == null) counters = Counters.NONE;
    }

    public AppContext(String jobId, Map<String, String> params) {
        this(jobId, params, Counters.NONE);
    }
}
