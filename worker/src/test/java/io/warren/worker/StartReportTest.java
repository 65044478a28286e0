package io.warren.worker;

import io.warren.protocol.InputSplit;
import io.warren.protocol.JobRef;
import io.warren.protocol.MapTask;
import io.warren.protocol.Phase;
import io.warren.protocol.ReduceTask;
import io.warren.protocol.TaskMessage;
import io.warren.protocol.WorkerEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class StartReportTest {
    private static final JobRef WORDCOUNT = new JobRef("wordcount", null, Map.of());
    private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final LinkedBlockingQueue<WorkerEvent.TaskStarted> sent = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private static MapTask map(long heartbeatMillis) {
        return new MapTask("j1", 3, 1, WORDCOUNT, List.of(InputSplit.wholeFile("in/3.txt", 10)), 1, heartbeatMillis,
                List.of());
    }

    private static WorkerEvent.TaskStarted started(TaskMessage task) {
        return new WorkerEvent.TaskStarted(task.jobId(), task.phase(), task.taskNumber(), task.attempt(), "w-a", T0);
    }

    private StartReport begin(TaskMessage task, boolean redelivered) {
        return StartReport.begin(task, redelivered, started(task), timer, sent::add);
    }

    @Test
    void aShortFirstMapRunFoldsItsStartIntoItsOutcomeAndSendsNoStartEvent() throws Exception {
        StartReport report = begin(map(60_000), false);

        assertThat(report.fold()).isEqualTo(T0);
        assertThat(report.fold()).as("folded once").isNull();
        // Past the delay: the cancelled report never goes out.
        timer.schedule(() -> { }, StartReport.DELAY_MILLIS * 2, TimeUnit.MILLISECONDS).get();
        assertThat(sent).isEmpty();
    }

    @Test
    void aMapRunLongerThanTheDelayReportsItsStartOnceAndItsOutcomeCarriesNone() throws Exception {
        StartReport report = begin(map(60_000), false);

        WorkerEvent.TaskStarted event = sent.poll(10, TimeUnit.SECONDS);
        assertThat(event).isNotNull();
        assertThat(event.taskNumber()).isEqualTo(3);
        assertThat(report.fold()).isNull();
        report.tell();
        assertThat(sent).isEmpty();
    }

    @Test
    void theStartIsDueNoLaterThanTheFirstHeartbeat() throws Exception {
        begin(map(20), false);
        assertThat(sent.poll(10, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void aRedeliveredTaskAndAReduceReportTheirStartAtOnce() {
        StartReport again = begin(map(60_000), true);
        assertThat(sent).hasSize(1);
        assertThat(again.fold()).isNull();

        ReduceTask reduce = new ReduceTask("j1", 0, 1, WORDCOUNT, List.of("w-a"), "out", 60_000, List.of());
        StartReport reduceReport = begin(reduce, false);
        assertThat(sent).hasSize(2);
        assertThat(sent).extracting(WorkerEvent.TaskStarted::phase).containsExactly(Phase.MAP, Phase.REDUCE);
        assertThat(reduceReport.fold()).isNull();
    }
}
