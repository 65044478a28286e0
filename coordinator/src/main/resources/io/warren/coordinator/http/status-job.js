// The status page's selected job: its facts, counters, spec and tasks.
"use strict";

// ---------- the selected job

const OUTCOMES = [["succeeded", "succeeded"], ["running", "running"], ["failed", "failed"], ["timed-out", "timed out"],
  ["lost", "lost (worker died)"], ["superseded", "superseded / duplicate"]];

function legend() {
  const swatch = (cls, extra = "") => `<svg viewBox="0 0 20 10"><rect class="bar ${cls}" width="20" height="10" rx="2"/>${extra}</svg>`;
  return `<div class="legend">
    <span>${swatch("map succeeded")}map</span><span>${swatch("reduce succeeded")}reduce</span>
    <span>${swatch("map running")}running</span><span>${swatch("failed")}failed</span>
    <span>${swatch("timed-out")}timed out</span><span>${swatch("lost")}lost (worker died)</span>
    <span>${swatch("superseded")}superseded / duplicate</span>
    <span>${swatch("map succeeded", '<rect class="hatch" width="20" height="10"/>')}backup</span></div>`;
}

function facts(j, v) {
  const counters = j.counters || {};
  const took = (j.finishedAt ? new Date(j.finishedAt) : Date.now()) - new Date(j.submittedAt);
  const item = (k, val, title = "") => `<div><dt>${k}</dt><dd${title ? ` title="${text(title)}"` : ""}>${val}</dd></div>`;
  const runs = v ? v.runs : 0;
  return `<dl class="facts">
    ${item("App", text(simpleApp(appOf(j.spec))), appOf(j.spec))}
    ${item("Submitted", when(j.submittedAt))}
    ${item(j.finishedAt ? "Ended" : "Running for", j.finishedAt ? when(j.finishedAt) : duration(took))}
    ${j.finishedAt && !j.refused ? item("Took", duration(took)) : ""}
    ${j.refused ? "" : item("Map tasks", `${num(done(j, "maps"))} / ${num(j.mapCount)} done`)}
    ${j.refused ? "" : item("Reduce tasks", `${num(done(j, "reduces"))} / ${num(j.reduceCount)} done`)}
    ${j.refused ? "" : item("Runs", `${num(runs)}${runs > j.mapCount + j.reduceCount ? ` <span class="muted">(${num(runs - j.mapCount - j.reduceCount)} extra)</span>` : ""}`)}
    ${j.refused ? "" : item("Input", bytes(counters["map.input.bytes"]))}
    ${j.refused ? "" : item("Output", bytes(counters["bytes.written"]))}
    ${j.reduceSkew ? item("Largest reduce", skew(j.reduceSkew), "the reduce that holds the most input, and its share of the input of the reduces that told it") : ""}
    ${item("Priority", j.spec.priority ?? 0)}
  </dl>`;
}

/** "reduce-3: 41% of 5.1 GB (even: 25%)": the reduce with the most input and its share, against an even one. */
function skew(s) {
  const pct = x => `${Math.round(100 * x)}%`;
  const of = s.reported < s.reduces ? ` <span class="muted">(${num(s.reported)} of ${num(s.reduces)} reduces told theirs)</span>` : "";
  return `<span id="reduce-skew">${text(s.task)}: ${pct(s.share)} of ${bytes(s.total)} <span class="muted">(even: ${pct(s.evenShare)})</span>${of}</span>`;
}

/** Succeeded tasks of a phase: from the jobs list, or the record's task counts (it shows only some of a big job's tasks). */
function done(j, phase) {
  const summary = jobsById[j.jobId];
  if (summary) return phase === "maps" ? summary.mapsDone : summary.reducesDone;
  if (j.taskCounts) return j.taskCounts[phase === "maps" ? "map" : "reduce"].succeeded;
  const shown = j[phase], total = phase === "maps" ? j.mapCount : j.reduceCount;
  return shown.filter(t => t.state === "SUCCEEDED").length + (total - shown.length);
}

