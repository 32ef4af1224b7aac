"""Is a text English? A character n-gram language identifier (py3langid, its model bundled in the
wheel, offline) decides, checked against the share of English function words, so an English story
dense with foreign names ("Mujahid met Dostum in Mazar-i-Sharif") is kept while a French, Spanish,
German or Russian one is skipped."""
from __future__ import annotations

import re
from functools import lru_cache

_COMMON_EN = frozenset("""the of and to in a is that for on was with as by at from it be are has have had said
were will not but this his her they their an or which been who its after also more than one two new
over about into would up out police people year years government against killed other when
there some can could all we our he she them no last first told while during since before""".split())
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# the identifier must be this sure of another language, and English function words this rare,
# before a text is called foreign: names alone never make English text foreign
SURE_OTHER = 0.9
ENGLISH_SHARE = 0.2
NEVER_ENGLISH_SHARE = 0.08
SAMPLE_CHARS = 3000


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def english_share(words: list[str]) -> float:
    return sum(w in _COMMON_EN for w in words) / max(len(words), 1)


def not_english(text: str) -> str | None:
    """A one-line reason when the text is not English, else None (short texts are not judged)."""
    sample = text[:SAMPLE_CHARS]
    words = _WORD.findall(sample.lower())
    if len(words) < 20:
        return None
    share = english_share(words)
    if share < NEVER_ENGLISH_SHARE:
        return f"not English (only {share:.0%} common English words)"
    if share >= ENGLISH_SHARE:
        return None  # plainly English: the identifier (a second to load) is not needed
    lang, prob = _identifier().classify(sample)
    if lang != "en" and prob >= SURE_OTHER and share < ENGLISH_SHARE:
        return f"not English (language {lang!r}, p={prob:.2f}; {share:.0%} common English words)"
    return None
