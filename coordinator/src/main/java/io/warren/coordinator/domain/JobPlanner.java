package io.warren.coordinator.domain;

import io.warren.api.InvalidJobException;
import io.warren.protocol.InputSplit;
import io.warren.protocol.JobSpec;

import java.util.List;

/**
 * Checks a submitted spec against the world (the app loads and accepts its parameters, inputs exist, paths are
 * allowed, the output is free) and cuts the inputs into map tasks: element m is map task m's splits.
 */
public interface JobPlanner {
    /** @throws InvalidJobException with a message that tells the user what to fix */
    List<List<InputSplit>> plan(JobSpec spec);

    /**
     * Everything {@link #plan} checks but the inputs, and without touching any file: for a pipeline's steps at its
     * submission, when the inputs of its later steps do not exist yet, so that a step with an unknown app, a bad
     * parameter or an output that already holds output fails the pipeline at once rather than after its first steps.
     *
     * @throws InvalidJobException with a message that tells the user what to fix
     */
    default void check(JobSpec spec) {
    }
}
