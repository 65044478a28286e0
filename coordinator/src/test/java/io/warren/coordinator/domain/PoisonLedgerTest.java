package io.warren.coordinator.domain;

import io.warren.protocol.InputSplit;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.Phase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A resumed job's runs on record give the poison policy its background: the newest it can hold, by when they ended. */
class PoisonLedgerTest {
    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

    /**
     * 10,010 ended runs, more than the policy keeps: the ten newest are lost runs of the job's first tasks, the rest
     * older successes. Taken in task order, the lost runs would come first and be pushed out by the successes.
     */
    @Test
    void aResumedJobGivesThePolicyItsNewestRunsByTimeNotByTaskOrder() {
        int tasks = PoisonPolicy.MAX_OBSERVATIONS + 10;
        List<TaskRecord> maps = new ArrayList<>();
        for (int n = 0; n < tasks; n++) {
            boolean lost = n < 10;
            Instant ended = lost ? T0.plusSeconds(300) : T0.plusMillis(n);
            TaskRun run = new TaskRun(1, "w-" + (n % 3), ended.minusMillis(50), ended, ended,
                    lost ? TaskRun.Outcome.LOST : TaskRun.Outcome.SUCCEEDED, null);
            maps.add(new TaskRecord(Phase.MAP, n, lost ? TaskState.DISPATCHED : TaskState.SUCCEEDED, lost ? 2 : 1,
                    lost ? List.of(2) : List.of(), 0, ended, lost ? null : ended, lost ? null : run.worker(), null, null,
                    List.of(), List.of(run), Map.of()));
        }
        JobSpec spec = JobSpec.of("big", "wordcount", null, List.of("in"), "out", 1, Map.of());
        List<List<InputSplit>> inputs = IntStream.range(0, tasks).mapToObj(n -> List.of(InputSplit.wholeFile("in/" + n, 1))).toList();
        Job job = Job.restore(new JobRecord("big", spec, JobState.MAPPING, T0, null, null, null, inputs, maps,
                List.of(new Task(Phase.REDUCE, 0).snapshot())));
        Instant now = T0.plus(Duration.ofMinutes(6));
        PoisonLedger ledger = new PoisonLedger(new RetryPolicy(4));

        ledger.restore(job, now);

        Task last = job.task(Phase.MAP, tasks - 1);
        PoisonPolicy.Verdict verdict = ledger.policyFor(job, last, now).judgeLostRuns(4, 4);
        assertThat(verdict.reason()).contains("the rest of the fleet lost 10 of " + (PoisonPolicy.MAX_OBSERVATIONS - 1)
                + " runs");
    }
}
