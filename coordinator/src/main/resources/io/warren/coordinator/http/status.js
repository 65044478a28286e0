// Warren's status page: polls the coordinator's JSON API every two seconds and draws it with plain DOM and SVG.
// Nothing is loaded from anywhere else, so it works offline. The selected job lives in the URL (#job=<id>).
// This script holds the page's state, the API, polling and events; status-format.js, status-fleet.js,
// status-job.js and status-charts.js, loaded before it, draw.
"use strict";

const POLL_MILLIS = 2000;
const TASKS_SHOWN = 500;

let token = sessionStorage.getItem("warren-token") || "";
let selected = jobFromUrl();
const ended = {};   // job id -> {job, timeline} of an ended job, whose record never changes again
let drawn = {};     // what the selected job's panel shows now, to redraw on resize
let jobsById = {};  // the latest jobs list, by id
let polling = false;
let again = false;  // a refresh was asked for while one ran
let scrollToDetail = false;  // a job was just chosen: show its panel once drawn

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
