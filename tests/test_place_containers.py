"""Places named with their containers, the story's own country context and the input's country
hint, and names that are not places of their own; on notes written for these tests."""
from __future__ import annotations

import frontlines


def _place(report, name: str):
    return next(p for p in report.places if p.name == name or p.mention == name)


def _event_place(report):
    places = {p.id: p for p in report.places}
    return next(places[e.place] for e in report.events if e.place in places)


def test_a_village_the_gazetteer_lacks_takes_its_bracketed_container():
    r = frontlines.extract("On 2 March 2024, gunmen killed a herder near Toui (Ouesse, Collines).")
    toui = _event_place(r)
    assert toui.name == "Toui" and toui.country == "BJ" and toui.admin1 == "Collines"
    assert toui.precision == 2 and toui.geonameid is None  # at the commune's town, not a point of its own
    assert {p.name for p in r.places} >= {"Ouessé", "Collines"}  # the containers are places too


def test_a_namesake_abroad_loses_to_the_named_containers():
    # Monsey is a town in New York; the note says it lies in Karimama, Alibori (Benin)
    r = frontlines.extract("On 3 March 2024, militants attacked an army post near Monsey (Karimama, Alibori).")
    monsey = _event_place(r)
    assert monsey.name == "Monsey" and monsey.country == "BJ" and monsey.admin1 == "Alibori"
    assert monsey.precision == 3  # Karimama has no point in the gazetteer: the department's


def test_comma_chains_after_a_village_word():
    r = frontlines.extract("On 5 August 2025, rebels clashed with soldiers in Barangay Capihan, San Rafael, Bulacan.")
    p = _event_place(r)
    assert p.country == "PH" and p.admin1 == "Central Luzon" and p.lat is not None


def test_a_unit_named_with_its_level_holds_the_village():
    r = frontlines.extract("On 9 May 2025, gunmen attacked Dagwe village in Konduga LGA, Borno state, killing 4 farmers.")
    p = _event_place(r)
    assert p.name == "Dagwe" and p.country == "NG" and p.admin1 == "Borno" and p.precision == 2


def test_a_list_in_brackets_is_no_chain_of_containers():
    r = frontlines.extract("Ministers of the Alliance of Sahel States (Mali, Niger, Burkina Faso) met in Niamey on Monday.")
    assert _place(r, "Niamey").country == "NE"
    assert all(p.mention != "Sahel States" for p in r.places)
    assert {p.country for p in r.places if p.kind == "country"} == {"ML", "NE", "BF"}


def test_the_country_hint_weighs_where_places_are():
    # Bama is a town in Nigeria and in Burkina Faso: alone, unknown; the hint says which
    text = "Gunmen killed two farmers near Bama on Sunday, residents said."
    assert _place(frontlines.extract(text), "Bama").country is None
    assert _place(frontlines.extract(text, country="BF"), "Bama").country == "BF"
    assert _place(frontlines.extract(text, country="Nigeria"), "Bama").country == "NG"
    # without a hint the bigger Téra (Niger); with one, its namesake in Côte d'Ivoire
    assert _place(frontlines.extract("Gunmen attacked Tera on Sunday."), "Tera").country == "NE"
    assert _place(frontlines.extract("Gunmen attacked Tera on Sunday.", country="CI"), "Tera").country == "CI"


def test_organisations_and_seats_are_not_places_of_their_own():
    r = frontlines.extract("The EU condemned the attack in Goma. The Kremlin said talks on the Middle East would go on.")
    names = {p.mention: p for p in r.places}
    assert "EU" not in names
    assert names["Goma"].country == "CD"
    if "Kremlin" in names:  # when spaCy reads it as a place at all, it is Moscow
        assert names["Kremlin"].name == "Moscow"
    middle_east = next(p for p in r.places if "Middle East" in p.mention)
    assert middle_east.kind == "region" and not middle_east.resolved


