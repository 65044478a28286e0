// The status page's fleet: the jobs and pipelines table, the live workers and the recent failures.
"use strict";

// ---------- jobs, workers, failures

function progress(done, total, cls) {
  const pct = total ? 100 * done / total : 0;
  return `<td class="${cls} nowrap"><span class="progress${total && done === total ? " done" : ""}"><span style="width:${pct}%"></span></span>${num(done)}/${num(total)}</td>`;
}

function tookMillis(j) {
  return (j.finishedAt ? new Date(j.finishedAt) : Date.now()) - new Date(j.submittedAt);
}

function jobRow(j, step) {
  const state = j.refused ? "REFUSED" : j.state;
  const work = j.refused ? `<td class="maps refused" colspan="2" title="${text(j.error)}"><div class="ellipsis">refused: ${text(j.error)}</div></td>`
      : progress(j.mapsDone, j.maps, "maps") + progress(j.reducesDone, j.reduces, "reduces");
  const classes = [j.jobId === selected ? "selected" : "", step ? "step" : ""].filter(c => c).join(" ");
  return `<tr data-job="${text(j.jobId)}" data-state="${text(state)}"${classes ? ` class="${classes}"` : ""}>
    <td class="nowrap">${step ? `<span class="stepname" title="step ${text(j.step)} of pipeline ${text(j.pipeline)}">${text(j.step)}</span> ` : ""}${jobLink(j.jobId)}</td><td title="${text(j.app)}">${text(simpleApp(j.app))}</td>
    <td class="num">${j.priority}</td><td><span class="state ${text(state)}">${text(state)}</span></td>${work}
    <td class="num nowrap">${j.refused ? "" : bytes(j.inputBytes)}</td><td class="nowrap">${when(j.submittedAt)}</td>
    <td class="num nowrap">${j.refused ? "" : duration(tookMillis(j))}</td>
    <td title="${text(j.refused ? "" : j.error)}"><div class="ellipsis">${text(j.refused ? "" : j.error)}</div></td></tr>`;
}

/** A pipeline: one row with its steps' progress, then a row per step, its job's when it has one. */
function pipelineRows(p, jobs) {
  const refused = p.state === "FAILED" && p.steps.every(s => !s.startedAt);
  const state = refused ? "REFUSED" : p.state;
  const done = p.steps.filter(s => s.state === "SUCCEEDED").length;
  const steps = p.steps.map(s => s.name).join(" › ");
  const head = `<tr class="pipeline" data-pipeline="${text(p.pipelineId)}" data-state="${text(state)}">
    <td class="nowrap"><span class="jobid" title="${text(p.pipelineId)}">${text(shortId(p.pipelineId))}</span>${copyButton(p.pipelineId)}</td>
    <td title="pipeline: ${text(steps)}">pipeline: ${text(steps)}</td><td class="num">${p.spec.priority == null ? 0 : p.spec.priority}</td>
    <td><span class="state ${text(state)}">${text(state)}</span></td>
    ${progress(done, p.steps.length, "maps steps")}<td class="nowrap">${p.state === "RUNNING" ? "step " + (p.current + 1) + ": " + text(p.steps[p.current].name) : ""}</td>
    <td></td><td class="nowrap">${when(p.submittedAt)}</td><td class="num nowrap">${duration(tookMillis(p))}</td>
    <td title="${text(p.error)}"><div class="ellipsis">${text(refused ? "refused: " + p.error : p.error)}</div></td></tr>`;
  const rows = p.steps.map(s => {
    const j = jobs[s.jobId];
    if (j) return jobRow(j, true);
    return `<tr class="step waiting"><td class="nowrap"><span class="stepname">${text(s.name)}</span></td><td></td><td></td>
      <td><span class="state">${s.state ? text(s.state) : "WAITING"}</span></td><td colspan="6"></td></tr>`;
  });
  return head + rows.join("");
}

function drawJobs(jobs, pipelines = []) {
  const body = document.querySelector("#jobs tbody");
  if (!jobs.length && !pipelines.length) {
    body.innerHTML = `<tr class="none"><td colspan="10">none yet: submit one with <code>warren submit</code></td></tr>`;
    return;
  }
  // A pipeline is one unit: its row, with its steps' jobs beneath it rather than among the other jobs.
  const byId = Object.fromEntries(jobs.map(j => [j.jobId, j]));
  const shown = new Set(pipelines.map(p => p.pipelineId));
  const units = jobs.filter(j => !j.pipeline || !shown.has(j.pipeline)).map(j => ({at: j.submittedAt, html: () => jobRow(j, false)}))
      .concat(pipelines.map(p => ({at: p.submittedAt, html: () => pipelineRows(p, byId)})));
  units.sort((a, b) => new Date(b.at) - new Date(a.at));
  body.innerHTML = units.map(u => u.html()).join("");
}

function drawWorkers(workers) {
  const body = document.querySelector("#workers tbody");
  if (!workers.length) {
    body.innerHTML = `<tr class="none"><td colspan="8">none: no worker has been heard from in the last few seconds</td></tr>`;
    return;
  }
  body.innerHTML = workers.map(w => `<tr data-worker="${text(w.workerId)}">
    <td class="jobid" title="${text(w.workerId)}">${text(shortWorker(w.workerId))}</td><td>${text(w.host)}</td>
    <td class="nowrap"><span class="progress"><span style="width:${100 * w.running.length / w.slots}%"></span></span>${w.running.length}/${w.slots}</td>
    <td>${w.running.length ? w.running.map(t => `<span class="nowrap"><span title="${text(t.jobId)}">${text(shortId(t.jobId))}</span> ${text(t.taskId)}
        #${t.attempt} <span class="ago">${duration(Date.now() - new Date(t.startedAt))}</span></span>`).join("<br>") : '<span class="muted">idle</span>'}</td>
    <td class="num">${num(w.tasksDone)}</td><td class="num">${num(w.tasksFailed)}</td>
    <td>${when(w.startedAt)}</td><td>${when(w.lastSeen)}</td></tr>`).join("");
}

function drawFailures(failures) {
  const body = document.querySelector("#failures tbody");
  if (!failures.length) {
    body.innerHTML = `<tr class="none"><td colspan="7">none</td></tr>`;
    return;
  }
  body.innerHTML = failures.map(f => `<tr>
    <td>${when(f.at)}</td><td class="nowrap">${jobLink(f.jobId)}</td><td>${text(f.taskId)}</td><td class="num">${f.attempt}</td>
    <td class="jobid" title="${text(f.worker)}">${text(shortWorker(f.worker || ""))}</td><td>${text(f.kind)}</td>
    <td title="${text(f.reason)}"><div class="ellipsis">${text(f.reason)}</div></td></tr>`).join("");
}

function drawFleet(jobs, workers) {
  const running = jobs.filter(j => !["SUCCEEDED", "FAILED", "CANCELLED"].includes(j.state)).length;
  const slots = workers.reduce((n, w) => n + w.slots, 0), busy = workers.reduce((n, w) => n + w.running.length, 0);
  document.getElementById("fleet").textContent =
      `${plural(running, "job")} running · ${plural(workers.length, "worker")}, ${busy} of ${plural(slots, "slot")} busy`;
}
