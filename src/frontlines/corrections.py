"""Corrected event types as training examples for the sentence model, kept apart from the shipped
examples (data/event_examples/): an analyst's type correction appends the event's evidence sentence
with the corrected label to a user file (`Settings.corrections_path`, JSON lines), and
events/classify.py trains on that file too only when `Settings.learn_from_corrections` is on
(FRONTLINES_LEARN_CORRECTIONS=1). One line per correction, appended and flushed at once: a process
killed mid-write leaves at most one partial last line, which is skipped when read."""
from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from .config import SETTINGS

log = logging.getLogger("frontlines.corrections")


def example_for(store, event_id: str, label: str) -> dict[str, Any] | None:
    """The event's first evidence sentence with the analyst's label, or None without one."""
    members = store.event_mentions([event_id]).get(event_id, [])
    for m in members:
        for start, end in m.get("evidence") or []:
            text = store.article_texts([m["article_id"]]).get(m["article_id"])
            if text:
                sentence = " ".join(text[start:end].split())
                if sentence:
                    return {"text": sentence, "label": label, "event": event_id, "article": m["article_id"]}
    return None


def append(example: dict[str, Any], path: Path | None = None) -> Path:
    path = Path(path or SETTINGS.corrections_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(example, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    return path


def record(store, event_id: str, label: str) -> Path | None:
    """Keep a type correction as a training example; where it went, or None (no sentence, or the file
    cannot be written: the correction itself is in the store either way)."""
    example = example_for(store, event_id, label)
    if example is None:
        return None
    try:
        return append(example)
    except OSError as exc:
        log.warning("type correction not kept as a training example (%s): %s", SETTINGS.corrections_path, exc)
        return None


def read(path: Path | None = None, labels: set[str] | None = None) -> list[dict[str, Any]]:
    """The user's examples; lines that are not an example with a known label are skipped and logged."""
    path = Path(path or SETTINGS.corrections_path)
    if not path.is_file():
        return []
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            log.warning("%s line %d: not JSON, skipped", path, n)
            continue
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not row["text"].strip() \
                or (labels is not None and row.get("label") not in labels):
            log.warning("%s line %d: not an example with a known label, skipped", path, n)
            continue
        out.append({"text": row["text"], "label": row["label"]})
    return out
