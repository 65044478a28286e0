package io.warren.coordinator.storage;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warren.coordinator.domain.JobChange;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.TaskRecord;
import io.warren.coordinator.domain.TaskRun;
import io.warren.protocol.Json;

import java.util.List;
import java.util.Map;

/**
 * The JSON of a job's files: the protocol's one mapper, but a task, a run and a change leave out what is null or empty
 * (an error not set, no queued attempts, no counters), which is most of a task record, and a run leaves out whether it
 * is open, which its outcome says. Readers take a field left out
 * as null or empty, as the records' constructors do, so files written whole by earlier versions read the same, and a
 * reader of an earlier version reads these. {@code warren status --json} still prints every field, through
 * {@link Json#MAPPER}.
 */
final class StoredJson {
    static final ObjectMapper MAPPER = Json.MAPPER.copy()
            .addMixIn(TaskRecord.class, CompactTask.class)
            .addMixIn(TaskRun.class, CompactRun.class)
            .addMixIn(JobChange.class, CompactChange.class)
            .addMixIn(JobRecord.class, Compact.class);

    @JsonInclude(JsonInclude.Include.NON_NULL)
    private abstract static class Compact {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    private abstract static class CompactTask {
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        abstract List<Integer> queuedAttempts();

        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        abstract List<String> failedOn();

        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        abstract List<TaskRun> runs();

        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        abstract Map<String, Long> counters();
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    private abstract static class CompactRun {
        /** Derived from the outcome. */
        @JsonIgnore
        abstract boolean isOpen();
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    private abstract static class CompactChange {
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        abstract List<TaskRecord> tasks();

        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        abstract List<JobChange.Confirmed> confirmed();
    }

    private StoredJson() {
    }
}
