"""The analyst's command line, run as a subprocess on one store shared by the module: the bundled
sample, the Bara timeline scenario and three stories written here (a threatened attack that has
not happened, a raid, a French dispatch that must be skipped)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "corpus.jsonl"
SCENARIO = ROOT / "tests" / "timeline_scenario" / "articles.jsonl"
OWN = [
    {"id": "kandahar-threat", "published": "2021-08-10", "outlet": "Desert Ledger",
     "text": "The Taliban will storm Kandahar airport next week, a commander said on Tuesday. Police arrested four "
             "men in Kandahar city on Tuesday, a police spokesman said."},
    {"id": "panjwai-raid", "published": "2021-08-11", "outlet": "Desert Ledger",
     "text": "Gunmen killed three shopkeepers in an attack on a market in Panjwai district of Kandahar province on "
             "Wednesday, a provincial official said. The attackers fled on motorcycles, residents said."},
    {"id": "kandahar-fr", "published": "2021-08-11", "outlet": "Le Courrier",
     "text": "Les talibans ont pris le contrôle de plusieurs districts autour de Kandahar mercredi après de violents "
             "combats avec l'armée afghane, selon des habitants qui ont fui vers la ville."},
]


def cli(*args: str, check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
    r = subprocess.run([sys.executable, "-m", "frontlines", *args], capture_output=True, text=True, timeout=600,
                       env=env)
    if check:
        assert r.returncode == 0, r.stderr
    return r


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli")
    own = d / "own.jsonl"
    own.write_text("".join(json.dumps(r) + "\n" for r in OWN), encoding="utf-8")
    db = d / "cli.db"
    r = cli("ingest", str(SAMPLE), str(SCENARIO), str(own), "--db", str(db), "--workers", "1", check=False)
    # the French dispatch is skipped, so ingest reports it and exits 1
    assert r.returncode == 1, r.stderr
    assert "1 record(s) skipped (not English: 1)" in r.stderr
    return str(db)


def events_json(db: str, *args: str) -> list[dict]:
    return json.loads(cli("events", "--db", db, "--format", "json", *args).stdout)


def test_piped_output_is_one_line_per_event_and_width_is_obeyed(store):
    every = events_json(store)
    piped = cli("events", "--db", store).stdout.splitlines()
    assert len(piped) == len(every) + 1 and piped[-1] == f"# {len(every)} event(s)"
    for line, e in zip(piped, every):
        assert line.startswith(f"{e['id']} | {e['date'] or 'date unknown'} | {e['sub_event_type']} |")
    table = cli("events", "--db", store, "--width", "100").stdout.splitlines()
    assert max(len(x) for x in table) <= 100 and sum("┃" in x or "│" in x for x in table) > len(every)
    for e in every:  # ids and dates are never broken across lines
        assert any(e["id"] in x for x in table) and (e["date"] is None or any(e["date"] in x for x in table))
    wide = cli("events", "--db", store, "--width", "200").stdout.splitlines()
    assert len(wide) < len(table) and max(len(x) for x in wide) <= 200


def test_evidence_sentence_with_trigger_and_confidence(store):
    lines = cli("events", "--db", store, "--place", "Panjwai", "--evidence").stdout.splitlines()
    attack = next(x for x in lines if "| Attack |" in x)
    assert '"Gunmen [killed] three shopkeepers' in attack and "conf 0." in attack
    rows = events_json(store, "--place", "Panjwai", "--evidence")
    assert all(0 < r["confidence"] <= 1 and r["evidence"][0]["sentence"] for r in rows)


def test_countries_as_alpha2_alpha3_or_name(store):
    af = events_json(store, "--country", "AF")
    assert af and all(e["place"]["country"] == "AF" for e in af)
    assert events_json(store, "--country", "AFG") == af
    assert events_json(store, "--country", "afghanistan") == af
    both = events_json(store, "--country", "AFG", "--country", "SDN")
    assert {e["place"]["country"] for e in both} == {"AF", "SD"}
    timeline = json.loads(cli("timeline", "--db", store, "--country", "SDN", "-f", "json").stdout)
    assert timeline and {s["place"]["country"] for s in timeline} == {"SD"}


def test_each_filter_selects_what_it_names(store):
    every = events_json(store)
    explosions = events_json(store, "--type", "explosions")  # the event type, in any case, by its first word
    assert explosions and {e["event_type"] for e in explosions} == {"Explosions/Remote violence"}
    assert events_json(store, "--type", "AIR/DRONE STRIKE") == [e for e in explosions if e["sub_event_type"] == "Air/drone strike"]
    taliban = events_json(store, "--actor", "taliban")
    assert taliban and all("Taliban" in (e["actor1"] or "") + (e["actor2"] or "") for e in taliban)
    assert any(e["actor2"] == "Taliban" for e in taliban)  # either side
    steppe = events_json(store, "--outlet", "steppe report")
    assert steppe and all("Steppe Report" in e["outlets"] for e in steppe)
    ministry = events_json(store, "--source", "defence ministry")
    assert ministry and all(any("defence ministry" in (c["source_name"] or "").lower() for c in e["claims"])
                            for e in ministry)
    assert {c["source_name"] for e in ministry for c in e["claims"]} >= {"Defence Ministry", "Ukraine's defence ministry"}
    one = events_json(store, "--article", "sheberghan-2")
    assert one and all(any(m["article"] == "sheberghan-2" for m in e["members"]) for e in one)
    denied = events_json(store, "--stance", "denied")
    assert denied and all(any(c["stance"] == "denied" for c in e["claims"]) for e in denied)
    assert len(denied) < len(every)
    sure = events_json(store, "--min-confidence", "0.8")
    assert sure and all(e["confidence"] >= 0.8 for e in sure) and len(sure) < len(every)
    past = events_json(store, "--time-status", "historical")
    assert past and all(e["time_status"] == "historical" for e in past)
    assert not any(e["time_status"] == "historical" for e in every)
    near = events_json(store, "--near", "36.67,65.75", "--radius", "20")  # Sheberghan
    assert near and all(e["place"]["name"] == "Shibirghān" for e in near)
    by_name = events_json(store, "--place", "sheberghan")  # the article's spelling, not GeoNames'
    assert {e["id"] for e in by_name} == {e["id"] for e in near}
    window = events_json(store, "--since", "2021-08-07", "--until", "2021-08-31")
    assert window and all("2021-08-07" <= e["date"] <= "2021-08-31" for e in window)


@pytest.mark.parametrize("args,listed", [
    (("--type", "explosionz"), ["did you mean 'Explosions/Remote violence'?", "Air/drone strike", "Battles"]),
    (("--actor", "Talibn"), ["did you mean 'Taliban'?", "Rapid Support Forces"]),
    (("--outlet", "Stepe Report"), ["did you mean 'Steppe Report'?"]),
    (("--country", "Afghanistn"), ["did you mean 'Afghanistan'?"]),
    (("--country", "XYZ"), ["alpha-3 (AFG)"]),
    (("--place", "Kabull"), ["Valid:", "Mopti"]),
    (("--article", "nope"), ["Valid:", "sheberghan-1"]),
])
def test_an_unknown_value_is_an_error_that_lists_the_valid_ones(store, args, listed):
    r = cli("events", "--db", store, *args, check=False)
    assert r.returncode == 2 and not r.stdout and "Traceback" not in r.stderr
    flat = " ".join(r.stderr.split())
    assert flat.startswith("error: unknown")
    for text in listed:
        assert text in flat, flat


def test_acled_csv_round_trip_with_ids_that_resolve(store, tmp_path):
    out = tmp_path / "events.csv"
    r = cli("export", "--db", store, "--format", "acled-csv", "-o", str(out))
    assert "future or hypothetical event(s) not exported" in r.stderr
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    every = {e["id"]: e for e in events_json(store)}
    future = [e for e in every.values() if e["time_status"] == "future"]
    assert future, "the threatened storming of Kandahar airport is a future event"
    assert {r["frontlines_id"] for r in rows} == {i for i, e in every.items() if e["time_status"] != "future"}
    view = list(csv.DictReader(io.StringIO(cli("events", "--db", store, "--format", "csv").stdout)))
    assert [r["frontlines_id"] for r in view] == [r["frontlines_id"] for r in rows]  # the view's CSV is the export's
    for row in rows:
        ev = json.loads(cli("event", row["frontlines_id"], "--db", store, "--format", "json").stdout)
        assert ev["id"] == row["frontlines_id"]
        assert set(row["article_ids"].split("; ")) == {m["article"] for m in ev["members"]}
        assert row["actor1"], row
        day = dt.date.fromisoformat(row["event_date"])
        if row["time_precision"] == "1":
            assert row["notes"].startswith(f"On {day.day} {day:%B} {day.year}, "), row["notes"]
        if ev["place"] and ev["place"].get("resolved") and ev["place"].get("country"):
            assert not row["event_id_cnty"].startswith("XXX")
    raid = next(r for r in rows if r["location"].startswith("Panjw") and r["sub_event_type"] == "Attack")
    assert raid["civilian_targeting"] == "Civilian targeting" and raid["fatalities"] == "3"
    # an article id from the export opens that article's report
    art = json.loads(cli("article", raid["article_ids"], "--db", store, "--format", "json").stdout)
    assert art["article"]["id"] == "panjwai-raid" and art["events"]


def test_event_shows_each_claims_quoted_sentence(store):
    taken = next(e for e in events_json(store, "--place", "sheberghan", "--stance", "denied")
                 if e["sub_event_type"] == "Non-state actor overtakes territory")
    out = cli("event", taken["id"], "--db", store).stdout
    assert '"The Defence Ministry denied that the city had fallen' in out
    assert out.count("\nclaim | ") == len(taken["claims"])
    r = cli("event", taken["id"][:-1] + "x", "--db", store, check=False)
    assert r.returncode == 2 and f"did you mean {taken['id']!r}" in " ".join(r.stderr.split())


def test_summary_counts(store):
    every = events_json(store)
    s = json.loads(cli("summary", "--db", store, "--format", "json").stdout)
    assert s["events"] == len(every) and sum(s["event type"].values()) == len(every)
    assert s["country"]["AF"] == sum(e["place"] is not None and e["place"].get("country") == "AF" for e in every)
    assert sum(s["week"].values()) == len(every)
    af = json.loads(cli("summary", "--db", store, "--country", "AFG", "--format", "json").stdout)
    assert set(af["country"]) == {"AF"}


def test_no_place_twice_on_any_day_and_no_interval_ends_before_it_starts(store):
    states = json.loads(cli("timeline", "--db", store, "--format", "json").stdout)
    assert states
    for s in states:
        assert s["end"] is None or s["end"] > s["start"], s
        assert s["first_evidence"] in s["evidence"] and s["first_evidence"]["stance"] != "denied"
    days = sorted({s["start"] for s in states} | {s["end"] for s in states if s["end"]})
    for day in days:
        on = json.loads(cli("control", "--db", store, "--on", day, "--format", "json").stdout)
        keys = [(s["place"]["geonameid"], s["place"]["name"]) for s in on]
        assert len(keys) == len(set(keys)), (day, keys)


def test_every_view_takes_every_format(store):
    for view in (("events",), ("timeline",), ("control", "--on", "2025-07-05"), ("summary",),
                 ("article", "sheberghan-1"), ("event", events_json(store)[0]["id"])):
        for fmt in ("table", "json", "jsonl", "csv"):
            out = cli(*view, "--db", store, "--format", fmt).stdout
            assert out.strip(), (view, fmt)
            if fmt == "jsonl":
                assert all(json.loads(line) for line in out.splitlines())
            if fmt == "csv":
                assert list(csv.reader(io.StringIO(out)))[0]
