"""Stored text shown to people is data, never instructions: no rich markup, no terminal control codes.

Article ids, outlets, titles, source and place names come from whoever wrote the input. Before any of
them reaches a rich object or a terminal, `markup()` escapes rich's `[tag]` syntax and `clean()`
removes what a terminal would act on: ANSI escape sequences (CSI, OSC, two-byte escapes), the other C0
and C1 control characters, and bidirectional overrides that make a line read in another order.
Tab and newline stay: they are layout, not commands.
"""
from __future__ import annotations

import dataclasses
import logging
import re
from typing import Any, TextIO

from rich.markup import escape

# ESC [ ... final byte | ESC ] ... (BEL | ESC \) | ESC and one byte | the 8-bit CSI and OSC forms
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]?|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[ -~]?"
                      r"|\x9b[0-?]*[ -/]*[@-~]?|\x9d[^\x07\x1b\x9c]*(?:\x07|\x9c)?")
# C0 but tab and newline, a carriage return not ending a line, DEL, C1, bidi embeddings and isolates
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)")


def clean(text: str) -> str:
    """`text` without anything a terminal would interpret."""
    if text.isprintable():  # the common case: nothing to do
        return text
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def json_text(text: str) -> str:
    """JSON text whose strings write C1 controls and bidi overrides as \\u escapes (json.dumps
    escapes C0 itself): the same data for a tool, nothing a terminal acts on for a person."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def markup(text: str) -> str:
    """`text` ready to sit inside rich markup: printed exactly as stored, minus control codes."""
    return escape(clean(text))


def escaped(value: Any) -> Any:
    """A copy of a report, event or row (dicts, lists, dataclasses) with every string passed
    through `markup()`, for the views that build rich markup from stored fields."""
    if isinstance(value, str):
        return markup(value)
    if isinstance(value, dict):
        return {k: escaped(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(escaped(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: escaped(getattr(value, f.name))
                                             for f in dataclasses.fields(value) if f.init})
    return value


class CleanStream:
    """A text stream that drops terminal control codes from what is written to it (CSV to stdout)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(clean(text))


class _CleanFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return clean(super().format(record))


def log_handler(stream: TextIO, fmt: str) -> logging.Handler:
    """A logging handler whose lines (which quote ids and file names) carry no control codes."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(_CleanFormatter(fmt))
    return handler
