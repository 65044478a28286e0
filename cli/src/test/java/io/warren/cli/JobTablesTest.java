package io.warren.cli;

import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.TaskRecord;
import io.warren.coordinator.domain.TaskRun;
import io.warren.coordinator.domain.TaskState;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.Phase;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code warren jobs} and {@code warren status JOB}: aligned columns whatever the values, readable times, reasons. */
class JobTablesTest {
    private static final Instant T0 = Instant.parse("2026-11-25T04:40:55.123456789Z");
    private static final String LONG_APP = "com.example.analytics.jobs.WordCountWithALongName";
    private static final String REASON = "map-1 failed 4 time(s); last error: java.lang.IllegalStateException: bad record"
            + " in books/pride.txt at offset 123456\n\tat com.example.Mapper.map(Mapper.java:42)";
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static JobRecord job(String id, String app, JobState state, String error, List<TaskRecord> maps) {
        return new JobRecord(id, JobSpec.of(id, app, app.contains(".") ? "jobs/wc.jar" : null, List.of("in"), "out/" + id,
                1, Map.of()), state, T0, state.isTerminal() ? T0.plusSeconds(9) : null, error, null, List.of(), maps, List.of());
    }

    private static TaskRecord map(int n, String worker, Instant started, Instant finished) {
        TaskRun run = new TaskRun(1, worker, started, finished, finished, TaskRun.Outcome.SUCCEEDED, null);
        return new TaskRecord(Phase.MAP, n, TaskState.SUCCEEDED, 1, List.of(), 0, started, finished, worker, null, null,
                List.of(), List.of(run), Map.of());
    }

    /** Every cell of a column starts where its header does. */
    private static void assertAligned(List<String> lines, String header, List<String> cells) {
        int at = lines.get(0).indexOf(header);
        assertThat(at).as("header %s", header).isNotNegative();
        for (int i = 0; i < cells.size(); i++) {
            assertThat(lines.get(i + 1).indexOf(cells.get(i))).as("%s of row %d in %s", header, i, lines).isEqualTo(at);
        }
    }

    @Test
    void jobsStayAlignedWithAClassNameAppAndALongIdAndFailedOnesSayWhy() {
        JobsCommand.print(out, List.of(job("a-much-longer-job-id-chosen-by-its-submitter-2026", LONG_APP, JobState.FAILED,
                REASON, List.of()), job("short", "wordcount", JobState.SUCCEEDED, null, List.of())), 0);

        List<String> lines = lines();
        assertThat(lines).hasSize(3);
        assertAligned(lines, "STATE", List.of("FAILED", "SUCCEEDED"));
        assertAligned(lines, "APP", List.of("c.e.a.j.WordCountWithALongName", "wordcount"));
        assertAligned(lines, "OUTPUT", List.of("out/a-much-longer", "out/short"));
        assertAligned(lines, "REASON", List.of("map-1 failed 4 time(s)"));
        assertThat(lines.get(1)).endsWith("at offset 123456").doesNotContain("\tat ");
        assertThat(lines.get(2)).endsWith("out/short");
    }

    @Test
    void aReasonIsCutToTheTerminalWidth() {
        JobsCommand.print(out, List.of(job("j1", "grep", JobState.FAILED, REASON, List.of())), 100);

        assertThat(lines().get(1)).hasSize(100).endsWith("...").contains("map-1 failed 4 time(s)");
    }

