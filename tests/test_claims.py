"""Who said what, on stories written for these tests: speakers with their roles and affiliations,
"according to", denials on the event they deny, hedges, conflicting tolls, the same contradictions
found across articles by the cross-article merge, and one compiled reporting table for all."""
from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest

from frontlines import extract
from frontlines.claims import compile_table, contradictions_of, read_sources, reporting_table
from frontlines.lexicons import LexiconError, reporting_lexicon
from frontlines.merge import Mention, merge_mentions
from frontlines.model import Claim


def _names(report) -> dict[str, str]:
    return {s.id: s.name for s in report.sources}


def _one(report, sub_event_type: str):
    [event] = [e for e in report.events if e.sub_event_type == sub_event_type]
    return event


def test_a_named_speaker_keeps_role_and_affiliation():
    text = ("Insurgents attacked the town of Macomia in Cabo Delgado province on Tuesday, Colonel Armando Nhaca, "
            "a spokesman for the Mozambican army, told reporters.")
    report = extract(text, published="2024-05-16", outlet="Lusaka Ledger")
    [speaker] = [s for s in report.sources if s.name == "Armando Nhaca"]
    assert speaker.kind == "person" and "spokesman" in (speaker.role or "")
    assert speaker.affiliation == "Government of Mozambique"  # the army speaks for its state
    [event] = report.events
    assert [(c.source, c.stance) for c in event.claims] == [(speaker.id, "asserted")]


def test_according_to_names_the_source_not_the_outlet():
    text = "Gunmen killed nine traders near the market of Djibo on Sunday, according to the Red Cross."
    report = extract(text, published="2023-11-28", outlet="Sahel Courier")
    event = _one(report, "Attack")
    assert [(_names(report)[c.source], c.stance) for c in event.claims] == [("Red Cross", "asserted")]


def test_a_spokesmans_denial_is_a_denied_claim_of_the_event_it_denies():
    text = ("Separatist fighters seized the town of Batibo on Friday, local residents said. Government spokesman "
            "Paul Atanga Nji denied that Batibo had fallen, saying troops still control the town. Separately, "
            "soldiers arrested twelve traders in Bamenda on Saturday.")
    report = extract(text, published="2024-02-11", outlet="Coastal Times")
    names = _names(report)
    capture = _one(report, "Non-state actor overtakes territory")
    arrests = _one(report, "Arrests")
    assert {(names[c.source], c.stance) for c in capture.claims} == {("local residents", "asserted"),
                                                                     ("Paul Atanga Nji", "denied")}
    [spokesman] = [s for s in report.sources if s.name == "Paul Atanga Nji"]
    assert spokesman.affiliation == "Government of Cameroon"
    assert all(c.stance == "asserted" for c in arrests.claims)  # the denial is not the arrests'
    [contra] = report.contradictions
    assert (contra.event, contra.kind, contra.denied_by) == (capture.id, "denial", [spokesman.id])


@pytest.mark.parametrize("text,stance", [
    ("Rebels reportedly captured the mining town of Bambari on Thursday.", "unverified"),
    ("Rebels captured the mining town of Bambari on Thursday, according to unconfirmed reports.", "unverified"),
    # what follows only flags what was said
    ("Rebels captured the mining town of Bambari on Thursday, a local official said. The claim could not be "
     "independently verified.", "unverified"),
    ("Rebels captured the mining town of Bambari on Thursday.", "asserted"),
])
def test_a_hedge_leaves_the_claim_unverified(text, stance):
    report = extract(text, published="2024-03-09", outlet="Ubangi Post")
    capture = _one(report, "Non-state actor overtakes territory")
    assert {c.stance for c in capture.claims} == {stance}


def test_two_sources_with_two_tolls_are_a_contradiction():
    text = ("A roadside bomb struck an army patrol outside Menaka on Monday. The regional governor said seven "
            "soldiers were killed. A local hospital official put the toll at 15.")
    report = extract(text, published="2024-09-18", outlet="Niger River Daily")
    names = _names(report)
    bomb = _one(report, "Remote explosive/landmine/IED")
    assert bomb.fatalities == 7
    assert [(t["fatalities"], names[t["source"]]) for t in bomb.fatalities_reported] == [
        (7, "regional governor"), (15, "local hospital official")]
    [contra] = [c for c in report.contradictions if c.event == bomb.id]
    assert contra.kind == "toll"
    assert [names[s] for s in contra.asserted_by] == ["regional governor"]  # the lowest, the one counted
    assert [names[s] for s in contra.denied_by] == ["local hospital official"]


def _merged(stories):
    """The cross-article merge over the reports of `stories` (text, published, outlet, id), in that order."""
    mentions = []
    for text, published, outlet, article_id in stories:
        report = extract(text, published=published, outlet=outlet, id=article_id)
        d = report.to_dict()
        places = {p["id"]: p for p in d["places"]}
        mentions += [Mention.from_report(article_id, report.article, article_id, ev, places.get(ev["place"] or ""), d, i)
                     for i, ev in enumerate(d["events"])]
    return [m.to_json() for m in merge_mentions(mentions)]


