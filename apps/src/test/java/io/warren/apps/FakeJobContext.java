package io.warren.apps;

import io.warren.api.JobContext;

import java.util.Map;

/** The smallest {@link JobContext}: a job id and its parameters. */
record FakeJobContext(String jobId, Map<String, String> params) implements JobContext {
    FakeJobContext {
        params = Map.copyOf(params);
    }

    static FakeJobContext withParams(Map<String, String> params) {
        return new FakeJobContext("job-test", params);
    }

    static FakeJobContext noParams() {
        return withParams(Map.of());
    }
}
