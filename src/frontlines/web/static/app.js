// frontlines dashboard. All text from the store goes into the page through textContent or
// createTextNode, never as HTML: a story containing markup must show as text. Leaflet renders a
// string tooltip as HTML, so tooltips get a text node (tip()), never a string.
"use strict";

const STATUS_DASH = { held: null, contested: "4 3", claimed: "1 4" };
const PALETTE = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#be185d", "#4d7c0f"];
const TYPE_COLOURS = { "Battles": "#dc2626", "Explosions/Remote violence": "#ea580c",
  "Violence against civilians": "#7c3aed", "Protests": "#0891b2", "Riots": "#ca8a04", "Strategic developments": "#4b5563" };

const state = { meta: null, events: [], states: [], days: [], holders: {}, eventLayer: null, placeLayer: null,
  provinceLayer: null, markers: {}, tiles: null };

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v; else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c ?? "")));
  return node;
}

async function getJSON(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  return r.json();
}

async function getAll(url, pageSize = 5000) {
  // every page of a list route (they page with limit/offset)
  const out = [];
  for (let offset = 0; ; offset += pageSize) {
    const page = await getJSON(`${url}${url.includes("?") ? "&" : "?"}limit=${pageSize}&offset=${offset}`);
    out.push(...page);
    if (page.length < pageSize) return out;
  }
}

function tip(text) { return document.createTextNode(String(text ?? "")); }

function holderColour(holder) {
  if (!(holder in state.holders)) state.holders[holder] = PALETTE[Object.keys(state.holders).length % PALETTE.length];
  return state.holders[holder];
}

