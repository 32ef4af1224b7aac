// The dashboard's summary: events by type and by ISO week for the page's filters (country, actor,
// event type), as small SVG bar charts above the legend; the same counts as `frontlines summary`.
// Self-mounting: the page needs only <script src="/static/summary.js"></script>. Store text goes
// in through textContent only.
"use strict";

(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const COLOURS = { "Battles": "#dc2626", "Explosions/Remote violence": "#ea580c",
    "Violence against civilians": "#7c3aed", "Protests": "#0891b2", "Riots": "#ca8a04", "Strategic developments": "#4b5563" };

  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function isoWeek(day) {
    if (!day || day.length !== 10) return null;
    const d = new Date(Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10)));
    const thursday = new Date(d);
    thursday.setUTCDate(d.getUTCDate() + 3 - ((d.getUTCDay() + 6) % 7));
    const jan4 = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
    const week = 1 + Math.round(((thursday - jan4) / 86400000 - 3 + ((jan4.getUTCDay() + 6) % 7)) / 7);
    return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
  }

  function counts(events, key) {
    const out = new Map();
    for (const e of events) {
      const k = key(e);
      if (k) out.set(k, (out.get(k) || 0) + 1);
    }
    return out;
  }

  function barChart(title, entries, colour) {
    const width = 350, bar = 14, labelWidth = 170;
    const most = Math.max(1, ...entries.map(([, n]) => n));
    const chart = svg("svg", { width, height: 20 + entries.length * (bar + 4), role: "img", "aria-label": title });
    chart.append(svg("text", { x: 0, y: 12, "font-size": 12, "font-weight": "bold" }, title));
    entries.forEach(([name, n], i) => {
      const y = 20 + i * (bar + 4);
      chart.append(svg("text", { x: 0, y: y + bar - 3, "font-size": 11 }, name.length > 28 ? name.slice(0, 27) + "…" : name));
      chart.append(svg("rect", { x: labelWidth, y, height: bar, width: Math.max(2, (width - labelWidth - 30) * n / most),
        fill: colour(name) }));
      chart.append(svg("text", { x: labelWidth + 4 + (width - labelWidth - 30) * n / most, y: y + bar - 3, "font-size": 11 }, n));
    });
    return chart;
  }

  function selected(events) {
    const value = id => (document.getElementById(id) || {}).value || "";
    const c = value("f-country"), a = value("f-actor"), t = value("f-type");
    return events.filter(e => (!c || e.country === c) && (!a || e.actor1 === a || e.actor2 === a)
      && (!t || e.event_type === t || e.sub_event_type === t));
  }

  function draw(box, events) {
    const chosen = selected(events);
    const byType = [...counts(chosen, e => e.event_type)].sort((x, y) => y[1] - x[1]);
    const byWeek = [...counts(chosen, e => isoWeek(e.date))].sort((x, y) => (x[0] < y[0] ? -1 : 1)).slice(-12);
    box.replaceChildren();
    const head = document.createElement("p");
    head.className = "hint";
    head.textContent = `${chosen.length} event(s) for these filters`;
    box.append(head, barChart("by event type", byType, name => COLOURS[name] || "#6b7280"),
      barChart("by week (last 12)", byWeek, () => "#2563eb"));
  }

  async function mount() {
    const panel = document.getElementById("panel");
    if (!panel) return;
    const box = document.createElement("section");
    box.id = "summary";
    panel.insertBefore(box, document.getElementById("legend"));
    let events;
    try {
      events = await getAll("/api/events");  // app.js: every page of a list route
    } catch (e) {
      return;
    }
    draw(box, events);
    for (const id of ["f-country", "f-actor", "f-type"]) {
      const sel = document.getElementById(id);
      if (sel) sel.addEventListener("change", () => draw(box, events));
    }
    document.addEventListener("frontlines:reload", async () => {  // app.js, after a correction
      events = await getAll("/api/events");
      draw(box, events);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount); else mount();
})();
