"""Toponym resolution on stories written for these tests: context decides between places of one name."""
from __future__ import annotations

import pytest

from frontlines import extract


def _places(text: str) -> dict[str, tuple]:
    return {p.mention: (p.country, p.admin1, p.admin2, p.resolved) for p in extract(text).places}


@pytest.mark.parametrize("text,town,county,state", [
    ("A Paris man was charged on Tuesday after deputies found stolen tractors on his farm, the Henry County "
     "sheriff said.", "Paris", "Henry County", "Tennessee"),
    ("Two Athens women opened a bakery on Prince Avenue this week. Clarke County inspectors approved the "
     "kitchen on Friday.", "Athens", "Clarke County", "Georgia"),
])
def test_a_town_and_its_county_explain_each_other(text, town, county, state):
    places = _places(text)
    assert places[town][:2] == ("US", state)
    assert places[county][:2] == ("US", state)
    assert places[town][2] == county


def test_a_place_named_with_its_state_keeps_that_sense_in_bare_mentions():
    text = ("LEBANON, Tenn. (AP) - Fire crews spent the night at a warehouse blaze on the east side. "
            "Lebanon officials said nobody was hurt, and the Lebanon fire chief thanked the volunteers.")
    report = extract(text)
    lebanon = [p for p in report.places if p.name == "Lebanon"]
    assert len(lebanon) == 1 and lebanon[0].country == "US" and lebanon[0].admin1 == "Tennessee"
    assert len(lebanon[0].spans) == 3


def test_without_local_context_the_famous_reading_stands():
    places = _places("Protesters marched in Paris on Saturday against the pension reform, and police used tear "
                     "gas near the Place de la Republique.")
    assert places["Paris"][0] == "FR"