function daysBetween(first, last) {
  const out = [];
  for (let d = new Date(first + "T00:00:00Z"); d <= new Date(last + "T00:00:00Z"); d.setUTCDate(d.getUTCDate() + 1)) {
    out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

function activeOn(day) {
  return state.states.filter(s => (s.start || "") <= day && (s.end === null || s.end > day));
}

function placeKey(p) { return `${p.geonameid}|${p.name}|${p.kind}`; }

function fillSelect(id, values) {
  const sel = document.getElementById(id);
  for (const v of values) sel.append(el("option", { value: v }, v));
}

function filtered() {
  const c = document.getElementById("f-country").value, a = document.getElementById("f-actor").value,
    t = document.getElementById("f-type").value;
  return state.events.filter(e => (!c || e.country === c) && (!a || e.actor1 === a || e.actor2 === a)
    && (!t || e.event_type === t || e.sub_event_type === t));
}

function drawEvents(day) {
  state.eventLayer.clearLayers();
  for (const e of filtered()) {
    if (e.lat === null || e.lon === null || !e.date || e.date > day) continue;
    const m = L.circleMarker([e.lat, e.lon], { radius: 4, weight: 1, color: "#111827",
      fillColor: TYPE_COLOURS[e.event_type] || "#6b7280", fillOpacity: 0.8 });
    m.on("click", () => showEvent(e.id));
    m.bindTooltip(tip(`${e.date} ${e.sub_event_type} — ${e.place || "?"}`));
    m.addTo(state.eventLayer);
  }
}

function styleFor(s) {
  return { radius: 9, weight: 3, color: holderColour(s.holder), dashArray: STATUS_DASH[s.status],
    fillColor: holderColour(s.holder), fillOpacity: s.status === "held" ? 0.8 : 0.25 };
}

function drawControl(day) {
  const active = activeOn(day);
  const c = document.getElementById("f-country").value;
  const byProvince = {};
  for (const s of active) {
    if (c && s.place.country !== c) continue;
    if (s.place.kind === "province" && s.place.admin1_code) byProvince[s.place.admin1_code] = s;
    const key = placeKey(s.place);
    let m = state.markers[key];
    if (!m) {
      m = L.circleMarker([s.place.lat, s.place.lon]).addTo(state.placeLayer);
      m.on("click", () => showPlace(s.place));
      state.markers[key] = m;
    }
    m.setStyle(styleFor(s));
    m._frontlinesState = `${s.holder}|${s.status}`;
    m.bindTooltip(tip(`${s.place.name}: ${s.holder} (${s.status})`));
  }
  for (const [key, m] of Object.entries(state.markers)) {
    if (!active.some(s => placeKey(s.place) === key && (!c || s.place.country === c))) {
      m.setStyle({ color: "#9ca3af", fillColor: "#e5e7eb", dashArray: null, fillOpacity: 0.3 });
      m._frontlinesState = "none";
      m.setTooltipContent(tip("no control state on this day"));
    }
  }
  state.provinceLayer.setStyle(f => {
    const s = byProvince[f.properties.iso_3166_2];
    return s ? { color: "#374151", weight: 1, fillColor: holderColour(s.holder), fillOpacity: s.status === "held" ? 0.45 : 0.2,
      dashArray: STATUS_DASH[s.status] } : { color: "#6b7280", weight: 0.6, fillColor: "#f3f4f6", fillOpacity: 0.6 };
  });
  document.body.dataset.controlDay = day;
  window.frontlinesControl = Object.fromEntries(Object.entries(state.markers).map(([k, m]) => [k, m._frontlinesState]));
  drawLegend();
}

function drawLegend() {
  const box = document.getElementById("legend");
  box.replaceChildren(el("h4", {}, "holders"));
  for (const [h, col] of Object.entries(state.holders)) {
    const sw = el("span", { class: "swatch" }); sw.style.background = col;
    box.append(el("div", {}, sw, h));
  }
  box.append(el("div", {}, "solid = held, dashed = contested, dotted = claimed"));
}

function quoteBlock(article, span) {
  // the article with the claim's sentence highlighted, built from text nodes only
  const text = article.text || "";
  const [a, b] = span;
  const lo = Math.max(0, a - 240), hi = Math.min(text.length, b + 240);
  const mark = el("mark", {}, text.slice(a, b));
  return el("div", { class: "article" }, (lo > 0 ? "…" : "") + text.slice(lo, a), mark, text.slice(b, hi) + (hi < text.length ? "…" : ""));
}

async function claimBlock(c) {
  const article = await getJSON(`/api/articles/${encodeURIComponent(c.article)}`);
  const head = el("div", {}, el("strong", {}, c.source || c.source_name || "?"), ` — ${c.stance}`,
    el("span", { class: "hint" }, ` (${c.outlet || "?"}, ${c.published || "?"}, ${c.article})`));
  return el("div", { class: `claim ${c.stance}` }, head, quoteBlock(article, c.span));
}

async function showPlace(place) {
  const box = document.getElementById("evidence");
  box.replaceChildren(el("h3", {}, `${place.name} (${place.kind}, ${place.country})`));
  const states = state.states.filter(s => placeKey(s.place) === placeKey(place));
  for (const s of states) {
    box.append(el("h4", {}, `${s.holder} `, el("span", { class: `badge ${s.status}` }, s.status),
      ` ${s.start} → ${s.end || "now"}`));
    for (const e of s.evidence) box.append(await claimBlock(e));
  }
}

async function showEvent(id) {
  const e = await getJSON(`/api/events/${encodeURIComponent(id)}`);
  const box = document.getElementById("evidence");
  const title = el("h3", {}, `${e.sub_event_type} — ${(e.place || {}).name || "?"} ${e.date || ""}`);
  if (e.contradicted) title.append(el("span", { class: "badge contradicted" }, "contradicted"));
  box.replaceChildren(title, el("div", {}, `${e.actor1 || "?"}${e.actor2 ? " vs " + e.actor2 : ""}; ` +
    `${e.corroboration} independent source(s)` + (e.fatalities !== null ? `; ${e.fatalities} killed (lowest reported)` : "")));
  for (const c of e.claims) box.append(await claimBlock({ ...c, source: c.source_name }));
  box.append(reviewBlock(e));
}

// -- corrections (the review log). The token comes from the ?review= address `frontlines serve`
// printed, is kept for this tab only, and travels in a header: another site's page cannot send it.
function reviewToken() {
  const given = new URLSearchParams(location.search).get("review");
  if (given) {
    sessionStorage.setItem("frontlinesReview", given);
    history.replaceState(null, "", location.pathname);
  }
  return sessionStorage.getItem("frontlinesReview");
}

function logLine(c) {
  const what = c.action === "set" ? ` ${c.field} = ${c.value ?? "unknown"}` : c.target ? ` ${c.target}` : "";
  return el("div", { class: "log" }, `#${c.seq} ${c.action}${what} — ${c.who}, ${c.at}`,
    c.why ? el("div", { class: "why" }, c.why) : "");
}

function button(label, id, onClick) {
  const b = el("button", { id, type: "button" }, label);
  b.addEventListener("click", onClick);
  return b;
}

function reviewBlock(e) {
  const r = e.review;
  const box = el("div", { class: "review", id: "review" },
    el("h4", {}, "review ", el("span", { class: `badge review-${r ? r.status : "none"}`, id: "r-badge" }, r ? r.status : "not reviewed")));
  for (const c of (r ? r.log : [])) box.append(logLine(c));
  const token = reviewToken();
  if (!token) {
    box.append(el("div", { class: "hint" }, "read-only: to correct events, open the ?review= address `frontlines serve` printed"));
    return box;
  }
  const why = el("input", { id: "r-why", type: "text", placeholder: "why (kept in the review log)" });
  const rejected = r && r.status === "rejected";
  const field = el("select", { id: "r-field" });
  for (const f of state.meta.review_fields) field.append(el("option", { value: f }, f));
  const types = el("datalist", { id: "r-types" });
  for (const t of state.meta.sub_event_types) types.append(el("option", { value: t }));
  const value = el("input", { id: "r-value", type: "text", list: "r-types", placeholder: "new value (empty: unknown)" });
  const other = el("input", { id: "r-other", type: "text", placeholder: "another event's id" });
  box.append(why, types,
    el("div", {}, button("confirm", "r-confirm", () => act(e.id, "review", { action: "confirm", why: why.value })),
      rejected ? button("restore", "r-restore", () => act(e.id, "review", { action: "restore", why: why.value }))
        : button("reject", "r-reject", () => act(e.id, "review", { action: "reject", why: why.value }))),
    el("div", {}, field, value, button("set", "r-set", () => act(e.id, "review",
      { action: "set", field: field.value, value: value.value, why: why.value }))),
    el("div", {}, other, button("merge into this", "r-merge", () => act(e.id, "merge", { other: other.value.trim(), why: why.value }))));
  if (e.members.length > 1) {
    for (const m of e.members) {
      const key = `${m.article}/${m.event}`;
      box.append(el("div", {}, button(`split ${key} out`, `r-split-${key}`, () => act(e.id, "split", { mention: key, why: why.value }))));
    }
  }
  box.append(el("div", { id: "r-status", class: "hint" }));
  return box;
}

async function act(id, route, body) {
  const r = await fetch(`/api/events/${encodeURIComponent(id)}/${route}`, {
    method: "POST", headers: { "Content-Type": "application/json", "X-Review-Token": reviewToken() || "" },
    body: JSON.stringify(body) });
  if (!r.ok) {
    let said = await r.text();
    try { said = JSON.parse(said).detail; said = typeof said === "string" ? said : JSON.stringify(said); } catch (_) { /* plain text */ }
    document.getElementById("r-status").textContent = `not done (${r.status}): ${said}`;
    return;
  }
  const changed = await r.json();
  await reload();
  await showEvent(changed[0].id);
  document.getElementById("r-status").textContent = "done: " + changed.map(c =>
    `${c.id} ${c.merged_into ? "merged into " + c.merged_into : c.review.status}`).join("; ");
}

async function reload() {
  const [meta, events, states] = await Promise.all([getJSON("/api/meta"), getAll("/api/events"), getAll("/api/timeline")]);
  state.meta = meta; state.events = events; state.states = states;
  setDay(+document.getElementById("slider").value);
  document.dispatchEvent(new Event("frontlines:reload"));
}

function setDay(i) {
  const day = state.days[i];
  document.getElementById("day").textContent = day || "-";
  if (!day) return;
  drawControl(day);
  drawEvents(day);
}

function setupTiles(map) {
  const on = document.getElementById("tiles-on"), url = document.getElementById("tiles-url");
  on.addEventListener("change", () => {
    if (state.tiles) { map.removeLayer(state.tiles); state.tiles = null; }
    if (on.checked) state.tiles = L.tileLayer(url.value, { maxZoom: 18, attribution: "map tiles from the URL you set" }).addTo(map);
  });
}

async function main() {
  reviewToken();  // take a ?review= token off the address before anything else runs
  const map = L.map("map", { preferCanvas: true, worldCopyJump: true }).setView([20, 30], 3);
  setupTiles(map);
  const [meta, events, states] = await Promise.all([getJSON("/api/meta"), getAll("/api/events"), getAll("/api/timeline")]);
  state.meta = meta; state.events = events; state.states = states;
  const countries = [...new Set([...meta.countries, ...states.map(s => s.place.country)])].filter(Boolean);
  const basemap = await getJSON(`/api/basemap?country=${encodeURIComponent(countries.join(","))}`);
  state.provinceLayer = L.geoJSON(basemap, { interactive: false }).addTo(map);
  state.eventLayer = L.layerGroup().addTo(map);
  state.placeLayer = L.layerGroup().addTo(map);
  fillSelect("f-country", meta.countries); fillSelect("f-actor", meta.actors); fillSelect("f-type", meta.event_types);
  const dates = [meta.first, ...states.map(s => s.start)].filter(Boolean).sort();
  state.days = dates.length ? daysBetween(dates[0], meta.last > dates[dates.length - 1] ? meta.last : dates[dates.length - 1]) : [];
  const slider = document.getElementById("slider");
  slider.max = Math.max(0, state.days.length - 1); slider.value = slider.max;
  slider.addEventListener("input", () => setDay(+slider.value));
  for (const id of ["f-country", "f-actor", "f-type"]) document.getElementById(id).addEventListener("change", () => setDay(+slider.value));
  if (basemap.features.length) map.fitBounds(state.provinceLayer.getBounds(), { maxZoom: 6 });
  setDay(+slider.value);
  document.body.dataset.ready = "1";
}

window.frontlines = state;  // for the browser tests and for poking around in the console
main().catch(err => { document.getElementById("evidence").textContent = `error: ${err.message}`; });
