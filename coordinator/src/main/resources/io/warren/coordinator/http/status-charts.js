// The status page's charts of the selected job: its runs on a timeline, and its data rates over its life.
"use strict";

const SVG = "http://www.w3.org/2000/svg";

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
