"""Inputs as the README documents them: date forms, ambiguous day/month orders, a real language
check, exit codes after skipped records; and the timeline's one state per place per day."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from frontlines.ingest import IngestError, Skipped, parse_published, read_paths
from frontlines.ingest.dates import AmbiguousDate
from frontlines.ingest.language import not_english
from frontlines.timeline import build_timeline, control_on


@pytest.mark.parametrize("value", ["2021-08-08", "08/08/2021", "8.8.2021", "2021/08/08", "8 August 2021",
                                   "8th of August 2021", "August 8, 2021", "Aug. 8, 2021", "Sunday, 8 August 2021",
                                   "Sun, Aug 8 2021 10:30 GMT", "08-08-2021"])
def test_common_date_forms(value):
    assert parse_published(value) == "2021-08-08"


def test_day_and_month_either_way_round():
    assert parse_published("13/08/2021") == "2021-08-13" and parse_published("08/13/2021") == "2021-08-13"
    with pytest.raises(AmbiguousDate, match="2021-08-03 .day first. or 2021-03-08 .month first."):
        parse_published("03/08/2021")
    assert parse_published("03/08/2021", outlet="BBC") == "2021-08-03"  # data/outlets.csv
    assert parse_published("03/08/2021", outlet="Associated Press") == "2021-03-08"
    assert parse_published("03/08/2021", order="dmy") == "2021-08-03"
    with pytest.raises(IngestError):
        parse_published("31/02/2021")


def test_an_ambiguous_date_keeps_the_record_with_dates_unresolved(tmp_path, caplog):
    story = ("Gunmen killed two farmers near the village of Kidal on Tuesday, a local official said, and "
             "burned their granary before fleeing into the desert.")
    src = tmp_path / "a.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in [
        {"id": "ambiguous", "text": story, "published": "03/08/2021"},
        {"id": "by-outlet", "text": story, "published": "03/08/2021", "outlet": "The Guardian"},
        {"id": "clear", "text": story, "published": "08/08/2021"},
    ]), encoding="utf-8")
    got = {a.id: a.published for a in read_paths([str(src)]) if not isinstance(a, Skipped)}
    assert got == {"ambiguous": None, "by-outlet": "2021-08-03", "clear": "2021-08-08"}
    assert any("ambiguous" in r.getMessage() and "dates unresolved" in r.getMessage() for r in caplog.records)


ENGLISH_WITH_NAMES = ("Mullah Abdul Ghani Baradar and Sirajuddin Haqqani met Abdul Rashid Dostum, Atta Mohammad Noor "
                      "and Ismail Khan in Mazar-i-Sharif on Tuesday, Zabihullah Mujahid told Tolo News in Kabul.")
FOREIGN = {
    "fr": "Il a dit qu'on a vu des soldats à la base militaire, a déclaré un officier. On a tué deux hommes à Gao, "
          "a ajouté le porte-parole de l'armée, qui a été informé par un chef local du village.",
    "es": "Los rebeldes tomaron el control de la ciudad el lunes tras intensos combates con el ejército, según los "
          "vecinos, y cientos de familias huyeron hacia las aldeas del norte.",
    "de": "Die Rebellen haben am Montag nach heftigen Kämpfen mit der Armee die Kontrolle über die Stadt übernommen, "
          "sagten Anwohner; Hunderte Familien flohen in die Dörfer im Norden.",
    "ru": "Повстанцы в понедельник захватили контроль над городом после тяжелых боев с армией, сообщили местные "
          "жители; сотни семей бежали в соседние деревни на севере.",
}


def test_language_check():
    assert not_english(ENGLISH_WITH_NAMES) is None
    assert not_english("Rebels seized the town on Monday after heavy fighting with the army, residents said, "
                       "and hundreds of families fled to villages in the north.") is None
    for lang, text in FOREIGN.items():
        reason = not_english(text)
        assert reason and reason.startswith("not English"), lang
    # French with enough words that are also English ones ('a', 'on', 'de'...) is caught by the identifier
    assert "'fr'" in not_english(FOREIGN["fr"])


def test_extract_exits_1_after_skipping_and_says_why(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text("Rebels seized the town of Ituri on Monday after heavy fighting with the army, residents "
                             "said. Hundreds of families fled, a local official told reporters.", encoding="utf-8")
    (d / "b.txt").write_text(FOREIGN["es"], encoding="utf-8")
    (d / "c.txt").write_text("", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "frontlines", "extract", str(d), "--format", "jsonl",
                        "--published", "2023-05-02"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 1
    assert [json.loads(x)["article"]["id"] for x in r.stdout.splitlines()] == ["a"]
    assert "2 record(s) skipped (" in r.stderr and "not English: 1" in r.stderr and "empty" in r.stderr
    assert "1 processed" in r.stderr


def _ev(id_, date, actor, claims, extent="full"):
    place = {"name": "Bārah", "kind": "city", "geonameid": 1, "country": "SD", "resolved": True, "lat": 13.7, "lon": 30.4}
    return {"id": id_, "date": date, "time_status": "current", "sub_event_type": "Non-state actor overtakes territory",
            "actor1": actor, "extent": extent, "place": place, "claims": claims}


def _claim(stance, published, source, affiliation=None, article="a"):
    return {"article": article, "span": [0, 10], "stance": stance, "published": published, "source_name": source,
            "source_affiliation": affiliation, "outlet": "X"}


def test_a_confirmation_after_the_place_changed_hands_again_confirms_nothing():
    # taken on the 1st and denied; retaken on the 4th; a resident "confirms" the first capture on the 9th
    first = _ev("e1", "2025-07-01", "Rapid Support Forces",
                [_claim("asserted", "2025-07-01", "RSF"), _claim("denied", "2025-07-02", "army", "Military Forces of Sudan"),
                 _claim("asserted", "2025-07-09", "residents", article="late")])
    second = _ev("e2", "2025-07-04", "Military Forces of Sudan", [_claim("asserted", "2025-07-04", "residents")])
    states = build_timeline([first, second])
    assert [(s.holder, s.status, s.start, s.end) for s in states] == [
        ("Rapid Support Forces", "contested", "2025-07-01", "2025-07-04"),
        ("Military Forces of Sudan", "held", "2025-07-04", None)]
    for day in ("2025-07-01", "2025-07-04", "2025-07-05", "2025-07-09", "2025-07-10"):
        assert len(control_on(states, day)) == 1, day
    assert states[0].first_evidence["source"] == "RSF"


def test_one_state_per_place_per_day_and_names_that_differ_are_one_place():
    a = _ev("e1", "2025-07-01", "Rapid Support Forces", [_claim("asserted", "2025-07-01", "residents")])
    b = _ev("e2", "2025-07-03", "Rapid Support Forces", [_claim("asserted", "2025-07-03", "residents", article="b")])
    b["place"] = dict(b["place"], name="Bara")  # the same GeoNames id spelled another way
    states = build_timeline([a, b])
    starts = [s.start for s in states]
    assert len(starts) == len(set(starts)) and all(s.end is None or s.end > s.start for s in states)
    assert all(len(control_on(states, d)) == 1 for d in ("2025-07-01", "2025-07-02", "2025-07-03", "2025-07-20"))


def test_one_article_gives_one_control_state_per_real_place():
    from frontlines.control import control_states
    from frontlines.model import Claim, Event, Place, Source

    # "Bara" and "the town of Bara" registered as two mentions that resolved to one GeoNames id
    places = [Place("p1", "Bara", [(0, 4)], "city", "Bārah", 379102, "SD", resolved=True),
              Place("p2", "town of Bara", [(50, 62)], "city", "Bārah", 379102, "SD", resolved=True)]
    sources = [Source("s1", "residents", kind="person")]

    def taken(id_, place, date):
        return Event(id_, "Battles", "Non-state actor overtakes territory", "Rapid Support Forces", None, place, None,
                     date, 1, "current", None, {}, "full", [Claim("s1", "asserted", (0, 40))], 0.8, [(0, 40)])

    states = control_states([taken("e1", "p1", "2025-07-01"), taken("e2", "p2", "2025-07-01")], places, sources)
    assert [(s.place, s.date, s.holder) for s in states] == [("p1", "2025-07-01", "Rapid Support Forces")]
