"""The sample story scored fact by fact against the hand annotation in ../shared/gold.

The story is read from ../shared at test time; it is never copied into the project."""
from __future__ import annotations

import pytest
import yaml

from conftest import shared_file
from frontlines.geo import km


@pytest.fixture(scope="module")
def gold():
    return yaml.safe_load(shared_file("gold/kunduz-2021-08-08.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report(extract):
    text = shared_file("corpus/kunduz-2021-08-08.txt").read_text(encoding="utf-8")
    return extract(text, published="2021-08-08", outlet="TIME", id="kunduz-2021-08-08").to_dict()


def _place(report, pid):
    return next((p for p in report["places"] if p["id"] == pid), None)


def _source(report, sid):
    return next((s for s in report["sources"] if s["id"] == sid), None)


def _matches(report, ev, g) -> bool:
    if ev["sub_event_type"] != g["sub_event_type"]:
        return False
    if g.get("time_status", "current") != ev["time_status"] and not (g.get("time_status") is None):
        return False
    if "date" in g and not str(ev["date"] or "").startswith(str(g["date"])):
        return False
    place = _place(report, ev["place"])
    gp = g.get("place", "")
    if "another" in gp:
        return place is not None and not place["resolved"]
    if place is None or not place["resolved"]:
        return False
    return gp.split()[0].lower() in (place["name"] or "").lower()


def _find(report, g):
    return next((e for e in report["events"] if _matches(report, e, g)), None)


def test_scores_against_gold(report, gold):
    matched_gold = [g["id"] for g in gold["events"] if _find(report, g)]
    matched_out = [e for e in report["events"] if any(_matches(report, e, g) for g in gold["events"])]
    precision = len(matched_out) / max(len(report["events"]), 1)
    recall = len(matched_gold) / len(gold["events"])
    print(f"\nevents: precision {precision:.2f} recall {recall:.2f}; matched {matched_gold}")
    for e in report["events"]:
        print(f"  {e['id']} {e['sub_event_type']} {e['actor1']} -> {e['actor2']} place={e['place']} "
              f"{e['date']} {e['time_status']} q={e['quantities']}")
    assert recall >= 0.75
    assert precision >= 0.6


def test_main_event(report):
    e1 = report["events"][0]
    assert e1["sub_event_type"] == "Non-state actor overtakes territory"
    assert e1["actor1"] == "Taliban"
    assert e1["actor2"] == "Military Forces of Afghanistan"
    assert e1["date"] == "2021-08-08" and e1["time_precision"] == 1 and e1["time_status"] == "current"
    assert e1["extent"] == "partial"
    city = _place(report, e1["place"])
    assert city["kind"] == "city" and city["admin1_code"] == "AF-KDZ" and city["admin1"] == "Kunduz"
    assert km(city["lat"], city["lon"], 36.73, 68.86) < 10
    names = " ".join(_source(report, c["source"])["name"].lower() for c in e1["claims"] if c["stance"] == "asserted")
    assert "council members" in names and "video" in names
    denial = [c for c in e1["claims"] if c["stance"] == "denied"]
    assert denial and "Government of Afghanistan" in _source(report, denial[0]["source"])["name"]
    contra = [c for c in report["contradictions"] if c["event"] == e1["id"]]
    assert contra and denial[0]["source"] in contra[0]["denied_by"]
    for c in e1["claims"]:
        s, t = c["span"]
        assert 0 <= s < t


def test_unnamed_capital_stays_unresolved(report):
    e2 = [e for e in report["events"] if e["sub_event_type"] == "Non-state actor overtakes territory"
          and not _place(report, e["place"])["resolved"]]
    assert e2, "the 'another neighboring provincial capital' capture must keep an unresolved place"
    place = _place(report, e2[0]["place"])
    assert place["geonameid"] is None and place["lat"] is None and "capital" in place["mention"]


def test_clash_prison_and_regain_claim(report, gold):
    by_id = {g["id"]: g for g in gold["events"]}
    e3 = _find(report, by_id["E3"])
    assert e3 is not None and {e3["actor1"], e3["actor2"]} == {"Taliban", "Military Forces of Afghanistan"}
    e4 = _find(report, by_id["E4"])
    assert e4 is not None and e4["quantities"].get("inmates_freed") == 500 and e4["actor1"] == "Taliban"
    assert "prison" in (e4["facility"] or "")
    e5 = _find(report, by_id["E5"])
    assert e5 is not None and e5["actor1"] == "Military Forces of Afghanistan"
    stances = {(_source(report, c["source"])["name"], c["stance"]) for c in e5["claims"]}
    assert ("Mirwais Stanekzai", "unverified") in stances


def test_history_is_kept_apart(report, gold):
    by_id = {g["id"]: g for g in gold["events"]}
    for gid in ("E7", "E8", "E9"):
        ev = _find(report, by_id[gid])
        assert ev is not None, f"{gid} missing"
        assert ev["time_status"] == "historical"
    for state in report["control"]:
        assert state["date"] == "2021-08-08"


def test_sources_and_roles(report):
    by_name = {s["name"]: s for s in report["sources"]}
    assert by_name["Ghulam Rabani Rabani"]["role"] == "Councilman"
    assert "council member" in by_name["Mohammad Yusouf Ayubi"]["role"]
    assert by_name["Mirwais Stanekzai"]["role"] == "Interior Ministry Spokesman"
    assert by_name["Mirwais Stanekzai"]["affiliation"] == "Government of Afghanistan"


def test_places(report):
    def find(name, kind):
        return next((p for p in report["places"] if p["name"] == name and p["kind"] == kind), None)

    assert find("Kunduz", "province")["admin1_code"] == "AF-KDZ"
    kabul = find("Kabul", "city")
    assert kabul and km(kabul["lat"], kabul["lon"], 34.53, 69.17) < 10
    assert find("Afghanistan", "country")["country"] == "AF"
    assert find("Tajikistan", "country")["country"] == "TJ"


def test_control(report):
    states = [s for s in report["control"] if _place(report, s["place"])["name"] == "Kunduz"]
    assert len(states) == 1
    s = states[0]
    assert (s["holder"], s["status"], s["date"]) == ("Taliban", "contested", "2021-08-08")
    assert s["supporting"] and s["disputing"]
