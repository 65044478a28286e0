package io.warren.coordinator.domain;

/**
 * The coordinator terms on the shared storage (docs/fencing.md). Each term's epoch is claimed by a create-only write,
 * so two coordinators can never hold the same one, and epochs only grow: each claim takes the one after the latest.
 * Claims are never deleted, so whether epoch {@code e + 1} exists says whether term {@code e} has been superseded.
 */
public interface EpochStore {
    /** Claims the epoch after the latest one, retrying past claims made meanwhile; durable when it returns. */
    long claimNext();

    /** The latest epoch claimed, 0 if none. */
    long latest();

    /** Whether this epoch has been claimed: one lookup, cheap enough to ask once per batch. */
    boolean claimed(long epoch);
}
