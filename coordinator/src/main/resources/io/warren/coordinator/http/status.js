// Warren's status page: polls the coordinator's JSON API every two seconds and draws it with plain DOM and SVG.
// Nothing is loaded from anywhere else, so it works offline. The selected job lives in the URL (#job=<id>).
"use strict";

const POLL_MILLIS = 2000;
const COPY_ICON = `<svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true"><rect x="5" y="5" width="9" height="9" rx="1.5"
  fill="none" stroke="currentColor" stroke-width="1.5"/><path d="M3 11V3.5A1.5 1.5 0 0 1 4.5 2H11" fill="none" stroke="currentColor" stroke-width="1.5"/></svg>`;
const copyButton = id => `<button class="copy" data-copy="${text(id)}" title="copy the full id" aria-label="copy the full id">${COPY_ICON}</button>`;
const TASKS_SHOWN = 500;
const SVG = "http://www.w3.org/2000/svg";
let token = sessionStorage.getItem("warren-token") || "";
let selected = jobFromUrl();
const ended = {};   // job id -> {job, timeline} of an ended job, whose record never changes again
let drawn = {};     // what the selected job's panel shows now, to redraw on resize
let jobsById = {};  // the latest jobs list, by id
let polling = false;
let again = false;  // a refresh was asked for while one ran
let scrollToDetail = false;  // a job was just chosen: show its panel once drawn

// ---------- formatting

