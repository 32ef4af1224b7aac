"""Denials across sentences, on stories written for these tests: the rebuttal becomes a denied claim of
the event it answers, and the contradiction is reported."""
from __future__ import annotations

import pytest

from frontlines import extract

CASES = [
    ("The RSF said it had seized the town of Sinja on Saturday. The army dismissed the report as baseless.",
     "2024-06-30", "Military Forces of Sudan"),
    ("Rebels of the M23 said on Monday they had captured the town of Kanyabayonga. The Congolese army denied the "
     "claim.", "2024-06-30", None),
    ("Taliban fighters captured the district centre of Nahrin on Sunday, a local official said. The defence "
     "ministry said Afghan forces had repelled the attack.", "2021-07-05", None),
    ("Al-Shabaab said its fighters had taken the town of Mahas. \"This is not true, our troops are in the town,\" "
     "a Somali army commander told reporters.", "2025-03-10", None),
    # the denial paragraphs later, naming what it answers
    ("M23 rebels announced on Monday that they had seized Masisi after a week of fighting. The town lies 80 km "
     "west of Goma. Thousands of residents fled towards Sake last week, aid workers said. The United Nations "
     "has called for calm. Army spokesman Sylvain Ekenge rejected the claim, calling it propaganda.",
     "2024-05-07", "Sylvain Ekenge"),
    # the quotation closes its own sentence; its speaker opens the next one
    ("Fano fighters said on Tuesday they had captured the town of Debre Tabor after heavy fighting. \"Our units "
     "beat back the militia and the market is open again.\" regional spokesman Gizachew Muluneh told AFP.",
     "2023-08-09", "Gizachew Muluneh"),
    # the other side's claim told inside the rebuttal's own sentence
    ("Al-Shabaab said on Monday it had captured the border crossing at Beled Hawo. \"We fended off that "
     "assault,\" army spokesman Ahmed Nur said on Tuesday, although the militants still claimed to have seized "
     "the crossing.", "2024-03-12", "Ahmed Nur"),
]


@pytest.mark.parametrize("text,published,denier", CASES)
def test_a_rebuttal_denies_the_event_told_before_it(text, published, denier):
    report = extract(text, published=published)
    [capture] = [e for e in report.events if e.sub_event_type in ("Non-state actor overtakes territory",
                                                                   "Government regains territory")]
    stances = {c.stance for c in capture.claims}
    assert {"asserted", "denied"} <= stances or {"unverified", "denied"} <= stances, capture.claims
    assert any(c.event == capture.id for c in report.contradictions)
    if denier:
        names = {s.id: s.name for s in report.sources}
        assert denier in {names.get(c.source) for c in capture.claims if c.stance == "denied"}


def test_a_source_does_not_rebut_itself():
    text = ("Army spokesman Col. Ahmed Ali said troops had recaptured the village of Jebel Moya on Friday. "
            "He said reports of civilian deaths were false.")
    report = extract(text, published="2024-06-30")
    [capture] = [e for e in report.events if e.sub_event_type == "Government regains territory"]
    assert all(c.stance != "denied" for c in capture.claims)


def test_a_state_that_speaks_is_its_government():
    report = extract("Russia said its missiles struck an arms depot in Lviv overnight.", published="2024-04-10")
    assert "Government of Russia" in {s.name for s in report.sources}


def test_an_act_a_group_says_it_did_not_do_is_denied_where_it_is_told():
    text = ("A rocket struck a football pitch in the town of Kiryat Shmona on Saturday, killing three people, "
            "police said. Hezbollah said it did not attack the town.")
    report = extract(text, published="2024-07-28")
    [strike] = [e for e in report.events if e.event_type == "Explosions/Remote violence"]
    names = {s.id: s.name for s in report.sources}
    assert "Hezbollah" in {names.get(c.source) for c in strike.claims if c.stance == "denied"}, strike.claims


def test_a_story_that_leads_with_the_denial():
    text = ("Malian forces repelled a JNIM assault on the town of Boulkessi on Sunday, the defence ministry said. "
            "JNIM fighters took control of the town's army camp, a spokesman for the group said.")
    report = extract(text, published="2024-06-10")
    [capture] = [e for e in report.events if e.sub_event_type == "Non-state actor overtakes territory"]
    assert "denied" in {c.stance for c in capture.claims}


