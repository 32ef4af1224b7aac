"""Checks every reader applies before a text becomes an `Article`. Each returns a one-line reason
to skip, or None; none of them raises."""
from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


class IngestError(ValueError):
    """A usage error with a one-line message: a bad path, a bad date, a bad record."""


def decode(data: bytes) -> tuple[str | None, str | None]:
    """(text, None) or (None, reason). UTF-8 (BOM stripped) and BOM-marked UTF-16 are accepted."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError as exc:
            return None, f"not valid UTF-16 ({exc.reason} at byte {exc.start})"
    if b"\x00" in data:
        return None, "binary data (NUL bytes), not text"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return None, f"not valid UTF-8 (first bad byte at offset {exc.start})"


def check_text(text: str, limit_bytes: int) -> str | None:
    if not text or not text.strip():
        return "empty text"
    size = len(text.encode("utf-8", errors="ignore")) if len(text) * 4 > limit_bytes else len(text)
    if size > limit_bytes:
        return f"too large ({size / 1e6:.1f} MB > limit {limit_bytes / 1e6:.1f} MB)"
    if "\x00" in text:
        return "binary data (NUL bytes), not text"
    sample = text[:20000]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or 0xE000 <= ord(ch) <= 0xF8FF or ch == "\ufffd")
    if bad > 0.1 * len(sample):
        return f"binary junk ({bad} control characters in the first {len(sample)})"
    words = _WORD.findall(sample.lower())
    if len(words) < 5:
        return f"too short to be an article ({len(words)} words)"
    from .language import not_english  # the language check and its model live there

    return not_english(text)
