"""Hostile and huge input never stops a batch: parse units and windows bound an article's cost
while every span still points into its own text, a time budget stops what runs long, and a batch
of good records with hostile ones mixed in stores exactly the good ones, even when killed."""
from __future__ import annotations

import dataclasses
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontlines.budget import OverBudget, time_budget
from frontlines.ingest import read_text
from frontlines.segment import chunk_cuts, segment
from frontlines.windowed import windows

PARAGRAPHS = [
    "Militants attacked a police post outside Baidoa on Sunday night, killing four officers, a regional "
    "official said. The attackers fled before reinforcements arrived, according to residents.",
    "Government troops recaptured the town of Kidal from rebels on Tuesday after two days of fighting, "
    "the army said in a statement. Rebel leaders denied that they had withdrawn.",
    "Police in Nairobi fired tear gas at hundreds of protesters who had blocked a highway on Wednesday, "
    "witnesses said. Several people were arrested, a police spokesman told reporters.",
    "Unidentified gunmen abducted three aid workers on the road between Goma and Rutshuru on Friday, a "
    "humanitarian official said. No group has claimed the kidnapping.",
    "Warplanes struck positions held by fighters near Marib on Saturday, the coalition said. A local "
    "medic said at least six people were killed in the strikes.",
]


# dense with triggers, places and speakers: several seconds of extraction
SLOW = "Rebels attacked and seized the town, killed five soldiers and shelled the base, police said. " * 650


# ---- parse units -----------------------------------------------------------------------------

@settings(max_examples=300, deadline=None, database=None)
@given(st.text(alphabet=st.sampled_from(list("ab .!?\n\"')\t,")), max_size=3000), st.integers(2, 300))
def test_parse_units_cover_the_text_exactly_and_respect_the_cap(text, cap):
    seg = segment(text, cap)
    if text:
        assert seg.units[0][0] == 0 and seg.units[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(seg.units, seg.units[1:]))
    assert all(0 < e - s <= cap for s, e in seg.units)
    assert set(seg.forced) <= {s for s, _ in seg.units}


def test_prose_is_cut_at_sentence_ends_and_never_hard_cut():
    text = "\n\n".join(PARAGRAPHS)
    seg = segment(text, 1000)
    assert seg.forced == []
    assert [text[s:e].strip() for s, e in seg.units][:3] == [
        "Militants attacked a police post outside Baidoa on Sunday night, killing four officers, a regional "
        "official said.", "The attackers fled before reinforcements arrived, according to residents.",
        "Government troops recaptured the town of Kidal from rebels on Tuesday after two days of fighting, "
        "the army said in a statement."]


def test_a_stretch_without_sentence_end_is_cut_after_a_space():
    text = "the rebels said that the army fought near the town, " * 100
    seg = segment(text, 1000)
    assert seg.forced and all(text[c - 1] in " ," for c in seg.forced)
    assert chunk_cuts("x" * 450 + " y", 200) == [200, 400]


def test_windows_cut_between_paragraphs_when_they_can():
    text = "\n\n".join(PARAGRAPHS * 30)
    spans = windows(text, 10_000, 1000)
    assert spans[0][0] == 0 and spans[-1][1] == len(text) and all(e - s <= 10_000 for s, e in spans)
    assert all(text[s - 1] == "\n" for s, _ in spans[1:])


def test_long_runs_without_spaces_keep_exact_offsets_and_short_sentences(nlp):
    text = PARAGRAPHS[0] + " " + '"' * 3000 + " " + "the army said that the rebels fought, " * 60 + PARAGRAPHS[1]
    doc = nlp(text)
    assert doc.text == text
    assert all(text[t.idx:t.idx + len(t.text)] == t.text for t in doc)
    assert max(s.end_char - s.start_char for s in doc.sents) <= 1000
    assert [t.text for t in nlp.tokenizer(PARAGRAPHS[2])] == [t.text for t in nlp.tokenizer.inner(PARAGRAPHS[2])]


# ---- windows: a long article's report points into its own text ------------------------------

