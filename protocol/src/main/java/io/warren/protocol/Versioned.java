package io.warren.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Every Warren message carries {@code "v": 1}. A receiver rejects other versions instead of guessing (see
 * {@link Json#decode}); a newer sender may add fields, which older receivers ignore.
 */
public interface Versioned {
    int VERSION = 1;

    @JsonProperty("v")
    default int v() {
        return VERSION;
    }
}
