package io.warren.coordinator.status;

import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.TaskRecord;
import io.warren.coordinator.domain.TaskState;
import io.warren.protocol.JobState;
import io.warren.protocol.Phase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class JobTotalsTest {
    private static final List<String> NAMES = List.of("map.input.records", "map.input.bytes", "reduce.output.records",
            "user.lines");

    /**
     * A running job looked at again and again, a few tasks changing between looks (and now and then a look at an
     * older record, as two requests racing would give), always sums as the record does when summed whole.
     */
    @Test
    void sumsOfARunningJobFollowItsChangesAsAWholeSumWould() {
        Random random = new Random(21);
        List<TaskRecord> maps = new ArrayList<>();
        List<TaskRecord> reduces = new ArrayList<>();
        for (int i = 0; i < 500; i++) maps.add(task(Phase.MAP, i, TaskState.PENDING, random));
        for (int i = 0; i < 7; i++) reduces.add(task(Phase.REDUCE, i, TaskState.PENDING, random));
        JobTotals totals = new JobTotals();
        JobRecord previous = null;
        for (int look = 0; look < 300; look++) {
            for (int c = random.nextInt(12); c > 0; c--) {
                List<TaskRecord> tasks = random.nextInt(5) == 0 ? reduces : maps;
                int n = random.nextInt(tasks.size());
                tasks.set(n, task(tasks.get(n).phase(), n, state(random), random));
            }
            JobRecord job = TimelineRecords.job(JobState.MAPPING, null, maps, reduces);
            JobRecord looked = previous != null && random.nextInt(10) == 0 ? previous : job;
            assertThat(totals.of(looked)).as("look %d", look).isEqualTo(summedWhole(looked));
            previous = job;
        }
    }

    @Test
    void aCounterOnlyARedoneTaskNamedIsGoneWithItsSuccess() {
        TaskRecord other = new TaskRecord(Phase.MAP, 0, TaskState.SUCCEEDED, 1, List.of(), 0, TimelineRecords.T0, null,
                null, null, null, List.of(), List.of(), Map.of("map.input.records", 3L));
        TaskRecord once = new TaskRecord(Phase.MAP, 1, TaskState.SUCCEEDED, 1, List.of(), 0, TimelineRecords.T0, null,
                null, null, null, List.of(), List.of(), Map.of("map.input.records", 2L, "user.once", 1L));
        TaskRecord redone = new TaskRecord(Phase.MAP, 1, TaskState.DISPATCHED, 2, List.of(2), 0, TimelineRecords.T0,
                null, null, null, null, List.of(), List.of(), Map.of());
        JobTotals totals = new JobTotals();
        totals.of(TimelineRecords.job(JobState.MAPPING, null, List.of(other, once), List.of()));
        JobTotals.Totals after = totals.of(TimelineRecords.job(JobState.MAPPING, null, List.of(other, redone), List.of()));
        assertThat(after.counters()).isEqualTo(Map.of("map.input.records", 3L));
        assertThat(after.mapsDone()).isEqualTo(1);
    }

    @Test
    void anEndedJobOrOneWithOtherTasksIsSummedWhole() {
        Random random = new Random(23);
        List<TaskRecord> maps = new ArrayList<>();
        for (int i = 0; i < 40; i++) maps.add(task(Phase.MAP, i, TaskState.SUCCEEDED, random));
        JobTotals totals = new JobTotals();
        JobRecord running = TimelineRecords.job(JobState.MAPPING, null, maps, List.of());
        assertThat(totals.of(running)).isEqualTo(summedWhole(running));
        JobRecord replanned = TimelineRecords.job(JobState.MAPPING, null, maps.subList(0, 30), List.of());
        assertThat(totals.of(replanned)).isEqualTo(summedWhole(replanned));
        maps.set(3, task(Phase.MAP, 3, TaskState.FAILED, random));
        JobRecord ended = TimelineRecords.job(JobState.FAILED, 9.0, maps, List.of());
        assertThat(totals.of(ended)).isEqualTo(summedWhole(ended));
        assertThat(totals.of(running)).as("after the ended look, the job is summed afresh")
                .isEqualTo(summedWhole(running));
    }

    /** The sums as the record gives them, walking every task. */
    private static JobTotals.Totals summedWhole(JobRecord job) {
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        for (Phase p : Phase.values()) {
            Map<TaskState, Integer> n = new EnumMap<>(TaskState.class);
            for (TaskState s : TaskState.values()) n.put(s, 0);
            for (TaskRecord t : p == Phase.MAP ? job.maps() : job.reduces()) n.merge(t.state(), 1, Integer::sum);
            Map<String, Integer> named = new LinkedHashMap<>();
            n.forEach((s, c) -> named.put(s.name().toLowerCase(Locale.ROOT), c));
            counts.put(p.wireName(), named);
        }
        return new JobTotals.Totals(counts, job.counters(), job.mapsDone(), job.reducesDone());
    }

    private static TaskState state(Random random) {
        TaskState[] all = TaskState.values();
        return random.nextBoolean() ? TaskState.SUCCEEDED : all[random.nextInt(all.length)];
    }

    /** A task in {@code state} with a random subset of counters (kept whatever the state: only a success's count). */
    private static TaskRecord task(Phase phase, int number, TaskState state, Random random) {
        Map<String, Long> counters = new LinkedHashMap<>();
        for (String name : NAMES) {
            if (random.nextInt(3) > 0) counters.put(name, (long) random.nextInt(1_000_000));
        }
        return new TaskRecord(phase, number, state, 1, List.of(), 0, TimelineRecords.T0, null, null, null, null,
                List.of(), List.of(), counters);
    }
}
