package io.warren.coordinator.domain;

import io.warren.protocol.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;

/**
 * Which run of a reduce may commit its output (Hadoop's {@code canCommit}): the first that asks while its run is alive
 * and while no other run holds the grant. The grant is kept with the task and saved before the worker hears of it, so
 * it is given once, also across a takeover. It passes to another run only when its holder's run was lost (timed out,
 * or its attempt taken by another worker) and the holder's part is not on the storage; if the part is there, the
 * holder committed before it was lost and its output is the task's: a live asker is then granted, finds the part
 * taken at its own create-only commit and reports the task with its counters; with no live asker the holder is
 * recorded as the winner (docs/fencing.md).
 */
final class CommitGate {
    private static final Logger log = LoggerFactory.getLogger(CommitGate.class);

    /** What to do with a request: {@code holder} is set for {@link Kind#ACCEPT_HOLDER}. */
    record Judgement(Kind kind, String reason, CommitGrant holder) {
        static Judgement grant() {
            return new Judgement(Kind.GRANT, "", null);
        }

        static Judgement deny(String reason) {
            return new Judgement(Kind.DENY, reason, null);
        }
    }

    enum Kind {
        /** The asker may commit (again, if it asked before). */
        GRANT,
        /** The asker may not commit: it discards its output. */
        DENY,
        /** The lost holder committed: its output is the task's; the asker, whose run is over, is denied. */
        ACCEPT_HOLDER,
        /** No answer now: the storage cannot say whether the holder committed; the worker asks again. */
        UNDECIDED
    }

    private final OutputCommitter committer;

    CommitGate(OutputCommitter committer) {
        this.committer = committer;
    }

    Judgement judge(Job job, Task task, int attempt, String worker) {
        if (task.phase() != Phase.REDUCE) return Judgement.deny("a map task commits no output");
        if (task.state() == TaskState.SUCCEEDED) return Judgement.deny("the task already succeeded");
        if (task.state().isTerminal()) return Judgement.deny("the task failed");
        if (task.state() == TaskState.PARKED) {
            return Judgement.deny("the task was parked while its input is made again; it runs again with the new"
                    + " input");
        }
        CommitGrant held = task.grant();
        boolean holderAlive = held != null && task.isAlive(held.attempt(), held.worker());
        if (holderAlive && held.holds(attempt, worker)) return Judgement.grant(); // asked again: the answer was lost
        if (holderAlive) return Judgement.deny(held + " holds the commit grant");
        if (held != null) { // its run was lost, or ended otherwise, before it reported
            try {
                if (committer.hasPart(job.spec(), task.number())) {
                    // The holder committed, then was lost before it reported. A live asker is granted: its own
                    // create-only commit finds the part there, and its report brings the task's counters (a run of
                    // the same partition of the same map outputs); the output stays the holder's part.
                    if (task.isAlive(attempt, worker)) {
                        log.info("job={} task={}: the part of {}, committed before its run was lost, is on the storage;"
                                + " attempt={} worker={} is granted and reports the task", job.id(), task.id(), held,
                                attempt, worker);
                        return Judgement.grant();
                    }
                    return new Judgement(Kind.ACCEPT_HOLDER, "the output of " + held
                            + ", committed before its run was lost, is the task's", held);
                }
            } catch (UncheckedIOException e) {
                log.warn("job={} task={}: cannot tell whether {} committed its part; not answering attempt={} worker={}"
                        + " yet: {}", job.id(), task.id(), held, attempt, worker, e.getMessage());
                return new Judgement(Kind.UNDECIDED, e.getMessage(), null);
            }
        }
        if (!task.isAlive(attempt, worker)) {
            return Judgement.deny("its run is over (timed out, lost or superseded); another attempt runs the task");
        }
        if (held != null) log.warn("job={} task={}: {} was lost before it committed; the grant passes to attempt={}"
                + " worker={}", job.id(), task.id(), held, attempt, worker);
        return Judgement.grant();
    }
}
