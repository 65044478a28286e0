package io.warren.cli.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the system tools the test bed is built with (ip, iptables, socat, kill), as the root user the tests run as. */
final class Shell {
    private static final List<String> SBIN = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin");

    /** The tool's full path: Debian keeps ip and iptables in /usr/sbin, which a non-login PATH may lack. */
    static String tool(String name) {
        for (String dir : SBIN) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return p.toString();
        }
        throw new IllegalStateException(name + " is not installed; the network test bed needs iproute2, iptables and"
                + " socat (Debian: apt-get install iproute2 iptables socat)");
    }

    /** Runs a command to its end; its output, or an exception with the output when it fails. */
    static String run(String... command) {
        return run(List.of(command));
    }

    static String run(List<String> command) {
        String out = tryRun(command);
        if (out == null) throw new IllegalStateException(String.join(" ", command) + " failed: " + last);
        return out;
    }

    private static volatile String last = "";

    /** As {@link #run}, null when the command fails (for clean-up of what may already be gone). */
    static String tryRun(List<String> command) {
        Path output = null;
        try {
            output = Files.createTempFile("warren-testbed-", ".out");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                last = "did not finish within 60 s";
                return null;
            }
            String out = Files.readString(output, StandardCharsets.UTF_8);
            last = out.strip();
            return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            last = e.getMessage();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            last = "interrupted";
            return null;
        } finally {
            if (output != null) output.toFile().delete();
        }
    }

    private Shell() {
    }
}