function drawDetail(j, v) {
  const panel = document.getElementById("detail");
  if (!j) {
    panel.hidden = false;
    panel.innerHTML = `<header><h2>${text(selected)}</h2><a class="close" href="#">close ×</a></header>
      <p class="none">none: this coordinator has no job of that id (it may have been pruned from the history)</p>`;
    return;
  }
  const state = j.refused ? "REFUSED" : j.state;
  const firstDraw = panel.dataset.job !== j.jobId;
  panel.hidden = false;
  panel.dataset.job = j.jobId;
  panel.dataset.state = state;
  const refused = j.refused ? `<div class="notice refused"><b>Refused at submission:</b> ${text(j.error)}<br>
      <span class="muted">It never ran a task. Fix the job and submit it again.</span></div>` : "";
  const error = !j.refused && j.error ? `<div class="notice error"><b>${text(j.error)}</b>${j.errorDetail ? `<pre>${text(j.errorDetail)}</pre>` : ""}</div>` : "";
  const open = firstDraw ? null : panel.querySelector("details.tasks")?.open;
  panel.innerHTML = `<header><h2><span class="jobid">${text(j.jobId)}</span></h2>
      ${copyButton(j.jobId)}
      <span class="state ${text(state)}">${text(state)}</span><a class="close" href="#">close ×</a></header>
    ${facts(j, v)}${refused}${error}
    ${j.refused ? "" : `<h3>Timeline</h3>${legend()}<div id="timeline"></div><p class="note" id="timeline-note"></p>
    <h3>Throughput</h3><div id="throughput"></div>`}
    <div class="columns"><div><h3>Counters</h3>${countersTable(j.counters)}</div><div><h3>Job</h3>${specTable(j.spec)}</div></div>
    ${j.refused ? "" : tasksTable(j, open)}`;
  if (!j.refused) {
    drawTimeline(v);
    drawThroughput(v);
  }
  if (scrollToDetail) {
    scrollToDetail = false;
    panel.scrollIntoView({block: "start"});
  }
}

function countersTable(counters) {
  const entries = Object.entries(counters || {});
  if (!entries.length) return `<p class="none">none</p>`;
  return `<table class="counters" id="counters"><tbody>${entries.map(([k, v]) => `<tr><td>${text(k)}</td>
    <td class="num">${num(v)}</td><td class="muted">${/bytes/.test(k) ? bytes(v) : ""}</td></tr>`).join("")}</tbody></table>`;
}

/** A spec's app: its class or built-in name, or "streaming" for a job whose mapper and reducer are commands. */
const appOf = spec => spec.app ?? (spec.streaming ? "streaming" : undefined);

function specTable(spec) {
  const params = Object.entries(spec.params || {}).map(([k, v]) => `${k}=${v}`).join(", ");
  const streaming = spec.streaming || {};
  const rows = [["App", appOf(spec)], ["Mapper", streaming.mapper], ["Reducer", streaming.reducer],
    ["Combiner", streaming.combiner], ["Files", (streaming.files || []).map(f => f.name).join(", ")], ["Jar", spec.jar], ["Input", (spec.inputs || []).join(", ")], ["Output", spec.output],
    ["Reduce tasks", spec.reduces], ["Split size", spec.splitSize == null ? null : bytes(spec.splitSize)],
    ["Parameters", params], ["Overwrite", spec.overwrite ? "yes" : null]].filter(([k, v]) => v != null && v !== "");
  return `<table class="spec"><tbody>${rows.map(([k, v]) => `<tr><th>${k}</th><td>${text(v)}</td></tr>`).join("")}</tbody></table>`;
}

function tasksTable(j, open) {
  const tasks = [...j.maps, ...j.reduces];
  const total = j.mapCount + j.reduceCount;
  const note = tasks.length < total ? `<p class="note">${num(tasks.length)} of ${num(total)} tasks shown: those running, waiting or failed first, then the latest finished.</p>` : "";
  const rows = tasks.map(t => {
    const first = t.runs.find(r => r.startedAt);
    const end = t.finishedAt || (t.state === "RUNNING" ? null : (t.runs.at(-1) || {}).endedAt);
    const took = first ? (end ? new Date(end) : Date.now()) - new Date(first.startedAt) : null;
    return `<tr class="${text(t.phase)}"><td class="nowrap">${text(t.phase)}-${t.number}</td>
      <td><span class="state ${text(t.state)}">${text(t.state)}</span></td><td class="num">${t.attempt}</td><td class="num">${t.backups}</td>
      <td class="jobid" title="${text(t.winner || (t.runs.at(-1) || {}).worker)}">${text(shortWorker(t.winner || (t.runs.at(-1) || {}).worker || ""))}</td>
      <td>${first ? when(first.startedAt, false) : ""}</td><td class="num">${took == null ? "" : duration(took)}</td>
      <td class="runs">${t.runs.map(r => { const o = r.outcome.toLowerCase().replace("_", "-");
        return `<span class="run ${o}" title="attempt ${r.attempt} on ${text(r.worker)}: ${o}${r.error ? ": " + text(r.error) : ""}${r.status ? "; status: " + text(r.status) : ""}"></span>`; }).join("")}${
        t.runs.filter(r => r.outcome === "RUNNING" && r.status).map(r => ` <span class="muted status">${text(r.status)}</span>`).join("")}</td></tr>`;
  }).join("");
  const expanded = open ?? total <= 30;
  return `<details class="tasks"${expanded ? " open" : ""}><summary>Tasks (${num(total)})</summary>${note}
    <table id="tasks"><thead><tr><th>Task</th><th>State</th><th class="num">Attempts</th><th class="num">Backups</th><th>Worker</th>
    <th>Started</th><th class="num">Duration</th><th>Runs</th></tr></thead><tbody>${rows}</tbody></table></details>`;
}
