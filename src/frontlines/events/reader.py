"""A learned sentence reader: all-MiniLM-L6-v2 fine-tuned on the project's example sentences
(data/event_examples/*.yaml) and shipped as an int8 ONNX file (data/reader/).

It reads a sentence whole, as the lemma model of classify.py does, but with a transformer's sense of
context: P(event) -- the probability that the sentence tells a political-violence event of ACLED's
25 sub-event types -- serves as a gate on candidate events, and its per-type probabilities as a typer.
Run time needs only `onnxruntime` and `tokenizers`; torch is needed only to rebuild the file
(scripts/train_reader.py). The file records a digest of the examples it was trained on: when the
examples change and the file was not rebuilt, it is stale, and `load_reader` returns None, as it does
without onnxruntime or the file, so that the lemma model stays the fallback.

This module imports only the standard library and numpy at its top, so that the training script can
load it by path, without the rest of the package.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from ..lexicons import taxonomy

log = logging.getLogger(__name__)

_DATA = Path(__file__).resolve().parents[1] / "data"
EXAMPLES = _DATA / "event_examples"
READER_DIR = _DATA / "reader"
MODEL_FILE = "reader.int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
META_FILE = "reader.json"
# Sentences are cut at this many word pieces, as in training: the event of a news sentence is told
# in its first clauses, and the cost grows with the length.
MAX_LEN = 64
# One sentence per run by default: the int8 model quantizes its activations with one scale per
# batch, so a sentence batched with others reads differently (with an earlier build, P(event) 0.76
# alone, 0.68 in a batch of four, 0.74 in one of seven), and a gate must not depend on a sentence's
# neighbours. Batching is about 1.7x faster; pass batch_size for bulk scoring where that matters more.
BATCH = 1


def examples_digest(directory: Path = EXAMPLES) -> str:
    """A digest of the example files (names and bytes), which the shipped model must have been trained on."""
    h = hashlib.sha256()
    for path in sorted(directory.glob("*.yaml")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


@dataclass(frozen=True)
class ReaderOutput:
    """The reader's verdict on one sentence: P(event) and a probability for every label it knows
    (the ACLED sub-event types, the kinds of news that are not political violence, 'No event')."""
    p_event: float
    probs: dict[str, float]
    event_labels: tuple[str, ...]

    @property
    def label(self) -> str:
        return max(self.probs, key=self.probs.__getitem__)

    def best_type(self) -> tuple[str, float]:
        """The most probable ACLED sub-event type and its probability (whatever P(event) is)."""
        best = max(self.event_labels, key=self.probs.__getitem__)
        return best, self.probs[best]


class Reader:
    def __init__(self, session, tokenizer, labels: Sequence[str], event_labels: Iterable[str],
                 max_len: int = MAX_LEN, batch_size: int = BATCH):
        self.session = session
        self.tokenizer = tokenizer
        self.labels = list(labels)
        self.event_labels = tuple(lab for lab in self.labels if lab in set(event_labels))
        self._event_idx = np.array([self.labels.index(lab) for lab in self.event_labels], dtype=np.int64)
        self.max_len = max_len
        self.batch_size = batch_size
        tokenizer.enable_truncation(max_len)
        self._inputs = {i.name for i in session.get_inputs()}

    def logits(self, sentences: Sequence[str]) -> np.ndarray:
        """Raw scores (sentences, labels), computed in batches of similar length (less padding)."""
        if isinstance(sentences, str):
            raise TypeError("Reader.score takes a list of sentences, not one string")
        for s in sentences:
            if not isinstance(s, str):
                raise TypeError(f"Reader.score: a sentence must be a str, not {type(s).__name__}")
        out = np.zeros((len(sentences), len(self.labels)), dtype=np.float32)
        if not sentences:
            return out
        encodings = self.tokenizer.encode_batch(list(sentences))
        order = sorted(range(len(sentences)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), self.batch_size):
            idx = order[start:start + self.batch_size]
            width = max(len(encodings[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            feed = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._inputs:
                feed["token_type_ids"] = np.zeros_like(ids)
            out[idx] = self.session.run(None, feed)[0]
        return out

    def score(self, sentences: Sequence[str]) -> list[ReaderOutput]:
        z = self.logits(sentences)
        z -= z.max(axis=1, keepdims=True) if len(z) else 0
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        p_event = p[:, self._event_idx].sum(axis=1)
        return [ReaderOutput(float(pe), dict(zip(self.labels, row.tolist())), self.event_labels)
                for pe, row in zip(p_event, p)]


def open_reader(directory: Path, event_labels: Iterable[str], threads: int | None = None) -> Reader:
    """The reader in `directory` (model, tokenizer, metadata), without the digest check; raises
    ImportError without onnxruntime/tokenizers and OSError or ValueError on missing or bad files."""
    import onnxruntime as ort
    from tokenizers import Tokenizer

    meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads or min(2, os.cpu_count() or 1)
    opts.inter_op_num_threads = 1
    session = ort.InferenceSession(str(directory / MODEL_FILE), opts, providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(str(directory / TOKENIZER_FILE))
    tokenizer.no_padding()
    return Reader(session, tokenizer, meta["labels"], event_labels, max_len=int(meta.get("max_len", MAX_LEN)))


def load_reader(directory: Path | None = None, examples: Path | None = None) -> Reader | None:
    """The shipped reader, or the one in `directory` checked against `examples`; None (logged) when
    onnxruntime or tokenizers is missing, the files are absent or unreadable, or the model was trained
    on other examples than those given. Loaded anew at each call: `service.Service.reader` holds the
    one in use."""
    return _load(directory or READER_DIR, examples or EXAMPLES)


def _load(directory: Path, examples: Path) -> Reader | None:
    from ..lexicons import ACLED_TYPES

    meta_path = directory / META_FILE
    if not (directory / MODEL_FILE).exists() or not meta_path.exists():
        log.info("no sentence reader in %s: the lemma model types sentences", directory)
        return None
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        digest = examples_digest(examples)
        if meta.get("examples_digest") != digest:
            log.warning("sentence reader in %s was trained on other examples (digest %s, examples now %s): "
                        "not used; rebuild it with scripts/train_reader.py", directory, meta.get("examples_digest"), digest)
            return None
        return open_reader(directory, ACLED_TYPES)
    except ImportError as exc:
        log.info("sentence reader not used (%s): the lemma model types sentences", exc)
    except Exception as exc:  # onnxruntime's own errors (InvalidProtobuf...) derive from Exception only
        log.warning("sentence reader in %s unreadable (%s: %s): not used", directory, type(exc).__name__, exc)
    return None


# The rules read who won and who protested from the parse; the reader does not beat them there
_RULES_KEEP = taxonomy().tagged("rules_keep")


def reader_types(ctx, cands: list, over: float | None) -> None:
    """Give an event the reader's sub-event type where the reader is at least `over` sure of a type
    outside the families the rules keep (territory, protest), reading the event's first sentence.
    Without the reader (no onnxruntime, no model file) the rules' types stand."""
    if over is None:
        return
    todo = [c for c in cands if c.sub_event_type not in _RULES_KEEP and c.confidence_cap >= 1.0]
    reader = ctx.reader if todo else None
    if reader is None:
        return
    sents = list({c.trigger.token.sent.start: c.trigger.token.sent for c in todo}.values())
    outs = dict(zip((s.start for s in sents), reader.score([s.text for s in sents])))
    for c in todo:
        best, p = outs[c.trigger.token.sent.start].best_type()
        if p >= over and best not in _RULES_KEEP and best != c.sub_event_type:
            c.sub_event_type = best
