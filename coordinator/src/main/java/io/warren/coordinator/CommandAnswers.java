package io.warren.coordinator;

import io.warren.broker.port.Broker;
import io.warren.coordinator.domain.JobReader;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.TaskScheduler;
import io.warren.coordinator.pipeline.PipelineRecord;
import io.warren.coordinator.pipeline.PipelineRunner;
import io.warren.protocol.ControlAnswer;
import io.warren.protocol.JobCommand;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Control commands (cancel a job or a pipeline) and their answers. A command is carried out in its batch; its answer
 * goes out only after the batch's flush, so that an answer never reports what a crash could still undo, and a job
 * that ended in that very batch is on record with its final state. Loop thread only.
 */
final class CommandAnswers {
    private final Broker broker;
    private final JobReader jobs;
    private final TaskScheduler scheduler;
    private final PipelineRunner pipelines;
    private final Clock clock;
    private final String name;
    /** Commands handled in the current batch, answered once the batch's effects are saved. */
    private final List<Handled> handled = new ArrayList<>();

    private record Handled(JobCommand command, boolean done) {
    }

    CommandAnswers(Broker broker, JobReader jobs, TaskScheduler scheduler, PipelineRunner pipelines, Clock clock,
                   String name) {
        this.broker = broker;
        this.jobs = jobs;
        this.scheduler = scheduler;
        this.pipelines = pipelines;
        this.clock = clock;
        this.name = name;
    }

    void on(JobCommand command) {
        if (command instanceof JobCommand.CancelJob cancel) {
            boolean done = pipelines.isRunning(cancel.jobId()) ? pipelines.cancel(cancel.jobId(), cancel.reason())
                    : scheduler.cancel(cancel.jobId(), cancel.reason());
            handled.add(new Handled(cancel, done));
        }
    }

    /** Answers the batch's commands; call it after the flush. */
    void answer() {
        for (Handled h : handled) {
            ControlAnswer answer = h.done() ? cancelled(h.command()) : notRunning(h.command());
            if (answer != null) broker.answers().answer(answer);
        }
        handled.clear();
    }

    private ControlAnswer cancelled(JobCommand command) {
        String what = pipelines.find(command.jobId()).isPresent() ? "pipeline " : "job ";
        return answer(command, ControlAnswer.Outcome.CANCELLED, JobState.CANCELLED, what + command.jobId()
                + " cancelled");
    }

    private ControlAnswer notRunning(JobCommand command) {
        String jobId = command.jobId();
        Optional<JobRecord> record = jobs.load(jobId);
        Optional<PipelineRecord> pipeline = record.isPresent() ? Optional.empty() : pipelines.find(jobId);
        if (pipeline.isPresent()) {
            PipelineRecord p = pipeline.get();
            return answer(command, ControlAnswer.Outcome.ALREADY_ENDED, p.state().asJobState(), "pipeline "
                    + jobId + " had already ended: " + p.state() + (p.error() == null ? "" : " (" + p.error() + ")"));
        }
        if (record.isEmpty()) {
            return answer(command, ControlAnswer.Outcome.NO_SUCH_JOB, null, "no job " + jobId + " on record");
        }
        JobRecord j = record.get();
        String state = j.state().name().toLowerCase(Locale.ROOT);
        // Followers of the job, and a sender that asked for no answer, learn it from the job's progress.
        broker.progress().publish(new JobUpdate(j.jobId(), j.state(), (int) j.mapsDone(), j.maps().size(),
                (int) j.reducesDone(), j.reduces().size(), "not running: " + state, clock.instant()));
        return answer(command, ControlAnswer.Outcome.ALREADY_ENDED, j.state(), "job " + jobId
                + " had already ended: " + j.state() + (j.error() == null ? "" : " (" + j.error() + ")"));
    }

    private ControlAnswer answer(JobCommand command, ControlAnswer.Outcome outcome, JobState state, String message) {
        if (command.requestId() == null) return null;
        return new ControlAnswer(command.requestId(), command.jobId(), outcome, state, message, name);
    }
}