def test_a_long_article_is_extracted_in_windows_with_spans_into_its_own_text(extract):
    days = ("Sunday", "Monday", "Friday", "Saturday", "Tuesday", "Thursday", "Wednesday")
    stories = [p.replace("Sunday", day) for day in days for p in PARAGRAPHS * 4]
    text = "\n\n".join(stories)
    assert len(text) > 20_000
    sentences = {s.strip() + ("" if s.endswith(".") else ".") for p in stories for s in p.split(". ")}
    d = extract(text, published="2023-05-08").to_dict()
    for p in d["places"]:
        assert p["spans"]
        for s, e in p["spans"]:
            assert text[s:e].lower() == p["mention"].lower(), (p, text[s:e])
    named = [p["geonameid"] for p in d["places"] if p["resolved"]]
    assert len(named) == len(set(named)), "a place named in several windows is one place"
    assert sum(len(p["spans"]) for p in d["places"] if p["mention"] == "Kidal") == 28  # every window's mentions
    ids = [e["id"] for e in d["events"]]
    assert len(ids) == len(set(ids)) and len(ids) >= 2 * len(PARAGRAPHS)
    sources = {s["id"] for s in d["sources"]}
    places = {p["id"] for p in d["places"]}
    for ev in d["events"]:
        assert ev["place"] is None or ev["place"] in places
        for s, e in ev["evidence"]:
            assert text[s:e].strip() in sentences, text[s:e]  # a whole sentence of the article, not a shifted slice
        for c in ev["claims"]:
            assert c["source"] is None or c["source"] in sources
            assert text[c["span"][0]:c["span"][1]].strip() in sentences
    for s in d["sources"]:
        for a, b in s["spans"]:
            assert text[a:b].lower() in s["name"].lower() or s["name"].lower() in text[a:b].lower() or s["kind"] != "person"


# ---- the time budget -------------------------------------------------------------------------

def test_time_budget_stops_work_that_runs_long():
    t = time.perf_counter()
    with pytest.raises(OverBudget):
        with time_budget(0.3):
            while True:
                sum(range(1000))
    assert time.perf_counter() - t < 2
    with time_budget(5):  # work inside the budget is untouched, and no alarm is left behind
        assert sum(range(10)) == 45
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0


def test_an_article_past_its_budget_is_skipped_and_the_batch_goes_on():
    from frontlines import pipeline
    from frontlines.config import SETTINGS
    from frontlines.service import Service, default_service

    base = default_service().prepare()
    service = Service(dataclasses.replace(SETTINGS, article_seconds=1.0), nlp=base.nlp, type_model=base.type_model)
    slow = read_text(SLOW, id="slow")
    good = read_text(PARAGRAPHS[1], id="good", published="2023-05-02")
    t = time.perf_counter()
    results = dict((a.id, r) for a, r in pipeline.process_many([slow, good], service))
    assert time.perf_counter() - t < 10
    assert isinstance(results["slow"], OverBudget)
    assert results["good"].events and results["good"].places[0].mention == "Kidal"


def test_over_long_text_is_refused_before_extraction():
    from frontlines.ingest import IngestError

    with pytest.raises(IngestError, match="too long to extract"):
        read_text(PARAGRAPHS[0] * 600)


# ---- a batch with hostile records, killed and re-run -----------------------------------------

TOWNS = ["Baidoa", "Kidal", "Goma", "Marib", "Bunia", "Kismayo", "Gao", "Beni", "Taiz", "Mopti"]
LEADS = ["Militants attacked a police post near {town} on {day}, killing {n} officers, officials said.",
         "Government troops recaptured {town} from rebels on {day} after fighting that killed {n} people, the army said.",
         "Police arrested {n} protesters in {town} on {day}, a police spokesman said.",
         "Gunmen abducted {n} traders on the road to {town} on {day}, residents said."]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _good(i: int) -> dict:
    text = LEADS[i % 4].format(town=TOWNS[i % 10], day=DAYS[i % 7], n=i + 2) + " " + PARAGRAPHS[i % 5].split(". ")[-1]
    return {"id": f"good-{i}", "text": text, "published": "2023-05-09", "outlet": "Lakes Herald"}


