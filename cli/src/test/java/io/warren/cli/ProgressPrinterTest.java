package io.warren.cli;

import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressPrinterTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong nanos = new AtomicLong();

    private static JobUpdate update(JobState state, int maps, int reduces, long inputBytes) {
        return new JobUpdate("job-1", state, maps, 4, reduces, 2, "", Instant.now(),
                inputBytes == 0 ? Map.of() : Map.of("map.input.bytes", inputBytes, "reduce.output.records", 42L,
                        "bytes.written", 2048L));
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aTerminalGetsOneRedrawnLineWithBarsAndThroughput() {
        ProgressPrinter printer = new ProgressPrinter(out, true, nanos::get);
        nanos.set(2_000_000_000L);
        printer.show(update(JobState.MAPPING, 2, 0, 20L << 20));
        assertThat(printed()).isEqualTo("\rjob-1 MAPPING   map [##########----------] 2/4  reduce [--------------------] 0/2"
                + "  2.0s  10.0 MiB/s\u001b[K");
        nanos.set(4_000_000_000L);
        printer.show(update(JobState.SUCCEEDED, 4, 2, 40L << 20));
        assertThat(printed()).endsWith("\rjob-1 SUCCEEDED map [####################] 4/4  reduce [####################] 2/2"
                + "  4.0s  10.0 MiB/s\u001b[K\n");
    }

    @Test
    void theSummaryIsOneLineWhoseTimeAgreesWithTheLastProgressLine() {
        ProgressPrinter printer = new ProgressPrinter(out, false, nanos::get);
        nanos.set(4_000_000_000L);
        printer.show(update(JobState.SUCCEEDED, 4, 2, 40L << 20));
        nanos.set(4_500_000_000L); // the caller prints the summary a little later
        String summary = printer.summary(update(JobState.SUCCEEDED, 4, 2, 40L << 20), "out/wc");
        assertThat(printed()).contains("  4.0s  ");
        assertThat(summary).isEqualTo("job job-1 succeeded in 4.0s: 4 map and 2 reduce tasks, read 40.0 MiB (10.0 MiB/s),"
                + " 42 records out, 2.0 KiB written; output in out/wc/mr-out-*");
    }

    @Test
    void aRefusedJobShowsNoProgressAndItsSummaryGivesTheReasonOnce() {
        ProgressPrinter printer = new ProgressPrinter(out, false, nanos::get);
        JobUpdate refused = new JobUpdate("job-1", JobState.FAILED, 0, 0, 0, 0, "refused: unknown app 'x'", Instant.now());
        printer.show(refused);
        assertThat(printed()).isEmpty();
        assertThat(printer.summary(refused, "out")).isEqualTo("job job-1 refused: unknown app 'x'");
    }

    @Test
    void aFailedOrCancelledJobsSummaryGivesItsReasonAndTime() {
        ProgressPrinter printer = new ProgressPrinter(out, false, nanos::get);
        nanos.set(2_000_000_000L);
        JobUpdate failed = new JobUpdate("job-1", JobState.FAILED, 1, 4, 0, 2, "failed: map-1 failed 4 time(s)", Instant.now());
        printer.show(failed);
        assertThat(printer.summary(failed, "out")).isEqualTo("job job-1 failed after 2.0s: map-1 failed 4 time(s)");
        JobUpdate cancelled = new JobUpdate("job-2", JobState.CANCELLED, 1, 4, 0, 2, "cancelled: wrong input", Instant.now());
        assertThat(new ProgressPrinter(out, false, nanos::get).summary(cancelled, "out")).startsWith("job job-2 cancelled after ")
                .endsWith(": wrong input");
    }

    @Test
    void aPipeGetsAPlainLinePerChangeAndNoRepeats() {
        ProgressPrinter printer = new ProgressPrinter(out, false, nanos::get);
        nanos.set(1_000_000_000L);
        printer.show(update(JobState.MAPPING, 0, 0, 0));
        printer.show(update(JobState.MAPPING, 0, 0, 0));
        printer.show(update(JobState.REDUCING, 4, 0, 1024));
        assertThat(printed().lines()).containsExactly("job-1 MAPPING   map 0/4  reduce 0/2  1.0s",
                "job-1 REDUCING  map 4/4  reduce 0/2  1.0s  1.0 KiB/s");
        assertThat(printed()).doesNotContain("\r", "\u001b");
    }

    private static JobUpdate stepUpdate(JobState pipeline, String step, int number, JobState stepState, int maps) {
        return new JobUpdate("p1", pipeline, maps, 4, stepState == JobState.SUCCEEDED ? 1 : 0, 1, "", Instant.now(),
                Map.of("reduce.output.records", 20L, "bytes.written", 200L),
                new JobUpdate.Step(step, number, 2, stepState));
    }

    @Test
    void aPipelineGetsALineForEachStepOnATerminalAndEndsWithWhereItsOutputIs() {
        ProgressPrinter printer = new ProgressPrinter(out, true, nanos::get);
        nanos.set(1_000_000_000L);
        printer.show(stepUpdate(JobState.MAPPING, "count", 1, JobState.MAPPING, 2));
        printer.show(stepUpdate(JobState.REDUCING, "count", 1, JobState.SUCCEEDED, 4));
        printer.show(stepUpdate(JobState.MAPPING, "top", 2, JobState.MAPPING, 1));
        printer.show(stepUpdate(JobState.SUCCEEDED, "top", 2, JobState.SUCCEEDED, 4));
        String[] lines = printed().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).endsWith("\rp1 step 1/2 count SUCCEEDED map [####################] 4/4  reduce"
                + " [####################] 1/1  1.0s\u001b[K");
        assertThat(lines[1]).contains("\rp1 step 2/2 top MAPPING ").endsWith("\rp1 step 2/2 top SUCCEEDED map"
                + " [####################] 4/4  reduce [####################] 1/1  1.0s\u001b[K");
        assertThat(printer.summary(stepUpdate(JobState.SUCCEEDED, "top", 2, JobState.SUCCEEDED, 4), "out/top"))
                .isEqualTo("pipeline p1 succeeded in 1.0s: 2 steps, the last wrote 20 records, 200 B; output in out/top");
    }

    @Test
    void aFailedPipelinesSummaryNamesTheStepItFailedIn() {
        ProgressPrinter printer = new ProgressPrinter(out, false, nanos::get);
        nanos.set(3_000_000_000L);
        JobUpdate failed = new JobUpdate("p1", JobState.FAILED, 0, 0, 0, 0, "failed: step count failed: boom",
                Instant.now(), Map.of(), new JobUpdate.Step("count", 1, 2, JobState.FAILED));
        printer.show(failed);
        assertThat(printed()).startsWith("p1 step 1/2 count FAILED ");
        assertThat(printer.summary(failed, "out/top"))
                .isEqualTo("pipeline p1 failed after 3.0s in step 1/2 count: step count failed: boom");
    }
}
