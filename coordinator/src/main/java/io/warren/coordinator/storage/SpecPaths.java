package io.warren.coordinator.storage;

import io.warren.api.InvalidJobException;
import io.warren.protocol.storage.StorageLayout;
import io.warren.storage.JobPaths;

import java.nio.file.Path;

/**
 * Where the paths of a job spec lead, and whether they may be used. They are relative to the storage root; unless
 * {@code confined} is off (local mode), every one must stay inside it, symlinks included. A path that breaks the rule
 * fails the job with an {@link InvalidJobException} that names it. Shared by the planner's check of a jar and the
 * search for input files, so the rule has one owner on the coordinator's side.
 */
final class SpecPaths {
    private final StorageLayout layout;
    private final boolean confined;

    SpecPaths(StorageLayout layout, boolean confined) {
        this.layout = layout;
        this.confined = confined;
    }

    /** A spec path as {@link JobPaths} locates it: an {@code s3://} URI (a bucket root's relative paths too), or a local path. */
    String located(String what, String path) {
        try {
            return JobPaths.locate(layout, what, path, confined);
        } catch (IllegalArgumentException e) {
            throw new InvalidJobException(e.getMessage());
        }
    }

    /** Resolves a spec path and, when confined, makes sure it stays inside the storage root, even through symlinks. */
    Path allowed(String what, String path) {
        if (!confined) return layout.resolve(path);
        try {
            return layout.confine(what, path);
        } catch (IllegalArgumentException e) {
            throw new InvalidJobException(e.getMessage());
        }
    }
}
