"""Loads the data files under `data/` once, with validation, so analysts can extend the lexicons
without reading Python. A malformed file fails at load time with the file and key named."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from .config import DATA_DIR

ACLED_TYPES: dict[str, str] = {
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Armed clash": "Battles",
    "Excessive force against protesters": "Protests",
    "Protest with intervention": "Protests",
    "Peaceful protest": "Protests",
    "Violent demonstration": "Riots",
    "Mob violence": "Riots",
    "Chemical weapon": "Explosions/Remote violence",
    "Air/drone strike": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Sexual violence": "Violence against civilians",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Agreement": "Strategic developments",
    "Arrests": "Strategic developments",
    "Change to group/activity": "Strategic developments",
    "Disrupted weapons use": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
    "Looting/property destruction": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments",
    "Other": "Strategic developments",
}


class LexiconError(ValueError):
    pass


def _load_yaml(name: str) -> dict[str, Any]:
    path = DATA_DIR / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: expected a mapping at the top level")
    return data


@dataclass(frozen=True)
class Family:
    name: str
    sub_event_type: str | None
    resolver: str | None
    verbs: tuple[str, ...]
    nouns: tuple[str, ...]
    object_required: tuple[str, ...]
    direction: str | None
    quantity: str | None
    requires_armed_subject: bool
    requires_crowd: bool
    agent_nouns: frozenset[str]
    noun_heads: frozenset[str] = frozenset()  # a noun trigger counts only under one of these verbs (none: any)


@lru_cache(maxsize=1)
def event_lexicon() -> dict[str, Any]:
    data = _load_yaml("events.yaml")
    families: dict[str, Family] = {}
    for name, spec in data["families"].items():
        st = spec.get("sub_event_type")
        if st is not None and st not in ACLED_TYPES:
            raise LexiconError(f"events.yaml: family {name}: unknown sub_event_type {st!r}")
        if st is None and spec.get("resolver") not in {"territory", "attack", "protest", "arrest"}:
            raise LexiconError(f"events.yaml: family {name}: needs sub_event_type or a known resolver")
        unknown = set(spec.get("object_required", [])) - set(data["objects"]) - {"armed", "victim", "place"}
        if unknown:
            raise LexiconError(f"events.yaml: family {name}: unknown object kinds {sorted(unknown)}")
        families[name] = Family(
            name=name, sub_event_type=st, resolver=spec.get("resolver"),
            verbs=tuple(str(v).lower() for v in spec.get("verbs", [])),
            nouns=tuple(str(v).lower() for v in spec.get("nouns", [])),
            object_required=tuple(spec.get("object_required", [])),
            direction=spec.get("direction"), quantity=spec.get("quantity"),
            requires_armed_subject=bool(spec.get("requires_armed_subject")),
            requires_crowd=bool(spec.get("requires_crowd")),
            agent_nouns=frozenset(str(w).lower() for w in spec.get("agent_nouns", [])),
            noun_heads=frozenset(str(w).lower() for w in spec.get("noun_heads", [])),
        )
    data["families"] = families
    data["objects"] = {k: {str(w).lower() for w in v} for k, v in data["objects"].items()}
    retelling = data.get("retelling") or {}
    for st, hosts in retelling.items():
        bad = [t for t in [st, *hosts] if t not in ACLED_TYPES]
        if bad:
            raise LexiconError(f"events.yaml: retelling {st}: unknown sub_event_type {bad}")
    data["retelling"] = {st: frozenset(hosts) for st, hosts in retelling.items()}
    return data


@lru_cache(maxsize=1)
def reporting_lexicon() -> dict[str, Any]:
    return _load_yaml("reporting.yaml")


@lru_cache(maxsize=1)
def actor_lexicon() -> dict[str, Any]:
    data = _load_yaml("actors.yaml")
    seen: dict[str, str] = {}
    for g in data.get("groups", []):
        if not g.get("id") or not g.get("aliases"):
            raise LexiconError(f"actors.yaml: group without id or aliases: {g}")
        for a in g["aliases"]:
            if seen.get(str(a)) not in (None, g["id"]):
                raise LexiconError(f"actors.yaml: alias {a!r} names both {seen[str(a)]!r} and {g['id']!r}")
            seen[str(a)] = g["id"]
    return data


@dataclass(frozen=True)
class Country:
    iso2: str
    name: str
    adjectives: tuple[str, ...]
    demonyms: tuple[str, ...]
    aliases: tuple[str, ...]
    region: str


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    path = DATA_DIR / "countries.csv"
    out: dict[str, Country] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            def split(key: str) -> tuple[str, ...]:
                return tuple(x.strip() for x in (row.get(key) or "").split("|") if x.strip())
            out[row["iso2"].strip()] = Country(row["iso2"].strip(), row["name"].strip(), split("adjectives"),
                                               split("demonyms"), split("aliases"), (row.get("region") or "").strip())
    if not out:
        raise LexiconError(f"{path}: no rows")
    return out


@lru_cache(maxsize=1)
def common_capitalised_words() -> frozenset[str]:
    lines = (DATA_DIR / "common_words.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))
