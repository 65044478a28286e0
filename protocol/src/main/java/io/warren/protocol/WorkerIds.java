package io.warren.protocol;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Worker ids prefix intermediate and temporary file names, so they use a file-name-safe alphabet; a random suffix
 * keeps a restarted process (same host, maybe the same pid in a container) from ever reusing an earlier id.
 */
public final class WorkerIds {
    private static final Pattern SAFE = Pattern.compile("[a-z0-9][a-z0-9.-]{0,79}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public static String check(String workerId) {
        if (workerId == null || !SAFE.matcher(workerId).matches()) {
            throw new IllegalArgumentException("worker id must be 1-80 characters of a-z 0-9 . - , got "
                    + Printable.quote(workerId));
        }
        return workerId;
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
