"""The service object (service.py): each part it owns is used by the whole pipeline, loaded once,
and can be given instead of the shipped one."""
from __future__ import annotations

import dataclasses

import pytest

from frontlines import nlp as nlp_mod
from frontlines.budget import OverBudget
from frontlines.config import SETTINGS
from frontlines.events import classify
from frontlines.ingest import read_text
from frontlines.pipeline import process, process_many
from frontlines.places.gazetteer import Entry, build_small
from frontlines.service import Lexicons, Service, default_service

# Invented places: no gazetteer but the small one below knows them.
VELMORIKA = Entry(9_100_001, "Velmorika", "city", "PPLA", "MD", "MD.99", "MD-DV", "Dravosk", None, None,
                  46.214, 28.775, 42_000)
KARSUNET = Entry(9_100_002, "Karsunet", "city", "PPL", "MD", "MD.99", "MD-DV", "Dravosk", None, None,
                 46.402, 28.531, 3_000)
DRAVOSK = Entry(9_100_003, "Dravosk", "admin1", "ADM1", "MD", "MD.99", "MD-DV", "Dravosk", None, None,
                46.3, 28.65, 120_000)

FELL = "Velmorika fell to the rebels on Tuesday after two days of fighting, residents said."
SHELLED = "Karsunet was shelled overnight and three civilians were killed, the governor said."


@pytest.fixture(scope="module")
def small_gazetteer(tmp_path_factory):
    return build_small(tmp_path_factory.mktemp("gaz") / "small.sqlite", [VELMORIKA, KARSUNET, DRAVOSK],
                       {VELMORIKA.geonameid: ["Velmoryka"]})


@pytest.fixture(scope="module")
def small(small_gazetteer):
    # the shipped event model, so that no second one is read or trained here
    return Service(gazetteer=small_gazetteer, type_model=default_service().type_model)


def _article(text: str):
    return read_text(text, published="2025-03-12", outlet="Test Wire")


def _event_place(report):
    places = {p.id: p for p in report.places}
    return [(e.sub_event_type, places.get(e.place)) for e in report.events]


def test_a_given_gazetteer_labels_and_resolves_places(small, small_gazetteer):
    # spaCy's model alone sees no place in the sentence: the gazetteer component adds it
    ruler = small.nlp.get_pipe("frontlines_gazetteer")
    assert ruler.gazetteer is small_gazetteer is small.gazetteer
    assert [(e.text, e.label_) for e in small.nlp(FELL).ents if e.label_ == "GPE"] == [("Velmorika", "GPE")]

    report = process(_article(FELL), small)
    [(kind, place)] = _event_place(report)
    assert kind == "Non-state actor overtakes territory"
    assert place is not None and place.resolved
    assert (place.geonameid, place.lat, place.lon, place.admin1) == (9_100_001, 46.214, 28.775, "Dravosk")


def test_the_default_service_does_not_know_an_invented_town():
    report = process(_article(FELL))
    assert not [p for p in report.places if p.resolved and p.geonameid == VELMORIKA.geonameid]
    assert "Velmorika" not in [e.text for e in default_service().nlp(FELL).ents if e.label_ == "GPE"]


def test_each_part_is_loaded_once(small_gazetteer, monkeypatch):
    built, trained = [], []
    real_build, real_load = nlp_mod.build, classify.load_model
    monkeypatch.setattr(nlp_mod, "build", lambda *a: built.append(a) or real_build(*a))
    monkeypatch.setattr(classify, "load_model", lambda *a: trained.append(a) or real_load(*a))
    service = Service(gazetteer=small_gazetteer).prepare()
    parts = (service.nlp, service.gazetteer, service.type_model, service.lexicons.events)
    first = process(_article(FELL), service)
    [(_, second)] = list(process_many([_article(SHELLED)], service))
    assert (service.nlp, service.gazetteer, service.type_model, service.lexicons.events) == parts
    assert all(a is b for a, b in zip((service.nlp, service.gazetteer, service.type_model), parts))
    assert len(built) == 1 and len(trained) == 1
    assert built[0][1] is small_gazetteer  # the pipeline was built on the given gazetteer
    assert trained[0][:2] == (service.nlp, small_gazetteer)  # and the model read (or trained) with it
    assert first.events and not isinstance(second, Exception) and second.events