    @Test
    void aJobsTaskTimesAreLocalFixedWidthAndAligned() {
        JobRecord j = job("timed", "wordcount", JobState.SUCCEEDED, null, List.of(
                map(0, "host-a-4242-x1y2z3", T0.plusMillis(100), T0.plusSeconds(2)),
                map(1, "a-worker-on-a-host-with-a-very-long-name-17-k9m8n7", T0.plusMillis(120), T0.plusSeconds(3))));

        StatusCommand.printJob(out, j, false, T0.plusSeconds(10));

        List<String> lines = lines();
        assertThat(String.join("\n", lines)).doesNotContain("2026-11-25T").contains("submitted 2026-11-2");
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("TASK")).findFirst().orElseThrow());
        List<String> table = lines.subList(header, lines.size());
        assertThat(table).hasSize(3);
        int started = table.get(0).indexOf("STARTED");
        int finished = table.get(0).indexOf("FINISHED");
        for (String row : table.subList(1, 3)) {
            assertThat(row.substring(started, started + 12)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d");
            assertThat(row.substring(finished, finished + 12)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d");
        }
    }

    @Test
    void aBigJobShowsItsCountsAndTheTasksToLookAtFailedSlowRunningRetriedAndEveryTaskWithAll() {
        List<TaskRecord> maps = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) maps.add(map(i, "w-" + i % 2, T0.plusSeconds(i / 10), T0.plusSeconds(i / 10 + 1)));
        Instant now = T0.plusSeconds(60);
        maps.set(40, new TaskRecord(Phase.MAP, 40, TaskState.FAILED, 4, List.of(), 0, T0, T0.plusSeconds(9), null,
                "bad record in in/40.txt", null, List.of("w-0"), List.of(), Map.of()));
        maps.set(50, running(50, now.minusSeconds(30))); // 30 s against a 1 s median: a straggler
        maps.set(51, running(51, now.minusMillis(500)));
        TaskRecord retried = maps.get(60);
        maps.set(60, new TaskRecord(Phase.MAP, 60, TaskState.SUCCEEDED, 2, List.of(), 0, retried.dispatchedAt(),
                retried.finishedAt(), "w-1", null, null, List.of("w-0"), retried.runs(), Map.of()));
        maps.set(70, new TaskRecord(Phase.MAP, 70, TaskState.PENDING, 0, List.of(), 0, null, null, null, null, null,
                List.of(), List.of(), Map.of()));
        // Published long ago and still on the queue: waiting, not slow.
        maps.set(71, new TaskRecord(Phase.MAP, 71, TaskState.DISPATCHED, 1, List.of(1), 0, T0, null, null, null, null,
                List.of(), List.of(), Map.of()));
        JobRecord j = job("big", "wordcount", JobState.MAPPING, null, maps);

        StatusCommand.printJob(out, j, false, now);

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("progress  95.0% of 100 tasks done, 1.6 tasks/s since submission")
                .contains("map       1 pending  1 dispatched  2 running  95 succeeded  1 failed")
                .contains("tasks to look at: 4 of 100");
        List<String> rows = lines().stream().filter(l -> l.startsWith("map-")).toList();
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0)).startsWith("map-40").contains("failed: bad record");
        assertThat(rows.get(1)).startsWith("map-50").contains("slow: 30.0s, 30x the median");
        assertThat(rows.get(2)).startsWith("map-51").contains("running 0.5s");
        assertThat(rows.get(3)).startsWith("map-60").contains("retried: attempt 2");

        bytes.reset();
        StatusCommand.printJob(out, j, true, now);
        assertThat(lines().stream().filter(l -> l.startsWith("map-"))).hasSize(100);
    }

    @Test
    void aRunningRunShowsItsLatestStatusMessage() {
        Instant now = T0.plusSeconds(5);
        TaskRun lost = new TaskRun(1, "w-1", T0, T0, T0.plusSeconds(1), TaskRun.Outcome.LOST, null, "reading in/a.txt", null);
        TaskRun live = new TaskRun(1, "w-2", T0.plusSeconds(2), now, null, TaskRun.Outcome.RUNNING, null, "parsed 40000 lines", null);
        TaskRecord task = new TaskRecord(Phase.MAP, 0, TaskState.RUNNING, 1, List.of(), 0, T0, null, null, null, null,
                List.of(), List.of(lost, live), Map.of());

        StatusCommand.printJob(out, job("st", "streaming", JobState.MAPPING, null, List.of(task)), false, now);

        assertThat(lines().stream().filter(l -> l.startsWith("map-0"))).singleElement().asString()
                .contains("#1 w-1 lost, #1 w-2 running (status: parsed 40000 lines)")
                .doesNotContain("reading in/a.txt");
    }

    private static TaskRecord running(int n, Instant started) {
        TaskRun run = new TaskRun(1, "w-0", started, started, null, TaskRun.Outcome.RUNNING, null);
        return new TaskRecord(Phase.MAP, n, TaskState.RUNNING, 1, List.of(), 0, started, null, null, null, null,
                List.of(), List.of(run), Map.of());
    }

    @Test
    void onlyLongClassNamesAreAbbreviated() {
        assertThat(Cells.app("wordcount")).isEqualTo("wordcount");
        assertThat(Cells.app("com.example.WordCount")).isEqualTo("com.example.WordCount");
        assertThat(Cells.app(LONG_APP)).isEqualTo("c.e.a.j.WordCountWithALongName");
    }
}
