"""Loads the data files under `data/` once, with validation, so analysts can extend the lexicons
without reading Python. A malformed file fails at load time with the file and key named."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterator, Mapping

import yaml

from .config import DATA_DIR


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
class EventType:
    key: str
    name: str
    violent: bool
    crowd: bool
    civilian_targeting: bool
    unnamed_actor: str | None
    disorder: str


@dataclass(frozen=True)
class SubEventType:
    key: str
    name: str
    event_type: EventType
    group: str
    note: str
    tags: frozenset[str]
    quantity: str | None
    severity: int | None
    disorder: str


@dataclass(frozen=True)
class Taxonomy:
    """The ACLED taxonomy of data/taxonomy.yaml, asked by name (what events carry) or by tag."""
    types: dict[str, EventType]  # by name
    subs: dict[str, SubEventType]  # by name
    tags: frozenset[str]

    def sub(self, name: str | None) -> SubEventType | None:
        return self.subs.get(name or "")

    def event_type(self, sub_event_type: str | None) -> str | None:
        s = self.sub(sub_event_type)
        return s.event_type.name if s else None

    def tagged(self, tag: str) -> frozenset[str]:
        if tag not in self.tags:
            raise LexiconError(f"taxonomy.yaml: no tag {tag!r}")
        return frozenset(n for n, s in self.subs.items() if tag in s.tags)

    def group(self, sub_event_type: str | None) -> str | None:
        s = self.sub(sub_event_type)
        return s.group if s else None

    def of_types(self, pred) -> frozenset[str]:
        """The names of the event types `pred(EventType)` holds for (`lambda t: t.violent`)."""
        return frozenset(n for n, t in self.types.items() if pred(t))


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    data = _load_yaml("taxonomy.yaml")
    tags = frozenset(data.get("tags") or {})
    groups = set(data.get("groups") or [])
    types: dict[str, EventType] = {}
    for key, t in (data.get("event_types") or {}).items():
        if not t.get("name") or not t.get("disorder"):
            raise LexiconError(f"taxonomy.yaml: event type {key}: needs name and disorder")
        types[key] = EventType(key, t["name"], bool(t.get("violent")), bool(t.get("crowd")),
                               bool(t.get("civilian_targeting")), t.get("unnamed_actor"), t["disorder"])
    subs: dict[str, SubEventType] = {}
    for key, s in (data.get("sub_event_types") or {}).items():
        where = f"taxonomy.yaml: sub-event type {key}"
        if s.get("type") not in types:
            raise LexiconError(f"{where}: unknown event type {s.get('type')!r}")
        if s.get("group") not in groups:
            raise LexiconError(f"{where}: unknown group {s.get('group')!r}")
        if not s.get("name") or not s.get("note"):
            raise LexiconError(f"{where}: needs name and note")
        bad = set(s.get("tags") or []) - tags
        if bad:
            raise LexiconError(f"{where}: unknown tags {sorted(bad)}")
        et = types[s["type"]]
        subs[s["name"]] = SubEventType(key, s["name"], et, s["group"], s["note"], frozenset(s.get("tags") or []),
                                       s.get("quantity"), s.get("severity"), s.get("disorder") or et.disorder)
    if len(types) != 6 or len(subs) != 25:
        raise LexiconError(f"taxonomy.yaml: ACLED has 6 event types and 25 sub-event types, not {len(types)} and {len(subs)}")
    return Taxonomy({t.name: t for t in types.values()}, subs, tags)


class _Keys:
    """Names by key, checked against their data file on first use: `SUB.armed_clash` is the
    sub-event type's ACLED name; a key the file lacks is an AttributeError, not a silent mismatch."""

    def __init__(self, load: Callable[[], dict[str, str]], what: str) -> None:
        self._load, self._what = load, what

    def __getattr__(self, key: str) -> str:
        if key.startswith("_"):
            raise AttributeError(key)
        names = self._load()
        if key not in names:
            raise AttributeError(f"no {self._what} {key!r}")
        return names[key]


SUB = _Keys(lambda: {s.key: s.name for s in taxonomy().subs.values()}, "sub-event type in taxonomy.yaml")
TYPE = _Keys(lambda: {t.key: t.name for t in taxonomy().types.values()}, "event type in taxonomy.yaml")
FAM = _Keys(lambda: {k: k for k in event_lexicon()["families"]}, "trigger family in events.yaml")
DIR = _Keys(lambda: {k: k for k in event_lexicon()["directions"]}, "direction in events.yaml")
RES = _Keys(lambda: {k: k for k in event_lexicon()["resolvers"]}, "resolver in events.yaml")


class _EventTypeOf(Mapping[str, str]):
    """sub-event type name -> its event type's name, read from taxonomy.yaml."""

    def __getitem__(self, name: str) -> str:
        return taxonomy().subs[name].event_type.name

    def __iter__(self) -> Iterator[str]:
        return iter(taxonomy().subs)

    def __len__(self) -> int:
        return len(taxonomy().subs)


ACLED_TYPES: Mapping[str, str] = _EventTypeOf()


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
    not_with_particles: frozenset[str] = frozenset()  # a bare verb entry with one of these particles is another verb


@lru_cache(maxsize=1)
def event_lexicon() -> dict[str, Any]:
    data = _load_yaml("events.yaml")
    families: dict[str, Family] = {}
    resolvers = {name: frozenset(types) for name, types in (data.get("resolvers") or {}).items()}
    for name, types in resolvers.items():
        if types - set(ACLED_TYPES):
            raise LexiconError(f"events.yaml: resolver {name}: unknown sub_event_type {sorted(types - set(ACLED_TYPES))}")
    data["resolvers"] = resolvers
    directions = data["directions"] = tuple(data.get("directions") or ())
    for name, spec in data["families"].items():
        st = spec.get("sub_event_type")
        if st is not None and st not in ACLED_TYPES:
            raise LexiconError(f"events.yaml: family {name}: unknown sub_event_type {st!r}")
        if st is None and spec.get("resolver") not in resolvers:
            raise LexiconError(f"events.yaml: family {name}: needs sub_event_type or a known resolver")
        if spec.get("direction") not in {None, *directions}:
            raise LexiconError(f"events.yaml: family {name}: unknown direction {spec.get('direction')!r}")
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
            not_with_particles=frozenset(str(w).lower() for w in spec.get("not_with_particles", [])),
        )
    data["families"] = families
    roles: dict[str, tuple[str, ...]] = {}
    for role, names in (data.get("roles") or {}).items():
        unknown = set(names) - set(families)
        if unknown:
            raise LexiconError(f"events.yaml: role {role}: unknown families {sorted(unknown)}")
        roles[role] = tuple(names)
    data["roles"] = roles
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
    ids = {g["id"] for g in data.get("groups", [])}
    for g in data.get("groups", []):
        unknown = set((g.get("branches") or {}).values()) - ids
        if unknown:
            raise LexiconError(f"actors.yaml: {g['id']}: branches name no group: {sorted(unknown)}")
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
