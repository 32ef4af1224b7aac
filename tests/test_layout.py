"""A story's head (headline, boilerplate, dateline) on texts written for these tests: its dates are
when the story was filed, its lines are sentences of their own, and its events come from the body."""
from __future__ import annotations

from frontlines import extract
from frontlines.layout import head
from frontlines.nlp import load

RELEASE = ("Joint Task Force Update, June 3, 2019\n"
           "Northern Command - Public Affairs\n"
           "2019-06-PA-112\n"
           "For Immediate Release\n\n"
           "GAO, Mali (June 3, 2019) - Malian and partner forces detained four suspected militants during a "
           "search operation in Ansongo district, Gao region, Saturday. The force found two rifles in the compound.")


def test_head_ends_where_the_lead_begins():
    body, starts = head(RELEASE)
    assert RELEASE[body:].startswith("Malian and partner forces detained")
    assert [RELEASE[s:s + 8] for s in starts[:-1]] == ["Joint Ta", "Northern", "2019-06-", "For Imme", "GAO, Mal"]


def test_prose_has_no_head():
    wrapped = "Rebels seized most of the town of Kidal on\nMonday after a week of fighting, residents said.\n"
    assert head(wrapped) == (0, [])
    assert head("NATO (North Atlantic Treaty Organization) aircraft struck a depot.\nMore followed.") == (0, [])
    assert head("MOGADISHU (Reuters) - A car bomb exploded near a checkpoint.")[0] == len("MOGADISHU (Reuters) - ")
    assert head("Headline Only Without A Body") == (0, [])


def test_head_lines_are_sentences_of_their_own():
    doc = load()(RELEASE)
    sents = [s.text.strip() for s in doc.sents]
    assert "For Immediate Release" in sents
    assert any(s.startswith("Malian and partner forces detained") for s in sents)


def test_the_filing_date_is_not_the_event_date():
    # filed on Monday June 3; the body says Saturday: June 1
    [arrest] = [e for e in extract(RELEASE, published="2019-06-03").events if e.sub_event_type == "Arrests"]
    assert arrest.date == "2019-06-01"
    assert arrest.quantities.get("arrested") == 4


def test_the_lead_dates_the_story():
    text = ("In Ghazni last night, a joint patrol went to a compound near the village of Deh Khodaidad. "
            "During the search the patrol detained two suspected insurgents.")
    [arrest] = extract(text, published="2012-05-10").events
    assert arrest.date == "2012-05-09"


def test_the_day_it_was_told_is_not_the_day_it_happened():
    text = "The army confirmed today the arrest of a militia commander during a raid in Bunia, Ituri province, on Friday."
    [arrest] = extract(text, published="2023-09-12").events  # a Tuesday
    assert arrest.sub_event_type == "Arrests" and arrest.date == "2023-09-08"
