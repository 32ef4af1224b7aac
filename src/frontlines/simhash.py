"""Near-duplicate texts (wire copies under several mastheads): 64-bit SimHash over word shingles.

Four 16-bit bands index the hashes: two texts within 3 bits of each other share at least one band
exactly, so a look-up needs only the band table, never a scan of every article."""
from __future__ import annotations

import hashlib
import re

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_DISTANCE = 3
BANDS = 4


def simhash(text: str, shingle: int = 3) -> int:
    words = _WORD.findall(text.lower())
    if len(words) < shingle:
        words = words + [""] * (shingle - len(words))
    weights = [0] * 64
    for i in range(len(words) - shingle + 1):
        h = int.from_bytes(hashlib.blake2b(" ".join(words[i:i + shingle]).encode(), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if h >> bit & 1 else -1
    value = sum(1 << bit for bit in range(64) if weights[bit] > 0)
    return value - (1 << 64) if value >= 1 << 63 else value  # fits SQLite's signed INTEGER


def bands(value: int) -> list[int]:
    v = value & ((1 << 64) - 1)
    return [(i << 16) | (v >> (16 * i) & 0xFFFF) for i in range(BANDS)]


def distance(a: int, b: int) -> int:
    return bin((a ^ b) & ((1 << 64) - 1)).count("1")
