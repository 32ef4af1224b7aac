"""Event extraction on short texts written for these tests, across wars and event kinds, with the
cases a coder gets wrong: a denial, a hypothetical, historical background, a claim of
responsibility, two events in one sentence, negation, and news that is not political violence."""
from __future__ import annotations

import pytest

from frontlines import extract


def _events(text: str, published: str):
    report = extract(text, published=published)
    return report, [e for e in report.events if e.time_status != "historical"]


def test_denial_is_a_contradiction_not_a_second_event():
    report, events = _events("Houthi fighters captured the port town of Midi on Tuesday, a Houthi spokesman said. "
                             "The Yemeni government denied that the town had fallen.", "2024-03-14")
    assert [e.sub_event_type for e in events] == ["Non-state actor overtakes territory"]
    ev = events[0]
    assert ev.actor1 == "Houthis" and ev.date == "2024-03-12"
    assert {c.stance for c in ev.claims} == {"asserted", "denied"}
    assert [c.event for c in report.contradictions] == [ev.id]


def test_hypothetical_fall_is_no_event():
    report, events = _events("Analysts said a fall of Goma to the M23 rebels would be a major blow to the Congolese army.",
                             "2024-02-01")
    assert report.events == []


def test_background_year_is_historical():
    report, events = _events("Boko Haram fighters killed 40 villagers in Gamboru in 2014, residents recalled on Monday.",
                             "2024-05-06")
    assert events == []
    [old] = report.events
    assert old.time_status == "historical" and old.date == "2014" and old.fatalities == 40


def test_claim_of_responsibility_names_the_perpetrator_and_is_not_a_new_event():
    report, events = _events("A suicide bomber blew himself up at a checkpoint in Mogadishu on Sunday, killing five "
                             "soldiers. Al-Shabaab claimed responsibility for the attack in a statement.", "2024-06-10")
    [ev] = events
    assert ev.sub_event_type == "Suicide bomb" and ev.actor1 == "Al-Shabaab"
    assert ev.fatalities == 5 and ev.date == "2024-06-09"
    # the group's own word is a claim, not an independent confirmation
    assert "unverified" in {c.stance for c in ev.claims}


def test_two_events_in_one_sentence():
    _, events = _events("JNIM militants ambushed an army patrol near Djibo on Friday and abducted three teachers "
                        "from a nearby school.", "2024-04-13")
    by_type = {e.sub_event_type: e for e in events}
    assert set(by_type) == {"Armed clash", "Abduction/forced disappearance"}
    assert by_type["Armed clash"].actor2 == "Military Forces of Burkina Faso"
    assert by_type["Abduction/forced disappearance"].quantities == {"abducted": 3}


def test_negated_capture_is_no_event():
    report, _ = _events("The rebels did not capture the town of Bunia, local officials said on Thursday.", "2024-03-07")
    assert report.events == []


def test_no_one_hurt_counts_zero():
    _, events = _events("Russian shelling hit a school in Kharkiv on Monday but no one was hurt, officials said.",
                        "2024-03-07")
    [ev] = events
    assert ev.sub_event_type == "Shelling/artillery/missile attack" and ev.fatalities == 0 and ev.date == "2024-03-04"


def test_a_plan_is_future():
    report, _ = _events("The Arakan Army plans to attack the town of Sittwe next month, a spokesman said.", "2024-03-07")
    assert report.events and all(e.time_status == "future" for e in report.events)


@pytest.mark.parametrize("text, kind", [
    ("Floods swept through Maiduguri on Tuesday, killing 30 people and displacing thousands, emergency officials said.",
     "Natural disaster"),
    ("Armed robbers shot dead a shopkeeper in Lagos on Monday during a robbery, police said.", "Organized crime"),
    ("The foreign ministers of Turkey and Iraq met in Ankara on Tuesday to discuss border security.", "Diplomacy"),
])
def test_not_political_violence_is_named(text, kind):
    report = extract(text, published="2024-03-07")
    assert report.events == []
    assert [n.kind for n in report.non_events] == [kind]
    (s, e), = report.non_events[0].evidence
    assert 0 <= s < e <= len(text)


