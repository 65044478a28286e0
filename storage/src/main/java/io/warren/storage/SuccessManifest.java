package io.warren.storage;

import java.util.List;

/** What {@code _SUCCESS} holds: the job that wrote the output and each part with its size, so a reader can check it. */
public record SuccessManifest(String jobId, List<Part> files) {
    public SuccessManifest {
        files = List.copyOf(files);
    }

    public record Part(String name, long size) {
    }
}
