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