@pytest.mark.parametrize("text, sub_event_type, actor1", [
    ("Police in Peshawar defused a roadside bomb planted near a market on Monday, officials said.",
     "Disrupted weapons use", "Police Forces of Pakistan"),
    ("Russian troops set up a new base at the airport in Niamey on Friday, witnesses said.",
     "Headquarters or base established", "Military Forces of Russia"),
    ("The Sudanese army and the RSF signed a ceasefire agreement in Jeddah on Saturday.", "Agreement", None),
    ("Gunmen attacked soldiers at a checkpoint in Borno state on Wednesday, killing four.", "Armed clash", None),
    ("Protesters clashed with police in Nairobi on Tuesday, hurling stones and burning tyres.",
     "Violent demonstration", "Rioters (Kenya)"),
    ("Afghan and coalition forces captured a Taliban facilitator during an operation in Nad Ali district yesterday.",
     "Arrests", None),
])
def test_acled_types_by_definition(text, sub_event_type, actor1):
    _, events = _events(text, "2024-05-04")
    assert [e.sub_event_type for e in events] == [sub_event_type]
    if actor1:
        assert events[0].actor1 == actor1
    assert events[0].evidence and events[0].date is not None


@pytest.mark.parametrize("text, fatalities", [
    ("Gunmen killed two policemen and three civilians at a market in Kabul on Monday.", 5),
    ("Abu Salim, a senior commander of the group, was killed in an air strike near Sirte on Monday.", 1),
    ("The patrol came under fire near Lashkar Gah on Monday. The gunman was engaged and killed.", 1),
    ("Soldiers killed dozens of fighters in clashes near Beni on Monday, the army said.", 12),
])
def test_counts(text, fatalities):
    _, events = _events(text, "2024-03-12")
    assert sum(e.fatalities or 0 for e in events) == fatalities, [(e.sub_event_type, e.fatalities) for e in events]


def test_a_killing_beside_an_arrest_is_its_own_event():
    _, events = _events("The security force killed one insurgent and detained two others near Kandahar on Monday.",
                        "2024-03-12")
    by_type = {e.sub_event_type: e for e in events}
    assert by_type["Arrests"].quantities == {"arrested": 2} and by_type["Arrests"].fatalities is None
    assert by_type["Armed clash"].fatalities == 1


def test_dead_told_again_are_counted_once():
    _, events = _events("Government troops killed one armed militant during an operation in Mocimboa da Praia on Sunday. "
                        "The militant opened fire on the patrol, which returned fire, killing him.", "2023-04-11")
    assert sum(e.fatalities or 0 for e in events) == 1


def test_new_dead_in_a_later_sentence_still_count():
    _, events = _events("Soldiers killed two insurgents near Palma on Sunday. "
                        "Separately, gunmen killed three civilians in the village of Quitunda on Sunday.", "2023-04-11")
    assert sorted(e.fatalities for e in events if e.fatalities) == [2, 3]


def test_more_arrests_add_up_and_a_retelling_does_not():
    _, events = _events("Police arrested a gang leader in Port-au-Prince on Monday. "
                        "During the operation the officers also detained two other suspects.", "2024-01-10")
    [arrest] = [e for e in events if e.sub_event_type == "Arrests"]
    assert arrest.quantities["arrested"] == 3
    _, events = _events("Security forces detained two suspected militants in Peshawar on Monday. "
                        "The two men were detained for questioning.", "2024-01-10")
    assert [e.quantities.get("arrested") for e in events if e.sub_event_type == "Arrests"] == [2]


