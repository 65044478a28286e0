package io.warren.protocol;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Worker ids prefix intermediate and temporary file names, so they use a file-name-safe alphabet; a random suffix
 * keeps a restarted process (same host, maybe the same pid in a container) from ever reusing an earlier id.
 */
public final class WorkerIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    public static String check(String workerId) {
        if (!isValid(workerId)) {
            throw new IllegalArgumentException("worker id must be 1-80 characters of a-z 0-9 . - , got "
                    + Printable.quote(workerId));
        }
        return workerId;
    }

    /** {@code [a-z0-9][a-z0-9.-]{0,79}}, checked by hand: every event names its worker. */
    static boolean isValid(String workerId) {
        if (workerId == null || workerId.isEmpty() || workerId.length() > 80 || !lowerOrDigit(workerId.charAt(0))) {
            return false;
        }
        for (int i = 1; i < workerId.length(); i++) {
            char c = workerId.charAt(i);
            if (!lowerOrDigit(c) && c != '.' && c != '-') return false;
        }
        return true;
    }

    private static boolean lowerOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    /** {@code <host>-<pid>-<random>}, lower-cased, anything outside the alphabet replaced. */
    public static String generate(String host, long pid) {
        String cleanHost = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]", "-").replaceAll("^[^a-z0-9]+", "");
        if (cleanHost.isEmpty()) cleanHost = "worker";
        if (cleanHost.length() > 40) cleanHost = cleanHost.substring(0, 40);
        String suffix = Long.toString(RANDOM.nextLong() >>> 1, 36);
        return check(cleanHost + "-" + pid + "-" + suffix.substring(0, Math.min(6, suffix.length())));
    }

    private WorkerIds() {
    }
}
