// The status page's formatting: numbers, sizes, durations, times and ids as people read them.
"use strict";

const COPY_ICON = `<svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true"><rect x="5" y="5" width="9" height="9" rx="1.5"
  fill="none" stroke="currentColor" stroke-width="1.5"/><path d="M3 11V3.5A1.5 1.5 0 0 1 4.5 2H11" fill="none" stroke="currentColor" stroke-width="1.5"/></svg>`;
const copyButton = id => `<button class="copy" data-copy="${text(id)}" title="copy the full id" aria-label="copy the full id">${COPY_ICON}</button>`;

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