@pytest.mark.parametrize("text, sub_event_type", [
    ("Government helicopters dropped barrel bombs filled with chlorine on Kafr Zita, wounding 30 people, activists said.",
     "Chemical weapon"),
    ("Rebels shelled the district with projectiles carrying toxic gas on Tuesday, state television said.", "Chemical weapon"),
    ("Police seized eight pistols and 300 rounds of ammunition during a raid on a house in Peshawar.", "Disrupted weapons use"),
    ("Several activists were detained during unauthorised rallies in Minsk against the new election law.",
     "Protest with intervention"),
    ("Police detain demonstrators during a march against fuel prices in Lagos on Sunday.", "Protest with intervention"),
    ("Hundreds marched peacefully in Accra on Saturday to demand the release of a detained journalist.", "Peaceful protest"),
    ("Army units took control of the village of Tel Shair in Deir ez-Zor province on Monday.", "Government regains territory"),
    ("The Nigerian army said it regained control of Marte after driving out Boko Haram fighters.",
     "Government regains territory"),
    ("Rebel fighters seized the town of Kidal in northern Mali on Friday.", "Non-state actor overtakes territory"),
    # how a protest was met
    ("Protesters hurled rocks at riot police outside the parliament in Tbilisi on Sunday; officers answered with water cannon.",
     "Violent demonstration"),
    ("Security forces violently suppressed a peaceful sit-in by nurses in Khartoum, leaving several seriously injured.",
     "Excessive force against protesters"),
    ("Riot police fired tear gas to disperse students marching peacefully in Dhaka on Monday.", "Protest with intervention"),
    # the weapon names the event, whatever it killed
    ("Suicide bombings at two markets in Kano killed at least 18 people on Sunday, police said.", "Suicide bomb"),
    ("Two suicide bombers detonated explosives near a checkpoint in Maiduguri, killing themselves and a soldier.",
     "Suicide bomb"),
    ("Government jets dropped chlorine bombs on Saraqib, activists said.", "Chemical weapon"),
    # a town left without a fight changes hands non-violently
    ("Islamic State fighters recaptured Palmyra on Monday after Syrian forces withdrew from the city.",
     "Non-violent transfer of territory"),
    ("Taliban fighters captured Zaranj after heavy fighting, and government forces withdrew from the city.",
     "Non-state actor overtakes territory"),
])
def test_types_from_what_the_sentence_names(text, sub_event_type):
    _, events = _events(text, "2024-03-07")
    assert events and events[0].sub_event_type == sub_event_type


def test_place_names_with_joining_words_are_one_place():
    from frontlines.nlp import load

    doc = load()("Clashes were reported in Pul-e ‘Alam district and in Shigal wa Sheltan district, officials said.")
    assert {"Pul-e ‘Alam", "Shigal wa Sheltan"} <= {e.text for e in doc.ents if e.label_ == "GPE"}


@pytest.mark.parametrize("text, made", [
    ("The army and the rebels agreed to a temporary ceasefire in the town of Bambari on Monday.", True),
    ("The government and the FARC began peace talks in Havana on Tuesday.", True),
    ("A ceasefire between the army and the militia took effect at midnight in Bambari.", True),
    ("Despite the ceasefire, fighting continued in Bambari.", False),
    ("Government forces reported a truce violation near Bambari; the ceasefire collapsed.", False),
])
def test_an_accord_is_made_not_mentioned(text, made):
    _, events = _events(text, "2024-03-07")
    assert any(e.sub_event_type == "Agreement" for e in events) is made


def test_trigger_scan_is_shared_but_object_kinds_are_the_callers():
    # the rules and the sentence model read the same sentence: the word scan is kept once per
    # sentence, while which objects count stays each caller's own
    from frontlines import nlp as nlp_mod
    from frontlines.events.classify import _ANY_OBJECT
    from frontlines.events.triggers import find_triggers

    doc = nlp_mod.load()("Rebel fighters captured the town of Kalehe on Tuesday after a day of fighting.")
    sent = next(iter(doc.sents))
    assert {t.family.name for t in find_triggers(sent, lambda _: _ANY_OBJECT)} == {"capture", "clash"}
    assert {t.family.name for t in find_triggers(sent, lambda _: set())} == {"clash"}
    assert doc._.trigger_scan and len(doc._.trigger_scan) == 1
