"""The fine-tuned sentence reader (events/reader.py): the shipped file, what it says on sentences it
was not trained on, and when it stands aside for the lemma model."""
from __future__ import annotations

import logging
import shutil
import sys

import pytest

from frontlines.events import reader as rd
from frontlines.lexicons import ACLED_TYPES


@pytest.fixture(scope="module")
def shipped():
    r = rd.load_reader()
    assert r is not None, "the shipped reader is missing or stale: rebuild it with scripts/train_reader.py"
    return r


def test_shipped_reader_was_trained_on_the_packaged_examples(shipped):
    assert set(ACLED_TYPES) == set(shipped.event_labels)
    assert "No event" in shipped.labels


def test_reads_events_and_their_types(shipped):
    out = shipped.score([
        "A drone fired by the army hit a fuel depot outside the river town of Kosti on Thursday, starting a fire that burned for hours.",
        "Riot police fired tear gas and water cannon at hundreds of nurses marching on the health ministry, and detained eleven.",
        "Kidnappers seized a priest and two seminarians on the road from Abakaliki late on Sunday, the diocese said.",
    ])
    assert [o.best_type()[0] for o in out] == ["Air/drone strike", "Protest with intervention", "Abduction/forced disappearance"]
    assert all(o.p_event > 0.5 for o in out)
    for o in out:
        assert abs(sum(o.probs.values()) - 1) < 1e-4
        assert 0 <= o.p_event <= 1


def test_gate_passes_over_what_is_no_event(shipped):
    out = shipped.score([
        "Explainer: what is at stake in the battle for the northern corridor",
        "Analysts expect the offensive to stall once the rains begin in earnest.",
        "The militia has long recruited in the camps along the lake shore.",
        "Will the truce survive the rainy season?",
    ])
    assert all(o.p_event < 0.5 for o in out), [round(o.p_event, 2) for o in out]


@pytest.mark.xfail(strict=True, reason="known weakness: a photo caption of an everyday scene near a checkpoint "
                                       "reads as an event (0.56 when written)")
def test_gate_passes_over_a_caption(shipped):
    out = shipped.score(["A woman sells tomatoes beside a checkpoint on the airport road, in a picture taken last month."])
    assert out[0].p_event < 0.5, round(out[0].p_event, 2)


def test_batches_do_not_change_a_sentence_reading(shipped):
    a = "Gunmen torched a dozen homes in a farming village before dawn, residents said."
    b = "The council will meet next week."
    together = shipped.score([a, b, a])
    alone = shipped.score([a])[0]
    assert together[0].p_event == pytest.approx(alone.p_event, abs=1e-3)
    assert together[2].p_event == pytest.approx(alone.p_event, abs=1e-3)
    assert together[1].label == shipped.score([b])[0].label


def test_bad_input(shipped):
    assert shipped.score([]) == []
    with pytest.raises(TypeError):
        shipped.score("one string, not a list")
    with pytest.raises(TypeError):
        shipped.score(["fine", None])
    long = " ".join(["soldiers shelled the town"] * 200)  # cut at MAX_LEN word pieces, not an error
    assert len(shipped.score([long, ""])) == 2


def test_digest_follows_the_examples(tmp_path):
    (tmp_path / "a.yaml").write_text('- label: "No event"\n  text: "x"\n', encoding="utf-8")
    before = rd.examples_digest(tmp_path)
    (tmp_path / "b.yaml").write_text('- label: "Attack"\n  text: "y"\n', encoding="utf-8")
    assert rd.examples_digest(tmp_path) != before


def test_stale_reader_stands_aside(tmp_path, caplog):
    model = tmp_path / "reader"
    shutil.copytree(rd.READER_DIR, model)
    examples = tmp_path / "examples"
    shutil.copytree(rd.EXAMPLES, examples)
    assert rd.load_reader(model, examples) is not None
    with (examples / "set_a.yaml").open("a", encoding="utf-8") as f:
        f.write('- label: "No event"\n  text: "An example added without rebuilding the reader."\n')
    with caplog.at_level(logging.WARNING):
        assert rd.load_reader(model, examples) is None
    assert "scripts/train_reader.py" in caplog.text


def test_missing_or_broken_files_stand_aside(tmp_path):
    assert rd.load_reader(tmp_path / "nowhere") is None
    model = tmp_path / "reader"
    shutil.copytree(rd.READER_DIR, model)
    (model / rd.MODEL_FILE).write_bytes(b"not an onnx model")
    assert rd.load_reader(model) is None


def test_without_onnxruntime_the_lemma_model_stays(monkeypatch, tmp_path):
    model = tmp_path / "reader"
    shutil.copytree(rd.READER_DIR, model)
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import fails as if not installed
    assert rd.load_reader(model) is None


def test_reader_typing_is_off_by_default_and_keeps_the_rules_families():
    import dataclasses

    from frontlines import extract
    from frontlines.config import SETTINGS
    from frontlines.service import Service, default_service

    text = ("Gunmen on motorbikes attacked a bus on the road from Abakaliki late on Sunday, the diocese said. "
            "Rebels seized the town of Ikot Ekpene on Monday, residents said.")
    assert SETTINGS.reader_type_over is None  # it does not beat the rules on real news (README)
    rules = sorted(e.sub_event_type for e in extract(text, published="2024-04-09").events)

    class SureOfAbduction:  # a reader that reads every sentence as an abduction, very surely
        def score(self, sentences):
            probs = {t: 0.0 for t in ACLED_TYPES} | {"Abduction/forced disappearance": 0.9}
            return [rd.ReaderOutput(0.95, probs, tuple(ACLED_TYPES)) for _ in sentences]

    base = default_service()
    sure = Service(dataclasses.replace(SETTINGS, reader_type_over=0.5), nlp=base.nlp, type_model=base.type_model,
                   reader=SureOfAbduction())
    read = sorted(e.sub_event_type for e in extract(text, published="2024-04-09", service=sure).events)
    assert rules == ["Attack", "Non-state actor overtakes territory"], rules
    # the attack takes the reader's type; who won a town is the parse's to say
    assert read == ["Abduction/forced disappearance", "Non-state actor overtakes territory"], read
