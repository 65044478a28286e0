package io.warren.coordinator.domain;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One coordinator's term: it begins when the coordinator becomes active, with an epoch claimed in the
 * {@link EpochStore}, and ends when a newer term exists. Before it writes job state, commits or deletes output, a
 * coordinator asks {@link #check}: once a newer term exists, every such write is refused with {@link Superseded}, and
 * the coordinator steps down (docs/fencing.md).
 */
public final class Term {
    private static final Logger log = LoggerFactory.getLogger(Term.class);

    private final long epoch;
    private final EpochStore epochs;
    private volatile boolean superseded;

    private Term(long epoch, EpochStore epochs) {
        this.epoch = epoch;
        this.epochs = epochs;
    }

    /** Claims the next epoch: the caller is the active coordinator from now on. */
    public static Term begin(EpochStore epochs) {
        Term term = new Term(epochs.claimNext(), epochs);
        log.info("coordinator term {} begins", term.epoch);
        return term;
    }

    public long epoch() {
        return epoch;
    }

    /**
     * Refuses the write about to happen if a newer term exists. One lookup of the next epoch; once superseded, a term
     * stays so without asking again.
     *
     * @throws Superseded if a newer term exists
     */
    public void check() {
        if (!superseded && !epochs.claimed(epoch + 1)) return;
        superseded = true;
        throw new Superseded(epoch, epochs.latest());
    }

    /** A write refused because a newer coordinator term exists: the coordinator that tried it must step down. */
    public static final class Superseded extends RuntimeException {
        private final long epoch;
        private final long newer;

        Superseded(long epoch, long newer) {
            super("coordinator term " + epoch + " is superseded by term " + newer
                    + ": another coordinator took over (this one was frozen or cut off from the broker)");
            this.epoch = epoch;
            this.newer = newer;
        }

        public long epoch() {
            return epoch;
        }

        public long newer() {
            return newer;
        }
    }
}