def test_conflicting_tolls_are_all_kept_and_contradict():
    text = ("Health officials said 31 people were killed in the air strike on the market in Nyala on Sunday. "
            "The army put the toll at 11.")
    report = extract(text, published="2024-06-30")
    [strike] = [e for e in report.events if e.sub_event_type == "Air/drone strike"]
    assert strike.fatalities == 11  # the lowest, as ACLED codes it
    assert sorted(t["fatalities"] for t in strike.fatalities_reported) == [11, 31]
    assert [c.kind for c in report.contradictions] == ["toll"]


def test_one_toll_told_twice_is_no_contradiction():
    text = ("A car bomb killed nine people at a checkpoint in Mogadishu on Monday, police said. "
            "The death toll stood at nine, a hospital official said.")
    report = extract(text, published="2024-06-30")
    assert not [c for c in report.contradictions if c.kind == "toll"]


def test_a_claim_flagged_in_the_next_sentence_is_unverified():
    text = ("M23 said it had captured the town of Rubaya on Monday. The claim could not be independently "
            "verified.")
    report = extract(text, published="2024-06-30")
    [capture] = report.events
    assert {c.stance for c in capture.claims} == {"unverified"}


def test_a_source_is_a_speaker():
    report = extract("Fighting displaced between 200 and 400 people from the village of Tula, the latter said. "
                     "\"They burned everything,\" he said.", published="2024-06-30")
    names = {s.name.lower() for s in report.sources}
    assert not names & {"fighting", "latter", "the latter", "he", "200 and 400 people"}, names


def test_a_name_after_a_role_is_the_person_in_that_role():
    text = ("Rebels shelled the airport of Bunia on Friday, army spokesman Jules Ngongo said. A spokesman for "
            "Amnesty International said two civilians were wounded.")
    report = extract(text, published="2024-09-14")
    by_name = {s.name: s for s in report.sources}
    assert "Jules Ngongo" in by_name, list(by_name)
    assert by_name["Jules Ngongo"].role and "spokesman" in by_name["Jules Ngongo"].role.lower()
    assert "Amnesty International" not in by_name  # the organisation is whom the spokesman speaks for


def test_a_denied_act_told_beside_its_dead_in_one_sentence():
    # the broadcaster tells the dead and the denial in one sentence: its words there deny, not support
    text = ("Police said a rocket hit a wedding hall in the town of Metula on Friday. The militia did not target "
            "Metula, the broadcaster Al Mayadeen said, adding that four guests had been killed there.")
    report = extract(text, published="2024-08-03")
    [strike] = [e for e in report.events if e.event_type == "Explosions/Remote violence"]
    assert any(c.stance == "denied" for c in strike.claims), strike.claims


def test_an_author_named_otherwise_is_a_counter_claim():
    text = ("Russian missiles slammed into a bus depot in Zaporizhzhia on Friday, killing 23 people, governor "
            "Oleksandr Starukh said. Vladimir Saldo, whom Moscow appointed, says the attack was mounted by "
            "Ukraine's army.")
    report = extract(text, published="2022-09-30")
    [strike] = [e for e in report.events if e.event_type == "Explosions/Remote violence"]
    assert strike.actor1 == "Military Forces of Russia"  # the event keeps the first telling's author
    names = {s.id: s.name for s in report.sources}
    assert "Vladimir Saldo" in {names.get(c.source) for c in strike.claims if c.stance == "denied"}
    assert any(c.event == strike.id for c in report.contradictions)


def test_its_forces_are_the_speakers_country_and_a_denial_in_the_same_sentence_counts():
    text = "The Russian general staff announced that its units had taken Siversk on Thursday, and Ukraine denied it."
    report = extract(text, published="2025-11-21")
    [capture] = report.events
    assert capture.actor1 == "Military Forces of Russia"
    assert {c.stance for c in capture.claims} == {"asserted", "denied"}


def test_a_claim_dismissed_by_a_spokesman_is_his_denial_of_the_clause_it_answers():
    text = ("JUBA (Wire) - Rebel commander Peter Gatdet said on Monday his fighters had captured the town of Nasir, "
            "a claim dismissed by the army spokesman Lul Ruai Koang.")
    report = extract(text, published="2024-05-11")
    [taken] = [e for e in report.events if e.sub_event_type == "Non-state actor overtakes territory"]
    assert taken.actor1 == "Unidentified Armed Group (South Sudan)"  # the men of a rebel commander
    names = {s.id: s.name for s in report.sources}
    stances = {(names.get(c.source), c.stance) for c in taken.claims}
    assert ("Peter Gatdet", "asserted") in stances and ("Lul Ruai Koang", "denied") in stances
