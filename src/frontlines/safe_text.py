"""Stored text shown to people is data, never instructions: no rich markup, no terminal control codes.

Article ids, outlets, titles, source and place names come from whoever wrote the input. `clean()`
removes what a terminal would act on: ANSI escape sequences (CSI, OSC, two-byte escapes), the other C0
and C1 control characters, and bidirectional overrides that make a line read in another order; tab
and newline stay, they are layout. `SafeConsole` is the rich console of the views: it reads no markup
or emoji codes in strings and cleans everything it renders. JSON keeps the data whole (`json_text`),
CSV and log lines are cleaned.
"""
from __future__ import annotations

import logging
import re
from typing import Any, Iterator, TextIO

from rich.console import Console
from rich.segment import Segment

# ESC [ ... final byte | ESC ] ... (BEL | ESC \) | ESC and one byte | the 8-bit CSI and OSC forms. An OSC
# without its terminator loses only its introducer: the text after it (which rich may have stripped
# the BEL from) stays.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]?|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[ -~]?"
                      r"|\x9b[0-?]*[ -/]*[@-~]?|\x9d[^\x07\x1b\x9c]*(?:\x07|\x9c)")
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


class SafeConsole(Console):
    """A rich Console for stored text: strings are not read as markup or emoji codes, and what any
    renderable holds is cleaned of control codes segment by segment, before rich adds its own styles."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(markup=False, emoji=False, **kwargs)

    def render(self, renderable: Any, options: Any = None) -> Iterator[Segment]:
        for seg in super().render(renderable, options):
            yield seg if seg.control or seg.text.isprintable() else Segment(clean(seg.text), seg.style)


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
