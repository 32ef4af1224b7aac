"""Territorial control: `rules` is the one rule (own side, status, confirmation); `article` applies it
to one article's events (the report's `control`); `frontlines.timeline` applies it across articles."""
from .article import control_states
from .rules import TERRITORIAL, Voice

__all__ = ["TERRITORIAL", "Voice", "control_states"]