def test_the_cli_country_hint_and_the_record_field(tmp_path):
    import json
    import subprocess
    import sys

    story = "Gunmen killed two farmers near Bama on Sunday, residents said."
    src = tmp_path / "notes.jsonl"
    src.write_text(json.dumps({"id": "field", "text": story, "country": "Burkina Faso"}) + "\n"
                   + json.dumps({"id": "option", "text": story}) + "\n"
                   + json.dumps({"id": "bad", "text": story, "country": "Atlantis"}) + "\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "frontlines", "extract", str(src), "--format", "jsonl", "--country", "BFA"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    bama = {rep["article"]["id"]: next(p for p in rep["places"] if p["mention"] == "Bama")
            for rep in map(json.loads, r.stdout.splitlines())}
    assert bama["field"]["country"] == bama["option"]["country"] == "BF"
    assert bama["bad"]["country"] == "BF"  # a record's unknown country is dropped (logged); the option stands
    assert "without its country hint" in r.stderr
    bad = subprocess.run([sys.executable, "-m", "frontlines", "extract", str(src), "--country", "Atlantis"],
                         capture_output=True, text=True, timeout=300)
    assert bad.returncode == 2 and "unknown country" in bad.stderr


def test_a_town_in_the_named_region_is_the_namesake_in_that_region():
    # Kamianka names towns in several oblasts, each known by another spelling; Zolochiv is in Lviv and Kharkiv
    r = frontlines.extract("KYIV (Wire) - A drone hit a school in the village of Kamianka in the Odesa region on "
                           "Tuesday, killing two teachers.", published="2024-06-11")
    assert _event_place(r).admin1 == "Odeska oblast"
    r = frontlines.extract("KYIV (Wire) - Shelling hit Zolochiv in the Kharkiv region on Tuesday, killing a man.",
                           published="2024-06-11")
    assert _event_place(r).admin1 == "Kharkivska oblast"


def test_an_arabic_name_with_its_article_is_one_name():
    r = frontlines.extract("Fighters of the Islamic State attacked an army post in Syria's Dayr az Zawr province on "
                           "Monday.", published="2024-06-11")
    place = _event_place(r)
    assert place.kind == "province" and place.country == "SY" and place.resolved
    assert all(p.country in ("SY", None) for p in r.places)  # no "Dayr" read as a town abroad
    assert [e.actor1 for e in r.events] == ["Islamic State"]  # "fighters of X" are X's


def test_a_variant_spelling_abroad_or_a_spelling_guess_far_away_is_no_reading():
    # "Minbya" is not in the gazetteer; its nearest spellings are towns hundreds of km away
    r = frontlines.extract("Mrauk-U and Minbya fell to the Arakan Army in February after weeks of fighting in "
                           "central Rakhine.", published="2024-06-11")
    minbya = _place(r, "Minbya")
    assert not minbya.resolved and minbya.lat is None


def test_capitals_in_running_text_and_feasts_are_no_places():
    r = frontlines.extract("Aid groups and an NGO said the strikes killed 12 people in Kalehe on Monday during "
                           "Ramadan.", published="2024-06-11")
    assert {p.mention for p in r.places} == {"Kalehe"}
    r = frontlines.extract("GOMA (Wire) - Rebels shelled Sake on Monday.", published="2024-06-11")
    assert "GOMA" in {p.mention for p in r.places}  # a dateline in capitals is a place


def test_what_changes_hands_is_a_place_whatever_the_tagger_called_it():
    r = frontlines.extract("GOMA (Wire) - M23 rebels seized Kalehe on Monday.", published="2024-06-11")
    place = _event_place(r)
    assert place.name == "Kalehe" and place.country == "CD"


def test_a_state_named_for_its_largest_town_is_found_by_that_name():
    # Belgorodskaya oblast' is "the Belgorod region"; the bare "Belgorod" stays the town
    r = frontlines.extract("MOSCOW (Wire) - Drones hit a fuel depot in the Belgorod region on Monday, the governor "
                           "said.", published="2024-06-11")
    region = _event_place(r)
    assert region.kind == "province" and region.country == "RU" and region.resolved
    r = frontlines.extract("MOSCOW (Wire) - Drones hit a fuel depot in Belgorod on Monday.", published="2024-06-11")
    assert _event_place(r).kind == "city"
