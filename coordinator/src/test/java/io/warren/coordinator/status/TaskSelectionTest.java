package io.warren.coordinator.status;

import io.warren.coordinator.domain.TaskRecord;
import io.warren.coordinator.domain.TaskState;
import io.warren.protocol.Phase;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskSelectionTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static TaskRecord task(int n, TaskState state, Instant finished) {
        return new TaskRecord(Phase.MAP, n, state, 1, List.of(), 0, T0, finished, null, null, null, List.of(), List.of(),
                Map.of());
    }

    /** The bounded selection picks what sorting every task and taking the first would, for any mix of tasks. */
    @Test
    void theTasksToLookAtAreThoseASortOfAllTasksPutFirst() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<TaskRecord> tasks = new ArrayList<>();
            int n = 1 + random.nextInt(300);
            for (int i = 0; i < n; i++) {
                TaskState state = TaskState.values()[random.nextInt(TaskState.values().length)];
                boolean ended = state == TaskState.SUCCEEDED || state == TaskState.FAILED;
                tasks.add(task(i, state, ended ? T0.plusSeconds(random.nextInt(50)) : null));
            }
            int limit = random.nextInt(n + 5);
            Comparator<TaskRecord> first = Comparator.comparing((TaskRecord t) -> t.state() == TaskState.SUCCEEDED)
                    .thenComparing(t -> t.finishedAt() == null ? Instant.MAX : t.finishedAt(), Comparator.reverseOrder())
                    .thenComparingInt(TaskRecord::number);
            List<TaskRecord> expected = tasks.stream().sorted(first).limit(limit)
                    .sorted(Comparator.comparingInt(TaskRecord::number)).toList();

            assertThat(TaskSelection.firstToLookAt(tasks, limit)).as("round %d", round).isEqualTo(expected);
        }
    }

    @Test
    void queryParametersAreReadAndBadOnesNamed() {
        assertThat(TaskSelection.parse(null, 7)).isEqualTo(TaskSelection.toLookAt(7));
        assertThat(TaskSelection.parse("tasks=all", 7)).isEqualTo(TaskSelection.all());
        TaskSelection page = TaskSelection.parse("phase=map&state=Running,failed&offset=20&tasks=10&other=x", 7);
        assertThat(page).isEqualTo(new TaskSelection(10, Phase.MAP,
                java.util.EnumSet.of(TaskState.RUNNING, TaskState.FAILED), 20));
        assertThat(page.paged()).isTrue();
        assertThatThrownBy(() -> TaskSelection.parse("phase=shuffle", 7)).hasMessageContaining("phase takes map or reduce");
        assertThatThrownBy(() -> TaskSelection.parse("offset=-1", 7)).hasMessageContaining("offset takes a whole number");
    }
}
