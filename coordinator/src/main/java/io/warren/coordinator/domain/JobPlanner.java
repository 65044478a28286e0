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
}
