package io.warren.coordinator;

import io.warren.coordinator.domain.SchedulerListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * Test-only fault injection, off unless the environment asks for it: with {@code WARREN_TEST_HALT_AT} set to a
 * {@link SchedulerListener.Boundary} (for example {@code success_written}), the coordinator halts its JVM the first
 * time a job reaches that boundary, exactly as a SIGKILL at that moment would (no shutdown hook, nothing flushed).
 * {@code PhaseBoundaryKillIT} uses it to kill a coordinator at moments too short to hit from outside (between the
 * last reduce's completion and {@code _SUCCESS}, for example). Never set it in production.
 */
final class HaltPoints implements SchedulerListener {
    private static final Logger log = LoggerFactory.getLogger(HaltPoints.class);
    static final String VARIABLE = "WARREN_TEST_HALT_AT";

    private final Boundary at;

    private HaltPoints(Boundary at) {
        this.at = at;
    }

    /** The listener the environment asks for, or {@link SchedulerListener#NONE}. */
    static SchedulerListener fromEnvironment() {
        String value = System.getenv(VARIABLE);
        if (value == null || value.isBlank()) return NONE;
        Boundary at = Boundary.valueOf(value.strip().toUpperCase(Locale.ROOT));
        log.warn("{}={}: this coordinator halts when a job first reaches that boundary (a test's fault injection)",
                VARIABLE, at);
        return new HaltPoints(at);
    }

    @Override
    public void boundary(String jobId, Boundary boundary) {
        if (boundary != at) return;
        log.warn("job={} reached {}: halting, as {} asks", jobId, boundary, VARIABLE);
        Runtime.getRuntime().halt(137);
    }
}
