"""The publication date and outlet a story states itself (datelines, release headers), on texts
written for these tests; metadata always wins."""
from __future__ import annotations

import json
from pathlib import Path

import frontlines
from frontlines.ingest import read_paths
from frontlines.ingest.from_text import stated

RELEASE = ("Task Force Bulletin, March 4, 2019\n"
           "Eastern Command - Public Affairs\n"
           "2019-03-PA-031\n"
           "For Immediate Release\n\n"
           "GOMA, Congo (March 4) - Government forces detained three suspected militia members in Rutshuru "
           "territory yesterday. The men were handed to the police.")


def test_datelines_in_their_common_forms():
    assert stated("BAMAKO, Mali (Jan. 25, 2013) - Soldiers patrolled the market.")[:2] == ("2013-01-25", "dateline")
    assert stated("Niamey, 22 March 2025 (Xinhua) - Gunmen attacked a convoy.") == ("2025-03-22", "dateline", "Xinhua")
    # no year in the dateline: the date is unknown, the outlet is not
    assert stated("MOGADISHU, March 12 (Reuters) - A car bomb exploded.") == (None, None, "Reuters")
    assert stated("Feb 7 (AFP) - Gunmen killed five herders near the border.") == (None, None, "AFP")
    assert stated("JUBA (Somalia) - A convoy was attacked.")[2] is None  # a country, not an outlet


def test_a_release_number_gives_the_year_of_a_dateline_without_one():
    assert stated(RELEASE)[:2] == ("2019-03-04", "dateline")
    no_number = RELEASE.replace("2019-03-PA-031\n", "").replace("Task Force Bulletin, March 4, 2019", "Task Force Bulletin")
    assert stated(no_number)[:2] == (None, None)


def test_a_header_date_when_the_dateline_has_none():
    text = ("Joint Command Morning Update, Oct. 9, 2012\nFor Immediate Release\n\n"
            "Security forces detained two suspects in a raid in Kandahar city yesterday.")
    assert stated(text)[:2] == ("2012-10-09", "header")


def test_prose_states_no_publication_date():
    assert stated("On March 4, 2019 soldiers detained three men in Goma.") == (None, None, None)
    assert stated("UPDATE: Army Says Three Detained\nSoldiers detained three men in Goma.")[:2] == (None, None)


def test_yesterday_counts_from_the_dateline_and_metadata_wins():
    report = frontlines.extract(RELEASE)
    assert report.article.published == "2019-03-04" and report.article.published_source == "dateline"
    [arrest] = [e for e in report.events if e.sub_event_type == "Arrests"]
    assert arrest.date == "2019-03-03"
    given = frontlines.extract(RELEASE, published="2019-03-06")
    assert given.article.published == "2019-03-06" and given.article.published_source == "metadata"
    assert frontlines.extract(RELEASE).to_dict()["article"]["published_source"] == "dateline"


def test_records_without_metadata_are_dated_from_their_text(tmp_path: Path):
    feed = tmp_path / "notes.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in [
        {"id": "a", "text": RELEASE},
        {"id": "b", "text": RELEASE, "published": "2019-03-05", "outlet": "Kivu Monitor"},
        {"id": "c", "text": "Soldiers detained three men in Goma on Sunday, the army said."},
    ]) + "\n", encoding="utf-8")
    a, b, c = read_paths([str(feed)])
    assert (a.published, a.published_source) == ("2019-03-04", "dateline")
    assert (b.published, b.published_source, b.outlet) == ("2019-03-05", "metadata", "Kivu Monitor")
    assert (c.published, c.published_source) == (None, "none")
