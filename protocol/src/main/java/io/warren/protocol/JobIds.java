package io.warren.protocol;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Job ids name directories and routing keys, so they are restricted to a safe alphabet. */
public final class JobIds {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * {@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}}, checked by hand: every event names its job, and a regular expression
     * was a few per cent of a busy coordinator's CPU.
     */
    public static boolean isValid(String jobId) {
        if (jobId == null || jobId.isEmpty() || jobId.length() > 64 || !alphanumeric(jobId.charAt(0))) return false;
        for (int i = 1; i < jobId.length(); i++) {
            char c = jobId.charAt(i);
            if (!alphanumeric(c) && c != '.' && c != '_' && c != '-') return false;
        }
        return true;
    }

    private static boolean alphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    public static String check(String jobId) {
        if (!isValid(jobId)) {
            throw new IllegalArgumentException("job id must be 1-64 characters of A-Z a-z 0-9 . _ - starting with a"
                    + " letter or digit, got " + Printable.quote(jobId));
        }
        return jobId;
    }

    /**
     * A fresh id like {@code job-20261125-044055-7f3a9c}: sortable by time; 24 random bits make two ids generated in the
     * same second collide about once in 16 million.
     */
    public static String generate(Clock clock) {
        return "job-" + STAMP.format(clock.instant()) + "-"
                + Integer.toHexString(0x1000000 | RANDOM.nextInt(0x1000000)).substring(1);
    }

    private JobIds() {
    }
}