const text = s => String(s ?? "").replace(/[&<>"']/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
const num = n => Number(n || 0).toLocaleString();
const plural = (n, one, many) => `${num(n)} ${n === 1 ? one : many || one + "s"}`;

function bytes(n) {
  n = Number(n || 0);
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let u = 0;
  while (n >= 1024 && u < units.length - 1) { n /= 1024; u++; }
  return (u === 0 ? n : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0)) + " " + units[u];
}

/** 850 ms, 4.2 s, 37 s, 3 min 07 s, 2 h 05 min, 3 d 4 h. */
function duration(ms) {
  if (ms == null || isNaN(ms)) return "";
  if (ms < 1000) return Math.max(0, Math.round(ms)) + " ms";
  const s = ms / 1000;
  if (s < 10) return s.toFixed(1) + " s";
  if (s < 60) return Math.round(s) + " s";
  const m = Math.floor(s / 60), h = Math.floor(m / 60), d = Math.floor(h / 24);
  if (m < 60) return `${m} min ${String(Math.round(s % 60)).padStart(2, "0")} s`;
  if (h < 24) return `${h} h ${String(m % 60).padStart(2, "0")} min`;
  return `${d} d ${h % 24} h`;
}

/** An axis label: 0, 500 ms, 30 s, 2 min, 1 min 30 s, 1 h 10 min. */
function offset(ms) {
  if (ms === 0) return "0";
  if (ms < 1000) return ms + " ms";
  if (ms < 60000) return +(ms / 1000).toFixed(1) + " s";
  const m = Math.floor(ms / 60000), s = Math.round((ms % 60000) / 1000);
  if (ms < 3600000) return s ? `${m} min ${s} s` : `${m} min`;
  const h = Math.floor(ms / 3600000), rm = Math.round((ms % 3600000) / 60000);
  return rm ? `${h} h ${rm} min` : `${h} h`;
}

const sameDay = (a, b) => a.toDateString() === b.toDateString();

/** The local time of day, with the date when it is not today. */
function local(t) {
  const d = new Date(t);
  if (isNaN(d)) return "";
  return sameDay(d, new Date()) ? d.toLocaleTimeString()
      : d.toLocaleString(undefined, {month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit"});
}

function ago(t) {
  const ms = Date.now() - new Date(t);
  if (isNaN(ms)) return "";
  if (ms < 5000) return "just now";
  if (ms < 60000) return Math.round(ms / 1000) + " s ago";
  if (ms < 3600000) return Math.round(ms / 60000) + " min ago";
  if (ms < 86400000) return Math.round(ms / 3600000) + " h ago";
  return Math.round(ms / 86400000) + " d ago";
}

/** The full value, for hovering: local date and time, and the instant as the API gives it (UTC). */
const full = t => `${new Date(t).toLocaleString(undefined, {dateStyle: "full", timeStyle: "long"})}\n${t}`;

/** A time as local time and how long ago, with the full value on hover. */
function when(t, withAgo = true) {
  if (!t) return "";
  return `<time datetime="${text(t)}" title="${text(full(t))}">${text(local(t))}</time>`
      + (withAgo ? ` <span class="ago">${text(ago(t))}</span>` : "");
}

/** Job ids like job-20261125-044055-7f3a9c become job-…044055-7f3a9c: the date is in "Submitted", the end tells them apart. */
function shortId(id) {
  if (id.length <= 20) return id;
  const dash = id.indexOf("-");
  const head = dash > 0 && dash < 10 ? id.slice(0, dash + 1) : id.slice(0, 6);
  return head + "…" + id.slice(-13);
}

const shortWorker = w => w.length <= 24 ? w : w.slice(0, 9) + "…" + w.slice(-13);
const simpleApp = a => String(a || "").replace(/^.*\.(?=[^.]+$)/, "");

function jobLink(id) {
  return `<a class="jobid" href="#job=${encodeURIComponent(id)}" title="${text(id)}" data-job="${text(id)}">${text(shortId(id))}</a>`
      + copyButton(id);
}

// ---------- the API

async function api(path) {
  const r = await fetch("/api/" + path, {headers: token ? {"Authorization": "Bearer " + token} : {}});
  if (r.status === 401) {
    document.getElementById("token").style.display = "block";
    throw new Error("this coordinator needs a token");
  }
  if (r.status === 404) return null;
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r.json();
}

function jobFromUrl() {
  const m = location.hash.match(/^#job=(.+)$/);
  return m ? decodeURIComponent(m[1]) : null;
}

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
    ${item("Priority", j.spec.priority ?? 0)}
  </dl>`;
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

// ---------- the timeline: one row per worker lane, one bar per run

function niceStep(span, most) {
  const steps = [100, 200, 500, 1e3, 2e3, 5e3, 1e4, 15e3, 3e4, 6e4, 12e4, 3e5, 6e5, 9e5, 18e5, 36e5, 72e5, 216e5, 432e5, 864e5];
  return steps.find(s => span / s <= most) || steps.at(-1);
}

function drawTimeline(v) {
  const box = document.getElementById("timeline");
  const note = document.getElementById("timeline-note");
  if (!box) return;
  if (!v || !v.lanes.length) {
    box.innerHTML = `<p class="none">none: no task has started yet</p>`;
    note.textContent = "";
    return;
  }
  const width = Math.max(400, box.clientWidth || 1000);
  const gutter = 170, right = 14, axis = 20;
  const rowH = v.lanes.length <= 24 ? 20 : Math.max(3, Math.floor(480 / v.lanes.length));
  const height = axis + v.lanes.length * rowH + 4;
  const span = Math.max(v.elapsed, 1);
  const x = ms => gutter + ms / span * (width - gutter - right);
  const out = [`<svg xmlns="${SVG}" viewBox="0 0 ${width} ${height}" height="${height}" role="img" aria-label="task timeline">
    <defs><pattern id="backup-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
    <rect width="2.5" height="6" fill="#fff" opacity=".55"/></pattern></defs>`];
  // Worker groups shaded alternately, lane labels, then the time axis.
  let shade = false;
  v.lanes.forEach((lane, i) => {
    if (lane.slot === 0) shade = !shade;
    const y = axis + i * rowH;
    if (shade) out.push(`<rect class="lane-bg" x="0" y="${y}" width="${width}" height="${rowH}"/>`);
    const lanesOfWorker = v.lanes.filter(l => l.worker === lane.worker).length;
    if (rowH >= 11) {
      out.push(`<text class="lane-label" x="6" y="${y + rowH / 2 + 4}"><title>${text(lane.worker)}, lane ${lane.slot + 1}</title>`
          + `${text(shortWorker(lane.worker))}${lanesOfWorker > 1 ? ` · ${lane.slot + 1}` : ""}</text>`);
    }
  });
  const step = niceStep(span, Math.max(2, Math.floor((width - gutter) / 90)));
  out.push(`<g class="axis">`);
  for (let t = 0; t <= span; t += step) {
    out.push(`<line x1="${x(t)}" x2="${x(t)}" y1="${axis - 4}" y2="${height}"/><text x="${x(t)}" y="${axis - 7}" text-anchor="middle">${offset(t)}</text>`);
  }
  out.push(`</g>`);
  const pad = rowH >= 8 ? 2 : 0.5;
  v.bars.forEach((b, i) => {
    const y = axis + b.lane * rowH + pad, h = rowH - 2 * pad;
    const x0 = x(b.start), w = Math.max(1.5, x(b.end) - x0);
    out.push(`<rect class="bar ${b.phase} ${b.outcome}${b.backup ? " backup" : ""}" data-i="${i}" data-outcome="${b.outcome}"`
        + ` data-phase="${b.phase}" x="${x0.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${h}" rx="${rowH >= 8 ? 2 : 0}"/>`);
    if (b.backup) out.push(`<rect class="hatch" x="${x0.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${h}"/>`);
  });
  out.push(`</svg>`);
  box.innerHTML = out.join("");
  box.onmousemove = e => {
    const bar = e.target.closest && e.target.closest("rect.bar");
    if (bar) showTip(e, barTip(v, v.bars[bar.dataset.i])); else hideTip();
  };
  box.onmouseleave = hideTip;
  const merged = v.bars.filter(b => b.runs > 1);
  const lanes = new Set(v.lanes.map(l => l.worker)).size;
  note.textContent = `${plural(v.runs, "run")} on ${plural(lanes, "worker")}, one row per task a worker ran at once.`
      + (merged.length ? ` With this many runs, short first-try successes back to back on a row are drawn as one bar (${num(merged.reduce((n, b) => n + b.runs, 0))} runs in ${num(merged.length)} bars).` : "")
      + (v.bars.reduce((n, b) => n + b.runs, 0) < v.runs ? ` Only the unusual and the longest ${num(v.bars.length)} bars are drawn.` : "");
}

function barTip(v, b) {
  const origin = new Date(v.origin).getTime();
  const at = ms => `${new Date(origin + ms).toLocaleTimeString()} <span class="k">+${offset(ms)}</span>`;
  const lane = v.lanes[b.lane];
  const row = (k, val) => `<div><span class="k">${k}</span>${val}</div>`;
  const head = b.runs > 1 ? `<b>${num(b.runs)} ${b.phase} tasks</b> back to back, from ${text(b.task)}`
      : `<b>${text(b.task)}</b> attempt ${b.attempt}${b.backup ? " (backup)" : ""}`;
  return head + row("worker", `${text(lane.worker)} · lane ${lane.slot + 1}`) + row("started", at(b.start))
      + row(b.outcome === "running" ? "now" : "ended", at(b.end)) + row("took", duration(b.end - b.start))
      + row("outcome", b.runs > 1 ? "all succeeded at the first try" : text(b.outcome))
      + (b.error ? `<div class="err">${text(b.error)}</div>` : "");
}

function showTip(e, html) {
  const tip = document.getElementById("tip");
  tip.innerHTML = html;
  tip.hidden = false;
  const w = tip.offsetWidth, h = tip.offsetHeight;
  tip.style.left = Math.min(e.clientX + 14, window.innerWidth - w - 8) + "px";
  tip.style.top = (e.clientY + h + 20 > window.innerHeight ? e.clientY - h - 10 : e.clientY + 16) + "px";
}

function hideTip() {
  document.getElementById("tip").hidden = true;
}

// ---------- throughput: bytes per second over the job's life, one small chart per stream

const STREAMS = [["input", "Input read", "map.input.bytes"], ["intermediate", "Intermediate data written", "map.output.bytes"],
  ["output", "Output written", "bytes.written"]];

function drawThroughput(v) {
  const box = document.getElementById("throughput");
  if (!box) return;
  if (!v) { box.innerHTML = ""; return; }
  const t = v.throughput;
  box.innerHTML = `<div class="charts">${STREAMS.map(([key, title]) => `<div class="chart" data-series="${key}"></div>`).join("")}</div>
    <p class="note">Per ${offset(t.bucketMillis)}, from the byte counts each task reports when it succeeds, spread evenly over
    its run: a task still running shows up when it ends.</p>`;
  const span = Math.max(v.elapsed, 1);
  STREAMS.forEach(([key, title]) => {
    const el = box.querySelector(`[data-series="${key}"]`);
    const series = t[key];
    const peak = Math.max(0, ...series);
    const covered = i => i < series.length - 1 ? t.bucketMillis : Math.max(1, span - i * t.bucketMillis);
    const total = series.reduce((sum, r, i) => sum + r * covered(i) / 1000, 0);
    const width = Math.max(200, el.clientWidth || 300), height = 90, top = 6, bottom = 16;
    const x = ms => ms / span * width, y = r => top + (height - top - bottom) * (1 - (peak ? r / peak : 0));
    const x1Of = i => x(i < series.length - 1 ? (i + 1) * t.bucketMillis : span); // the last bucket runs to the end
    let d = `M0,${y(0)}`;
    series.forEach((r, i) => {
      const x0 = x(i * t.bucketMillis), x1 = x1Of(i);
      d += ` L${x0.toFixed(1)},${y(r).toFixed(1)} L${x1.toFixed(1)},${y(r).toFixed(1)}`;
    });
    d += ` L${x(span).toFixed(1)},${y(0)} Z`;
    const cols = series.map((r, i) => {
      const x0 = x(i * t.bucketMillis), x1 = x1Of(i);
      return `<rect class="hover-col" x="${x0.toFixed(1)}" y="0" width="${Math.max(1, x1 - x0).toFixed(1)}" height="${height - bottom}">`
          + `<title>+${offset(i * t.bucketMillis)}: ${bytes(r)}/s</title></rect>`;
    }).join("");
    el.innerHTML = `<h4>${title}</h4><div class="stats">peak ${bytes(peak)}/s · total ${bytes(total)}</div>
      <svg xmlns="${SVG}" viewBox="0 0 ${width} ${height}" height="${height}" role="img" aria-label="${title} per second">
      <line class="grid" x1="0" x2="${width}" y1="${y(peak)}" y2="${y(peak)}"/><line class="grid" x1="0" x2="${width}" y1="${y(0)}" y2="${y(0)}"/>
      <path class="area ${key}" d="${d}" data-peak="${peak}"/>${cols}
      <text x="2" y="${height - 3}">0</text><text x="${width - 2}" y="${height - 3}" text-anchor="end">${offset(v.elapsed)}</text></svg>`;
  });
}

// ---------- polling

async function refreshSelected() {
  if (!selected) {
    document.getElementById("detail").hidden = true;
    document.getElementById("detail").dataset.job = "";
    drawn = {};
    return;
  }
  let cached = ended[selected];
  if (!cached) {
    const id = encodeURIComponent(selected);
    const [job, timeline] = await Promise.all([api(`jobs/${id}?tasks=${TASKS_SHOWN}`), api(`jobs/${id}/timeline`)]);
    cached = {job, timeline};
    if (job && ["SUCCEEDED", "FAILED", "CANCELLED"].includes(job.state)) ended[selected] = cached;
  }
  const key = JSON.stringify([cached.job, cached.timeline]);
  const panel = document.getElementById("detail");
  if (drawn.key !== key || drawn.job !== selected) {
    drawDetail(cached.job, cached.timeline);
  } else if (cached.job && panel.querySelector("dl.facts")) {
    panel.querySelector("dl.facts").outerHTML = facts(cached.job, cached.timeline); // times go on ageing
  }
  drawn = {key, job: selected, ...cached};
}

async function refresh() {
  if (polling) {
    again = true;
    return;
  }
  polling = true;
  const updated = document.getElementById("updated");
  try {
    const [jobs, workers, failures, pipelines] = await Promise.all([api("jobs?limit=200"), api("workers"), api("failures"),
      api("pipelines?limit=50")]);
    jobsById = Object.fromEntries(jobs.map(j => [j.jobId, j]));
    drawJobs(jobs, pipelines || []);
    drawWorkers(workers);
    drawFailures(failures);
    drawFleet(jobs, workers);
    await refreshSelected();
    updated.textContent = "updated " + new Date().toLocaleTimeString();
    updated.className = "";
  } catch (e) {
    updated.textContent = `cannot reach the coordinator (${e.message}); retrying`;
    updated.className = "stale";
  } finally {
    polling = false;
  }
  if (again) {
    again = false;
    await refresh();
  }
}

// ---------- events

document.getElementById("tokenButton").onclick = () => {
  token = document.getElementById("tokenInput").value;
  sessionStorage.setItem("warren-token", token);
  document.getElementById("token").style.display = "none";
  refresh();
};

window.addEventListener("hashchange", () => {
  selected = jobFromUrl();
  document.querySelectorAll("#jobs tr[data-job]").forEach(r => r.classList.toggle("selected", r.dataset.job === selected));
  drawn = {};
  scrollToDetail = selected != null;
  refresh();
});

document.addEventListener("click", async e => {
  const button = e.target.closest && e.target.closest("button.copy");
  if (!button) return;
  e.preventDefault();
  await copy(button.dataset.copy);
  button.classList.add("done");
  setTimeout(() => button.classList.remove("done"), 1200);
});

async function copy(value) {
  try {
    await navigator.clipboard.writeText(value);
  } catch (err) {
    const area = Object.assign(document.createElement("textarea"), {value});
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
}

// Copying a shortened job id copies the whole id.
document.addEventListener("copy", e => {
  const node = window.getSelection().anchorNode;
  const link = node && (node.nodeType === 1 ? node : node.parentElement).closest("a.jobid");
  if (link && link.contains(window.getSelection().focusNode)) {
    e.clipboardData.setData("text/plain", link.dataset.job);
    e.preventDefault();
  }
});

let resizeTimer;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => { if (drawn.timeline) { drawTimeline(drawn.timeline); drawThroughput(drawn.timeline); } }, 150);
});

refresh();
setInterval(refresh, POLL_MILLIS);
