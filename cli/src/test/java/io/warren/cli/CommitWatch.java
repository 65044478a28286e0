package io.warren.cli;

import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.TaskRecord;
import io.warren.coordinator.domain.TaskRun;
import io.warren.coordinator.domain.TaskState;
import io.warren.protocol.JobState;
import io.warren.protocol.storage.FileNames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The partition tests' checker of a job's output: from before the job commits until closed, it looks at the output
 * directory every 20 ms and holds that each committed file ({@code mr-out-N}, {@code _SUCCESS}) appears once and then
 * never changes: the same file (inode), size, modification time and SHA-256, never deleted. A second commit of a reduce
 * partition (a rename over it), a rewrite or a withdrawal by a stale coordinator or a zombie worker is a violation,
 * kept with what was seen. {@link #consistent} checks a job's record after the heal.
 */
final class CommitWatch implements AutoCloseable {
    private record Seen(Object inode, long size, long modified, String sha256) {
    }

    private final Path dir;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;

    CommitWatch(Path dir) {
        this.dir = dir;
        this.thread = new Thread(this::watch, "commit-watch-" + dir.getFileName());
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                look();
                Thread.sleep(20); // a polling pace, not a synchronisation
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                // the directory is being created or listed while it changes: look again
            }
        }
    }

    /** One look: every committed file now, against what was seen of it before. */
    void look() throws IOException {
        Set<String> present = new TreeSet<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    String name = f.getFileName().toString();
                    if (!FileNames.isOutput(name) && !name.equals(FileNames.SUCCESS)) continue;
                    Seen now = seen(f);
                    if (now == null) continue; // gone between the listing and the look: judged below
                    present.add(name);
                    Seen before = seen.putIfAbsent(name, now);
                    if (before != null && !before.equals(now)) {
                        violations.add(name + " changed after its commit: " + before + " then " + now);
                        seen.put(name, now);
                    }
                }
            }
        }
        for (String name : seen.keySet()) {
            if (!present.contains(name) && !Files.exists(dir.resolve(name))) {
                violations.add(name + " was deleted after its commit");
                seen.remove(name);
            }
        }
    }

    private static Seen seen(Path f) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
            byte[] content = Files.readAllBytes(f);
            BasicFileAttributes after = Files.readAttributes(f, BasicFileAttributes.class);
            if (!a.lastModifiedTime().equals(after.lastModifiedTime()) || a.size() != after.size()) {
                return new Seen(after.fileKey(), after.size(), after.lastModifiedTime().toMillis(), "changing");
            }
            return new Seen(a.fileKey(), a.size(), a.lastModifiedTime().toMillis(), sha256(content));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What went wrong so far; empty when every committed file was committed once and never changed. */
    List<String> violations() throws IOException {
        look();
        return List.copyOf(violations);
    }

    /** The committed files seen so far. */
    Set<String> committed() {
        return new TreeSet<>(seen.keySet());
    }

    @Override
    public void close() {
        thread.interrupt();
    }

    /**
     * What must hold of a succeeded job's record once every fault has healed: it says SUCCEEDED, every task
     * succeeded with exactly one winning run, and no run is still open; empty if so.
     */
    static List<String> consistent(JobRecord r) {
        List<String> wrong = new ArrayList<>();
        if (r.state() != JobState.SUCCEEDED) wrong.add("state " + r.state() + ": " + r.error());
        if (r.finishedAt() == null) wrong.add("no finishedAt");
        for (TaskRecord t : Stream.concat(r.maps().stream(), r.reduces().stream()).toList()) {
            String task = t.phase() + "-" + t.number();
            if (t.state() != TaskState.SUCCEEDED) wrong.add(task + " is " + t.state());
            long winners = t.runs().stream().filter(run -> run.outcome() == TaskRun.Outcome.SUCCEEDED).count();
            if (winners != 1) wrong.add(task + " has " + winners + " winning runs");
            if (t.runs().stream().anyMatch(TaskRun::isOpen)) wrong.add(task + " has a run still open: " + t.runs());
        }
        return wrong;
    }
}