def test_the_merge_finds_a_denial_and_a_toll_told_in_different_articles():
    # neither article contradicts itself: each tells one side
    stories = [
        ("Separatist fighters seized the town of Batibo on Friday after a night of fighting, residents said.",
         "2024-02-10", "Coastal Times", "batibo-a"),
        ("Government spokesman Paul Atanga Nji denied reports that separatist fighters captured the town of Batibo "
         "on Friday.", "2024-02-11", "Highland Herald", "batibo-b"),
        ("Gunmen attacked a bus near Menaka on Monday, killing nine passengers, the regional governor said.",
         "2024-09-17", "Niger River Daily", "menaka-a"),
        ("Gunmen attacked a bus near Menaka on Monday, killing 23 passengers, a doctor at the hospital told "
         "reporters.", "2024-09-18", "Sahel Courier", "menaka-b"),
    ]
    for text, published, outlet, article_id in stories:
        assert not extract(text, published=published, outlet=outlet, id=article_id).contradictions
    events = _merged(stories)
    [capture] = [e for e in events if e["sub_event_type"] == "Non-state actor overtakes territory"]
    assert {m["article"] for m in capture["members"]} == {"batibo-a", "batibo-b"}
    [denial] = [c for c in capture["claims"] if c["stance"] == "denied"]
    assert denial["article"] == "batibo-b" and capture["contradicted"]
    assert capture["contradictions"] == [{
        "kind": "denial", "asserted_by": ["residents (Coastal Times)"],
        "denied_by": ["Paul Atanga Nji (Highland Herald)"], "article": "batibo-b",
        "span": denial["span"]}]
    [attack] = [e for e in events if e["sub_event_type"] == "Attack"]
    assert {m["article"] for m in attack["members"]} == {"menaka-a", "menaka-b"}
    assert attack["fatalities"] == 9 and not attack["contradicted"]  # a toll is no denial
    [toll] = attack["contradictions"]
    assert (toll["kind"], toll["asserted_by"], toll["denied_by"]) == (
        "toll", ["regional governor (Niger River Daily)"], ["doctor at the hospital (Sahel Courier)"])


def test_one_rule_for_an_article_and_for_a_merged_event():
    claims = [Claim("outlet A", "asserted", (0, 10)), Claim("ministry (B)", "denied", (5, 30)),
              Claim("witness (C)", "unverified", (0, 8))]
    tolls = [{"fatalities": 4, "source": "outlet A"}, {"fatalities": 4, "source": "witness (C)"},
             {"fatalities": 11, "source": "ministry (B)"}]
    denial, toll = contradictions_of("X-1", claims, tolls, (0, 10))
    assert (denial.kind, denial.asserted_by, denial.denied_by, denial.span) == (
        "denial", ["outlet A", "witness (C)"], ["ministry (B)"], (5, 30))
    assert (toll.kind, toll.asserted_by, toll.denied_by, toll.span) == (
        "toll", ["outlet A", "witness (C)"], ["ministry (B)"], (0, 10))
    assert contradictions_of("X-2", claims[:1] + claims[2:], tolls[:2], (0, 10)) == []


def test_the_reporting_lexicon_is_compiled_once(nlp):
    from frontlines.actors import find_actors

    docs = [nlp("Police said two men were detained in Kisumu."), nlp("A witness said the bridge was shelled.")]
    first, second = (read_sources(doc, find_actors(doc, nlp, None), None) for doc in docs)
    assert first.table is second.table is reporting_table()
    assert first.stance_of["deny"] == "denied"
    with pytest.raises(TypeError):
        first.stance_of["deny"] = "asserted"  # shared by every article: nobody may change it
    with pytest.raises(FrozenInstanceError):
        first.table.hedges = ()


def test_an_injected_table_is_the_one_read(nlp):
    from frontlines.actors import find_actors

    lex = dict(reporting_lexicon(), verbs={"asserted": ["say"], "unverified": [], "denied": ["insist"]})
    doc = nlp("The ministry insisted the convoy was never hit near Kisumu.")
    sources = read_sources(doc, find_actors(doc, nlp, None), None, table=compile_table(lex))
    assert [a.stance for a in sources.attributions] == ["denied"]
    assert [a.stance for a in read_sources(doc, find_actors(doc, nlp, None), None).attributions] == ["asserted"]


def test_a_malformed_reporting_lexicon_is_an_error_naming_its_key():
    with pytest.raises(LexiconError, match="verbs"):
        compile_table(dict(reporting_lexicon(), verbs={"doubted": ["say"]}))
    with pytest.raises(LexiconError, match="hedges"):
        compile_table(dict(reporting_lexicon(), hedges="reportedly"))
