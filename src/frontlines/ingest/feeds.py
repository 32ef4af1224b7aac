"""RSS, Atom and RDF feeds read item by item from a stream: a feed of any length is never held in
memory whole, and one broken item is skipped while the others are read.

The file is scanned in chunks for `<item>` / `<entry>` elements; each is handed to feedparser
(which tolerates the broken markup real feeds carry) inside a small envelope made of the feed's
XML declaration and the start tags still open before the first item, so namespaces and the
declared encoding hold. The document type declaration is never passed on: entity definitions
(the "billion laughs" expansion) and external entities (local files, URLs) cannot reach the parser.
"""
from __future__ import annotations

import re
from typing import BinaryIO, Iterator

CHUNK = 1 << 16
_NAME = rb"(?:[A-Za-z_][\w.-]*:)?"
_START = re.compile(rb"<" + _NAME + rb"(item|entry)(?=[\s/>])")
_ENDS = {b"item": re.compile(rb"</" + _NAME + rb"item\s*>"), b"entry": re.compile(rb"</" + _NAME + rb"entry\s*>")}
_TAG = re.compile(rb"<(/?)([A-Za-z_][\w:.-]*)(?:\s[^<>]*?)?(/?)>")
_DECL = re.compile(rb"\s*(<\?xml[^<>]*\?>)")
_LOOKBACK = 128  # a start tag cut in two by a chunk boundary is found again from this far back


def envelope(head: bytes) -> tuple[bytes, bytes, bytes]:
    """(opening, channel, closing) around one item: the XML declaration and the start tags of the
    elements still open where the first item begins (`<rss ...><channel>`, `<feed xmlns=...>`),
    the head's content after the last of them (the channel's title, link...), and their end tags.
    Whatever comes before the root element (a DOCTYPE with its entities) is left out."""
    decl = _DECL.match(head)
    stack: list[tuple[bytes, bytes, int]] = []
    for m in _TAG.finditer(head):
        closing, name, empty = m.group(1), m.group(2), m.group(3)
        if empty:
            continue
        if closing:
            for i in range(len(stack) - 1, -1, -1):
                if stack[i][0] == name:
                    del stack[i:]
                    break
        else:
            stack.append((name, m.group(0), m.end()))
    opening = (decl.group(1) if decl else b"") + b"".join(tag for _, tag, _ in stack)
    channel = head[stack[-1][2]:] if stack else b""
    return opening, channel, b"".join(b"</" + name + b">" for name, _, _ in reversed(stack))


def feed_items(fh: BinaryIO, max_item_bytes: int, max_head_bytes: int = 1 << 20) -> Iterator[tuple[str, bytes | str]]:
    """("head", bytes) once, then ("item", bytes) or ("bad", reason) per item, in file order.
    Yields nothing when the stream holds no item within its first `max_head_bytes`."""
    buf = bytearray()
    eof = False

    def more() -> bool:
        nonlocal eof
        if eof:
            return False
        chunk = fh.read(CHUNK)
        if not chunk:
            eof = True
            return False
        buf.extend(chunk)
        return True

    pos = 0
    while (m := _START.search(buf, max(0, pos - _LOOKBACK))) is None:
        pos = len(buf)
        if len(buf) > max_head_bytes or not more():
            return
    yield "head", bytes(buf[:m.start()])
    del buf[:m.start()]
    while True:
        m = _START.search(buf)
        while m is None:  # text between items, or the feed's tail: keep only what may start a tag
            del buf[:max(0, len(buf) - _LOOKBACK)]
            if not more():
                return
            m = _START.search(buf)
        end_tag = _ENDS[bytes(m.group(1))]
        start_len = m.end() - m.start()
        del buf[:m.start()]  # (the match indexes the buffer as it was: read it before this)
        scanned = start_len
        while (end := end_tag.search(buf, max(start_len, scanned - _LOOKBACK))) is None:
            scanned = len(buf)
            if len(buf) > max_item_bytes:
                yield "bad", f"feed item larger than {max_item_bytes / 1e6:.1f} MB"
                del buf[:start_len]  # go on from the next item start
                break
            if not more():
                yield "bad", "feed item not closed before the end of the file"
                return
        else:
            if end.end() > max_item_bytes:
                yield "bad", f"feed item larger than {max_item_bytes / 1e6:.1f} MB"
            else:
                yield "item", bytes(buf[:end.end()])
            del buf[:end.end()]