def test_given_settings_reach_the_gazetteer_component(small_gazetteer, small):
    # Karsunet (3,000 people) is below the shipped prominence floor: spaCy calls it a person and the
    # gazetteer component leaves it so; a service whose settings lower the floor labels it a place
    assert SETTINGS.ruler_min_population > KARSUNET.population
    assert "Karsunet" not in [e.text for e in small.nlp(SHELLED).ents if e.label_ == "GPE"]
    low = Service(dataclasses.replace(SETTINGS, ruler_min_population=1_000), gazetteer=small_gazetteer,
                  type_model=small.type_model)
    assert low.nlp.get_pipe("frontlines_gazetteer").min_population == 1_000
    assert ("Karsunet", "GPE") in [(e.text, e.label_) for e in low.nlp(SHELLED).ents]
    places = [p for _, p in _event_place(process(_article(SHELLED), low)) if p is not None]
    assert [(p.name, p.lat, p.lon) for p in places if p.resolved] == [("Karsunet", 46.402, 28.531)]


def test_given_settings_bound_the_article(small):
    # the service's time budget, not the shipped one, is the one an article runs in: a hundredth of
    # a second is far less than a story of twenty paragraphs takes
    long = _article("\n\n".join([FELL, SHELLED] * 10))
    tight = Service(dataclasses.replace(SETTINGS, article_seconds=0.01), nlp=small.nlp, type_model=small.type_model)
    [(_, result)] = list(process_many([long], tight))
    assert isinstance(result, OverBudget)
    [(_, result)] = list(process_many([long], small))
    assert not isinstance(result, Exception) and result.events


def test_given_lexicons_reach_the_gazetteer_component(small_gazetteer, small):
    # a capitalised word listed as common is never looked up as a place
    common = Lexicons(common_words=small.lexicons.common_words | {"velmorika"})
    service = Service(gazetteer=small_gazetteer, lexicons=common, type_model=small.type_model)
    assert service.nlp.get_pipe("frontlines_gazetteer").stop is service.lexicons.common_words
    assert "Velmorika" not in [e.text for e in service.nlp(FELL).ents]


def test_a_given_nlp_brings_its_gazetteer(small, small_gazetteer):
    assert Service(nlp=small.nlp).gazetteer is small_gazetteer
    with pytest.raises(ValueError, match="another gazetteer"):
        Service(nlp=small.nlp, gazetteer=default_service().gazetteer)


def test_components_declare_what_they_read_and_assign(small):
    analysis = small.nlp.analyze_pipes(pretty=False)
    assert not any(analysis["problems"].values()), analysis["problems"]
    meta = small.nlp.get_pipe_meta("frontlines_gazetteer")
    assert set(meta.assigns) == {"doc.ents", "token.ent_iob", "token.ent_type"}
    assert "doc.sents" in meta.requires
    assert "doc._.body_start" in small.nlp.get_pipe_meta("frontlines_layout").assigns


def test_given_settings_reach_the_stages(small, small_gazetteer):
    # a month ended twelve days before publication is background by the shipped week; a service
    # that keeps a month as news reads it as current
    text = "Velmorika fell to the rebels in February after weeks of fighting, residents said."
    [before] = process(_article(text), small).events
    patient = Service(dataclasses.replace(SETTINGS, historical_after_days=30), nlp=small.nlp,
                      type_model=small.type_model)
    [after] = process(_article(text), patient).events
    assert (before.sub_event_type, before.time_status) == ("Non-state actor overtakes territory", "historical")
    assert (after.sub_event_type, after.time_status) == ("Non-state actor overtakes territory", "current")
