package io.warren.worker.exec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Real processes, marked as a worker marks its streaming processes, with owners that run and owners that died. */
@EnabledOnOs(OS.LINUX)
class OrphanedProcessesTest {
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killStarted() {
        started.forEach(p -> StreamingProcess.killTree(p.toHandle()));
    }

    /** {@code sh -c 'sleep 600 & wait'}: a shell and its child, both carrying the owner variable. */
    private Process markedTree(String owner) throws IOException {
        ProcessBuilder b = new ProcessBuilder("sh", "-c", "sleep 600 & wait");
        b.environment().put(OrphanedProcesses.OWNER_VARIABLE, owner);
        Process p = b.start();
        started.add(p);
        await().atMost(Duration.ofSeconds(10)).until(() -> p.descendants().findAny().isPresent());
        return p;
    }

    /** The owner value of a process that has ended. */
    private static String deadOwner() throws Exception {
        Process p = new ProcessBuilder("cat").start(); // runs until its stdin closes
        Instant start = p.toHandle().info().startInstant().orElseThrow();
        p.getOutputStream().close();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return p.pid() + "@" + start.toEpochMilli();
    }

    @Test
    void killsTheTreesOfADeadWorkerAndLeavesThoseOfALiveOne() throws Exception {
        Process orphan = markedTree(deadOwner());
        List<ProcessHandle> orphanTree = new ArrayList<>(orphan.descendants().toList());
        orphanTree.add(orphan.toHandle());
        Process ours = markedTree(OrphanedProcesses.owner());
        assertThat(OrphanedProcesses.ownerOf(orphan.pid())).isNotNull();

        assertThat(OrphanedProcesses.killLeftBehind()).isGreaterThanOrEqualTo(2); // the shell and its sleep

        await().atMost(Duration.ofSeconds(10)).until(() -> orphanTree.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(ours.isAlive()).isTrue();
        assertThat(ours.descendants().filter(ProcessHandle::isAlive)).isNotEmpty();
    }

    @Test
    void aLivePidThatStartedAtAnotherTimeIsNotTheOwner() throws Exception {
        ProcessHandle self = ProcessHandle.current();
        assertThat(OrphanedProcesses.ownerAlive(OrphanedProcesses.owner())).isTrue();
        assertThat(OrphanedProcesses.ownerAlive(self.pid() + "@12345")).as("the pid was reused").isFalse();
        assertThat(OrphanedProcesses.ownerAlive(self.pid() + "@0")).as("no start time: the pid decides").isTrue();
        assertThat(OrphanedProcesses.ownerAlive(deadOwner())).isFalse();
        assertThat(OrphanedProcesses.ownerAlive("not-a-pid")).as("not ours to judge").isTrue();
    }

    @Test
    void aProcessWithoutTheVariableHasNoOwner() {
        assertThat(OrphanedProcesses.ownerOf(ProcessHandle.current().pid())).isNull();
        assertThat(OrphanedProcesses.ownerOf(Long.MAX_VALUE)).isNull();
    }
}
