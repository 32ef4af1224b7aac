import pytest

from frontlines import extract


@pytest.mark.parametrize("phrase,actor", [
    ("Sudanese army", "Military Forces of Sudan"), ("Ukrainian troops", "Military Forces of Ukraine"),
    ("Russian forces", "Military Forces of Russia"), ("Afghan security forces", "Military Forces of Afghanistan"),
    ("Nigerian police", "Police Forces of Nigeria"), ("the Malian government", "Government of Mali"),
    ("U.S. troops", "Military Forces of the United States"), ("Congolese soldiers", "Military Forces of the Democratic Republic of Congo"),
])
def test_state_actors_from_any_country(phrase, actor):
    report = extract(f"Witnesses said {phrase} were deployed on Monday.", published="2024-01-10")
    assert actor in {a.id for a in report.actors}


@pytest.mark.parametrize("alias,group", [
    ("ISKP", "Islamic State Khorasan Province"), ("al-Shabab", "Al-Shabaab"), ("Ansar Allah", "Houthis"),
    ("HTS", "Hayat Tahrir al-Sham"), ("the RSF", "Rapid Support Forces"), ("Hizbullah", "Hezbollah"),
    ("ISWAP", "Islamic State West Africa Province"), ("the Arakan Army", "Arakan Army"),
])
def test_group_aliases(alias, group):
    report = extract(f"A statement from {alias} was read on local radio on Monday.", published="2024-01-10")
    assert group in {a.id for a in report.actors}


def test_coreference_of_descriptors_and_pronouns():
    text = ("Al-Shabaab fighters attacked an army base near Baidoa on Monday. The militants later withdrew, "
            "and the group said it had killed nine soldiers.")
    report = extract(text, published="2024-01-10")
    forms = {text[s:e] for a in report.actors if a.id == "Al-Shabaab" for s, e in a.spans}
    assert {"The militants", "the group"} <= forms


def test_a_single_word_of_a_group_name_is_not_a_place():
    report = extract("The Rapid Support Forces shelled El Fasher on Sunday, killing 12 civilians, doctors said.",
                     published="2024-05-13")
    assert [p.name for p in report.places] == ["El Fasher"]


def test_a_foreign_ministry_and_its_troops_are_that_state_not_the_story_country():
    text = ("KYIV (Wire) - Belarus's Defence Ministry announced on Saturday that its troops had finished drills near the "
            "border, a claim Kyiv declined to discuss.\n\nThe ministry said four brigades would go back to their bases.")
    report = extract(text, published="2024-05-11")
    ids = {a.id for a in report.actors}
    assert "Military Forces of Belarus" in ids and "Government of Belarus" in ids
    assert "Government of Ukraine" not in ids and "Military Forces of Ukraine" not in ids


def test_a_dash_glued_to_the_lead_after_a_dateline_does_not_hide_the_state():
    text = "KYIV (Wire) -Russia’s defence ministry claimed on Tuesday its units had taken the village of Yarova."
    report = extract(text, published="2024-05-11")
    assert {"Government of Russia", "Military Forces of Russia"} <= {a.id for a in report.actors}
    assert "Government of Ukraine" not in {a.id for a in report.actors}


def test_a_global_group_by_its_bare_name_is_its_branch_in_the_storys_country():
    sahel = extract("NIAMEY (Wire) - Islamic State fighters killed 20 worshippers at a mosque in Banibangou on Friday, "
                    "officials said.", published="2024-06-11")
    assert [e.actor1 for e in sahel.events] == ["Islamic State Sahel Province"]
    yemen = extract("ADEN (Wire) - Al-Qaeda gunmen killed four soldiers at a checkpoint in Abyan on Sunday.",
                    published="2024-06-11")
    assert [e.actor1 for e in yemen.events] == ["Al-Qaeda in the Arabian Peninsula"]
    syria = extract("Islamic State fighters attacked an army post in Syria on Monday.", published="2024-06-11")
    assert [e.actor1 for e in syria.events] == ["Islamic State"]  # its own heartland: no branch
