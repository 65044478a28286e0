package io.warren.coordinator.pipeline;

/** Where pipelines are kept, durably: a saved record survives a crash of the coordinator that saved it. */
public interface PipelineStore extends PipelineReader {
    /** Saves the whole record, durably, replacing the previous one. */
    void save(PipelineRecord pipeline);

    /** The storage path of the directory a step without an output of its own writes to, inside the pipeline's. */
    String intermediateOutput(String pipelineId, String step);

    /** Deletes the intermediate outputs of the pipeline's steps (those inside its own directory). */
    void deleteIntermediate(String pipelineId);

    /** Forgets the pipeline: its record and whatever is left in its directory. */
    void delete(String pipelineId);

}
