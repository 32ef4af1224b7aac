"""The JSON report contract (DESIGN.md section 3): the exact keys, types and span discipline,
through the Python API and the CLI."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import frontlines

STORY = ("Rapid Support Forces fighters seized the town of Nyala in South Darfur on Friday after days of "
         "fighting with the army, residents said. The army denied that Nyala had fallen.")

KEYS = {
    "article": {"id", "published", "published_source", "outlet", "url", "title"},
    "places": {"id", "mention", "spans", "kind", "name", "geonameid", "country", "admin1", "admin1_code", "admin2",
               "lat", "lon", "precision", "resolved"},
    "actors": {"id", "kind", "country", "spans"},
    "sources": {"id", "name", "role", "affiliation", "kind", "spans"},
    "events": {"id", "event_type", "sub_event_type", "actor1", "actor2", "place", "facility", "date", "time_precision",
               "time_status", "fatalities", "quantities", "extent", "claims", "confidence", "evidence", "fatalities_reported"},
    "contradictions": {"event", "asserted_by", "denied_by", "span", "kind"},
    "control": {"place", "date", "holder", "status", "supporting", "disputing"},
    "non_events": {"kind", "confidence", "evidence"},
}


def _check(report: dict, text: str) -> None:
    assert set(report) == set(KEYS)
    assert set(report["article"]) == KEYS["article"]
    for section in ("places", "actors", "sources", "events", "contradictions", "control", "non_events"):
        for item in report[section]:
            assert set(item) == KEYS[section], (section, set(item) ^ KEYS[section])
    place_ids = {p["id"] for p in report["places"]}
    source_ids = {s["id"] for s in report["sources"]}
    for p in report["places"]:
        for s, e in p["spans"]:
            assert 0 <= s < e <= len(text)
        assert p["resolved"] or (p["lat"] is None and p["geonameid"] is None)
    for a in report["actors"]:
        for s, e in a["spans"]:
            assert 0 <= s < e <= len(text)
    for ev in report["events"]:
        assert ev["place"] is None or ev["place"] in place_ids
        assert ev["time_status"] in {"current", "historical", "ongoing", "future", "hypothetical"}
        assert ev["time_precision"] in (None, 1, 2, 3)
        assert 0 < ev["confidence"] <= 1
        for c in ev["claims"]:
            assert c["source"] in source_ids and c["stance"] in {"asserted", "denied", "unverified"}
    for c in report["contradictions"]:
        assert set(c["asserted_by"]) <= source_ids and set(c["denied_by"]) <= source_ids
    for st in report["control"]:
        assert st["place"] in place_ids and st["status"] in {"held", "contested", "claimed"}


def test_python_api_contract():
    report = frontlines.extract(STORY, published="2023-10-28", outlet="Nile Dispatch", id="nyala").to_dict()
    _check(report, STORY)
    assert report["article"] == {"id": "nyala", "published": "2023-10-28", "published_source": "metadata",
                                 "outlet": "Nile Dispatch", "url": None, "title": None}
    ev = report["events"][0]
    assert ev["sub_event_type"] == "Non-state actor overtakes territory" and ev["actor1"] == "Rapid Support Forces"
    assert ev["date"] == "2023-10-27"
    assert report["contradictions"]


def test_missing_published_invents_nothing():
    report = frontlines.extract(STORY).to_dict()
    assert report["article"]["published"] is None and report["article"]["published_source"] == "none"
    assert all(e["date"] is None for e in report["events"])
    assert len(report["article"]["id"]) == 16  # a content hash


def test_cli_jsonl_keeps_ids_and_order(tmp_path: Path):
    src = tmp_path / "in.jsonl"
    records = [{"id": "b", "text": STORY, "published": "2023-10-28"},
               {"text": STORY.replace("Friday", "Thursday"), "published": "2023-10-28", "outlet": "Sahel Monitor"}]
    src.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "frontlines.cli", "extract", str(src), "--format", "jsonl"],
                         capture_output=True, text=True, check=True).stdout.splitlines()
    reports = [json.loads(line) for line in out]
    assert [r["article"]["id"] for r in reports][0] == "b"
    assert reports[1]["article"]["outlet"] == "Sahel Monitor" and len(reports[1]["article"]["id"]) == 16
    for r, rec in zip(reports, records):
        _check(r, rec["text"])


def test_cli_table_shows_contradiction(tmp_path: Path):
    src = tmp_path / "nyala.txt"
    src.write_text(STORY, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "frontlines.cli", "extract", str(src), "--published", "2023-10-28"],
                         capture_output=True, text=True, check=True, env={"COLUMNS": "200", "PATH": ""} | dict(__import__("os").environ)).stdout
    assert "Non-state actor overtakes territory" in out and "contradiction" in out.lower()
