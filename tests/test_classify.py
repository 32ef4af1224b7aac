"""The sentence-level event-type model: what it is trained on, what it says, and its cache."""
from __future__ import annotations

import pytest

from frontlines.events import classify
from frontlines.lexicons import ACLED_TYPES
from frontlines.nlp import load
from frontlines.service import default_service


def test_examples_cover_every_label():
    labels = {row["label"] for row in classify._examples()}
    assert set(ACLED_TYPES) <= labels
    assert set(classify.NOT_POLITICAL) <= labels and classify.NO_EVENT in labels


@pytest.mark.parametrize("text, label", [
    ("Army engineers defused a pressure bomb hidden under a culvert on the road to Bannu on Friday.",
     "Disrupted weapons use"),
    ("Thousands of teachers marched peacefully through Nairobi on Tuesday demanding unpaid wages.", "Peaceful protest"),
    ("Heavy rains triggered landslides that buried 14 homes in a hillside village in Sichuan.", "Natural disaster"),
])
def test_model_reads_sentences_it_was_not_trained_on(text, label):
    model = default_service().type_model
    doc = load()(text)
    probs = model.probabilities(doc[:])
    assert abs(sum(probs.values()) - 1) < 1e-6
    assert max(probs, key=probs.get) == label


def test_unreadable_cache_is_rebuilt(tmp_path, monkeypatch):
    path = tmp_path / "event-model.npz"
    path.write_bytes(b"not a model")
    monkeypatch.setattr(classify, "_cache_path", lambda settings=None: path)
    model = classify.load_model()
    assert model is not None and set(ACLED_TYPES) <= set(model.labels)
    assert path.stat().st_size > 10_000  # the rebuilt model replaced the junk, whole
