package io.warren.coordinator.http;

import io.warren.api.Counters;
import io.warren.coordinator.domain.JobReader;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.pipeline.PipelineReader;
import io.warren.coordinator.pipeline.PipelineRecord;
import io.warren.coordinator.status.JobTotals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs list of the status page: each job's summary, newest first, a pipeline's step's job marked with the
 * pipeline and the step. An ended job's record never changes again, so its summary is made once and kept; only running
 * jobs are read again on each request, which keeps the page cheap with a long history, and their sums are
 * {@link JobTotals kept} from one request to the next.
 */
final class JobSummaries {
    private final JobReader store;
    private final PipelineReader pipelines;
    private final JobTotals totals;
    private final Map<String, Map<String, Object>> ended = new ConcurrentHashMap<>();

    JobSummaries(JobReader store, PipelineReader pipelines, JobTotals totals) {
        this.store = store;
        this.pipelines = pipelines;
        this.totals = totals;
    }

    List<Map<String, Object>> newestFirst() {
        return withPipelines(summaries());
    }

    private List<Map<String, Object>> summaries() {
        List<String> ids = store.ids();
        ended.keySet().retainAll(new HashSet<>(ids));
        List<Map<String, Object>> all = new ArrayList<>();
        for (String id : ids) {
            Map<String, Object> summary = ended.get(id);
            if (summary == null) {
                Optional<JobRecord> job = store.load(id);
                if (job.isEmpty()) continue;
                summary = summary(job.get());
                if (job.get().state().isTerminal()) ended.put(id, summary);
            }
            all.add(summary);
        }
        all.sort(Comparator.comparing((Map<String, Object> m) -> (Instant) m.get("submittedAt"))
                .thenComparing(m -> (String) m.get("jobId")).reversed());
        return all;
    }

    /** The summaries, each job that runs a pipeline's step marked with the pipeline's id and the step's name. */
    private List<Map<String, Object>> withPipelines(List<Map<String, Object>> jobs) {
        Map<String, String[]> steps = new HashMap<>();
        for (PipelineRecord p : pipelines.loadAll()) {
            p.steps().forEach(s -> {
                if (s.jobId() != null) steps.put(s.jobId(), new String[]{p.pipelineId(), s.name()});
            });
        }
        if (steps.isEmpty()) return jobs;
        List<Map<String, Object>> marked = new ArrayList<>(jobs.size());
        for (Map<String, Object> j : jobs) {
            String[] step = steps.get((String) j.get("jobId"));
            if (step == null) {
                marked.add(j);
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>(j);
            m.put("pipeline", step[0]);
            m.put("step", step[1]);
            marked.add(m);
        }
        return marked;
    }

    private Map<String, Object> summary(JobRecord j) {
        JobTotals.Totals sums = totals.of(j);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jobId", j.jobId());
        m.put("app", j.spec().appName());
        m.put("state", j.state());
        m.put("refused", j.refused());
        m.put("priority", j.spec().priorityLevel());
        m.put("mapsDone", sums.mapsDone());
        m.put("maps", j.maps().size());
        m.put("reducesDone", sums.reducesDone());
        m.put("reduces", j.reduces().size());
        m.put("submittedAt", j.submittedAt());
        m.put("finishedAt", j.finishedAt());
        m.put("error", j.error());
        m.put("inputBytes", sums.counters().getOrDefault(Counters.MAP_INPUT_BYTES, 0L));
        return m;
    }
}