def _hostile(i: int) -> str:
    good = PARAGRAPHS[i % 5]
    kinds = [
        '{"text": ' + "[" * 5000 + "]" * 5000 + "}",
        json.dumps({"text": good + " \\ud800"}).replace("\\\\ud800", "\\ud800"),
        '{"text": ' + json.dumps(good) + ', "id": 1' + "0" * 5000 + "}",
        json.dumps({"text": good, "outlet": ["not", "a", "string"]}),
        json.dumps({"text": good * 700}),
        json.dumps({"text": "Les rebelles ont pris la ville lundi apres de violents combats avec l'armee. " * 5}),
        json.dumps({"text": good + '"' * 20_000}),
        json.dumps({"text": ""}),
        "{not json at all",
        json.dumps({"text": good, "published": "the day after tomorrow"}),
        json.dumps({"text": SLOW}),  # stopped by the time budget (2 s in these runs)
    ]
    return kinds[i % len(kinds)]


def _ingest(src: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "frontlines.cli", "ingest", str(src), "--db", str(db), "--workers", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, FRONTLINES_ARTICLE_SECONDS="2"))


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as con:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_thousand_good_and_fifty_hostile_killed_midway_then_rerun(tmp_path):
    src = tmp_path / "mixed.jsonl"
    lines, good_ids = [], []
    for i in range(1000):
        rec = _good(i)
        good_ids.append(rec["id"])
        lines.append(json.dumps(rec))
        if i % 20 == 10:
            lines.append(_hostile(i // 20))
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert len(lines) == 1050
    db = tmp_path / "mixed.db"
    proc = _ingest(src, db)
    deadline = time.time() + 300
    while _stored(db) < 150 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        partial = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == partial  # whole articles or none
    assert 0 < partial < 1000
    rerun = _ingest(src, db)
    _, err = rerun.communicate(timeout=900)
    assert rerun.returncode in (0, 1) and "Traceback" not in err, err[-2000:]
    assert "skipped 50" in err
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = sorted(r[0] for r in con.execute("SELECT id FROM articles"))
        assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == 1000
    assert stored == sorted(good_ids)


def test_joined_windows_keep_one_place_and_control_state_and_renumber_ids():
    from frontlines.model import Article, Claim, ControlState, Event, Place, Report, Source
    from frontlines.windowed import join

    article = Article(id="a", text="x" * 30_000)

    def window(holder: str, speaker: str) -> Report:
        place = Place(id="p1", mention="Kidal", spans=[(5, 10)], kind="city", geonameid=2455290, resolved=True)
        source = Source(id="s1", name=speaker, spans=[(20, 30)])
        event = Event("e1", "Battles", "Armed clash", None, None, "p1", None, None, None, "current", 3, {}, None,
                      [Claim("s1", "asserted", (0, 40))], 0.8, [(0, 40)], [{"fatalities": 3, "source": "s1"}])
        return Report(article=article, places=[place], sources=[source], events=[event],
                      control=[ControlState("p1", "2023-05-02", holder, "held", ["s1"], [])])

    joined = join(article, [(0, window("rebels", "a local official")), (10_000, window("army", "a medic"))])
    assert [p.spans for p in joined.places] == [[(5, 10), (10_005, 10_010)]]
    assert [(s.id, s.name, s.spans) for s in joined.sources] == [("s1", "a local official", [(20, 30)]),
                                                                  ("s2", "a medic", [(10_020, 10_030)])]
    second = joined.events[1]
    assert (second.id, second.place, second.evidence) == ("e2", "p1", [(10_000, 10_040)])
    assert second.claims[0].source == "s2" and second.fatalities_reported == [{"fatalities": 3, "source": "s2"}]
    assert [(c.place, c.holder, c.supporting) for c in joined.control] == [("p1", "army", ["s2"])]
