"""Toponym recognition and resolution: spaCy entities in, resolved `Place`s out.

Resolution scores each gazetteer candidate on prominence (population, admin level), the document's
country focus, explicit containment ("Kunduz, Afghanistan", "in Kunduz province"), admin-level
cues ("X province", "the city of X") and distance to the other places resolved in the text.
A mention whose best reading does not clearly beat a distant alternative stays unresolved.

Reads: the parsed `Doc` (entities, with the gazetteer component's labels), the gazetteer, the
article's country from its metadata. Adds: a `PlaceIndex` (the `Place`s with their mention spans,
the document's focus country, the dateline's tokens).
"""
from __future__ import annotations

import csv
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span

from .. import layout
from ..config import DATA_DIR, SETTINGS, Settings
from ..geo import km
from ..lexicons import common_capitalised_words
from ..model import Place
from .gazetteer import Entry, Gazetteer, normalize

_PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Words after or before a name that say which admin level it is.
_SUFFIX_KIND = {
    "province": "admin1", "provinces": "admin1", "state": "admin1", "region": "admin1", "governorate": "admin1",
    "oblast": "admin1", "prefecture": "admin1", "county": "admin2", "district": "admin2", "districts": "admin2",
    "lga": "admin2", "territory": "admin2", "cercle": "admin2", "department": "admin2", "commune": None,
    "township": None, "woreda": None,
    "parish": "admin2", "borough": "admin2",
    "city": "city", "town": "city", "village": "city", "capital": "city", "municipality": "city",
    "valley": None, "area": None, "outskirts": None,
}
_PREFIX_KIND = {"city": "city", "town": "city", "village": "city", "province": "admin1", "district": "admin2",
                "region": "admin1", "state": "admin1"}
_ARTICLES = {"al", "el", "az", "ad", "ar", "as", "ash", "at", "ez", "es", "ed", "er", "an", "adh", "ul"}
_COMPASS = {"Northern", "Southern", "Eastern", "Western", "Central", "Upper", "Lower", "North", "South", "East", "West"}
_KIND_OUT = {"admin1": "province", "admin2": "district", "city": "city", "country": "country",
             "facility": "facility", "region": "region"}
FACILITY_WORDS = (
    "airport", "air base", "airbase", "prison", "jail", "governor's office", "governor’s office", "police headquarters",
    "army barracks", "barracks", "military base", "base", "border crossing", "police station", "checkpoint",
    "palace", "parliament", "hospital", "university", "dam", "refinery", "power plant", "port", "garrison",
    "army base", "headquarters",
)
_FACILITY_RE = re.compile(
    r"\b((?:main |central |city's |city’s |provincial |main army |the )?(?:" +
    "|".join(re.escape(w) for w in sorted(FACILITY_WORDS, key=len, reverse=True)) + r")(?: building| compound)?)\b",
    re.IGNORECASE,
)


@dataclass
class Mention:
    """A toponym in the text before resolution: where it is and what the context says about it."""

    start: int  # token offsets
    end: int
    text: str  # the name itself, without "province"/"city"
    span: tuple[int, int]  # character offsets of the whole mention
    kind_cue: str | None = None
    container: str | None = None  # "Afghanistan" in "Kunduz, Afghanistan"
    candidates: list[Entry] = field(default_factory=list)
    whole: str | None = None  # the name with its suffix word, "Kansas City", tried first
    label: str = "GPE"  # spaCy's label: a FAC named like a far-off town is not that town
    fuzzy: bool = False  # candidates are spelling variants, not the name itself
    # the larger containers the text names after `container`, smallest first: "Bulacan" in
    # "Capihan, San Rafael, Bulacan", "Collines" in "Toui (Ouesse, Collines)"
    outer: list[str] = field(default_factory=list)
    levelled: bool = False  # each container is named with its level: "in Guma LGA, Benue state"
    bracketed: bool = False  # its containers are in brackets: "Toui (Ouesse, Collines)"
    fallback: bool = False  # the gazetteer lacks it: placed at the smallest container it has
    container_tokens: list[list[int]] = field(default_factory=list)  # tokens of each container it names
    point_from: Entry | None = None  # the container whose point it takes: the gazetteer has none for it
    inside_name: bool = False  # a place opening an organisation's name: "the Shreveport Police Department"
    fixed: bool = False  # its readings are set already: a seat named for its town, a region with none

    @property
    def chain(self) -> list[str]:
        return [self.container, *self.outer] if self.container else []


@dataclass
class PlaceIndex:
    """Places of one document and which tokens refer to them (events look places up by token)."""

    places: list[Place]
    by_token: dict[int, str]  # token index -> place id
    focus_country: str | None
    dateline: set[int] = field(default_factory=set)  # tokens of the dateline: where it was filed

    def place(self, pid: str | None) -> Place | None:
        return next((p for p in self.places if p.id == pid), None)


def find_places(doc: Doc, gaz: Gazetteer, exclude: set[int] = frozenset(),
                hints: Counter[str] | None = None, country: str | None = None,
                settings: Settings | None = None) -> PlaceIndex:
    """`exclude`: tokens inside other names ("Islamic State Khorasan Province" is a group).
    `hints`: country votes from elsewhere in the text (a group active in one country only).
    `country`: the input's own hint (ISO alpha-2, `--country` or a record's field), outweighing them.
    `settings`: the weights and margins (the shipped ones without)."""
    settings = settings or SETTINGS
    mentions = [m for m in _mentions(doc) if not any(i in exclude for i in range(m.start, m.end))]
    mentions = _not_places(mentions, gaz)
    mentions += _inside_names(doc, gaz, exclude, settings.ruler_min_population)
    mentions = _bracketed(doc, mentions, gaz, exclude)
    for m in mentions:
        if m.fixed:
            continue
        if m.whole and (whole := gaz.candidates(m.whole, limit=40)):
            m.text, m.kind_cue, m.candidates = m.whole, None, whole
            continue
        m.candidates = gaz.candidates(m.text, limit=40)
        if not m.candidates and len(m.text) > 4:
            m.candidates = [e for e, _ in gaz.fuzzy(m.text, limit=5)]
            m.fuzzy = True
    for m in mentions:
        # "Angola, Namibia and Zambia" is a list, "Atlanta, Georgia" a containment: without a level
        # cue ("X district, Y province"), the second name contains the first only if some reading fits
        if m.container and not m.kind_cue and not m.bracketed and m.candidates \
                and not any(_inside(e, m.container, gaz) for e in m.candidates):
            if not m.levelled:
                m.container, m.outer, m.container_tokens = None, [], []
        # "Capihan, San Rafael, Bulacan": each name lies in the next, or the list ends there
        if m.container and not m.levelled:
            m.outer = _holding(m.container, m.outer, gaz)
            m.container_tokens = m.container_tokens[:1 + len(m.outer)]
    counties = _Counties.of(mentions)
    # a group active in one country places the story there as surely as a town found only there
    votes = Counter({iso: n * settings.group_country_votes for iso, n in (hints or {}).items()})
    if country:
        votes[country] += settings.country_hint_votes
    own: dict[str, Counter] = {}
    focus = _focus_country(mentions, doc, gaz, votes, filed=layout.dateline(doc.text), own=own)
    alone = {name for name, c in own.items() if focus and c[focus] and
             _votes_for([m for m in mentions if normalize(m.text) != name], doc, gaz, votes, focus) <= 0}
    for m in mentions:
        # Spelling variants (Sheberghan / Shibirghan) are sought in the story's own country, or among
        # big places: a near-miss hamlet abroad ("Darfur" -> "Dufur", Oregon) is a worse guess than none.
        if m.fuzzy:
            big = 1_000_000 if focus else 100_000  # "Tamboul" in a story of Sudan is not Tambov
            m.candidates = [e for e in m.candidates
                            if e.country == focus or (e.population or 0) >= big or e.kind == "country"
                            or e.kind == "admin1" and not focus]
    resolved: list[tuple[Mention, Entry | None]] = []
    # unambiguous and contained mentions first, so that their neighbours can vote for the rest
    order = sorted(mentions, key=lambda m: (len(m.candidates) != 1 and m.container is None, m.start))
    anchors: list[Entry] = []
    for m in order:
        best = _choose(m, _own_focus(m, focus, alone), anchors, counties, gaz, settings.resolve_margin)
        if best is not None:
            anchors.append(best)
        resolved.append((m, best))
    # Second pass: an ambiguous name read again with every other place of the first pass as
    # context, so "London ... Ontario" counts Ontario even when Ontario comes later in the text.
    first = list(resolved)
    resolved = []
    for i, (m, best) in enumerate(first):
        if (len(m.candidates) > 1 or m.fuzzy) and m.container is None:
            others = [e for j, (_, e) in enumerate(first) if j != i and e is not None]
            best = _choose(m, _own_focus(m, focus, alone), others, counties, gaz, settings.resolve_margin)
        resolved.append((m, best))
    resolved = _one_sense(resolved)
    resolved = [(m, None if e is not None and _acronym(doc, m, e) else e) for m, e in resolved]
    resolved = [(m, e if e is not None or not m.container else _fallback(m, focus, gaz)) for m, e in resolved]
    for m, e in resolved:
        if e is not None and e.lat is None:
            # "Mecula district, Niassa": a district with no point takes the named container's, else its province's
            m.point_from = (_smallest_container(m, focus, gaz) if m.container else None) or \
                (gaz.admin1(e.country, e.admin1_code) if e.country and e.admin1_code else None)
            if m.point_from is not None and m.point_from.lat is None:
                m.point_from = None
    resolved.sort(key=lambda x: x[0].start)
    index = _to_places(doc, resolved, focus)
    _nationalities(doc, index, gaz, {i for m in mentions for i in range(m.start, m.end)} | set(exclude))
    _inherit_containers(index, resolved, gaz)
    span = layout.dateline(doc.text)
    if span is not None:
        index.dateline = {t.i for t in doc if span[0] <= t.idx < span[1]}
    return index


@dataclass
class _Counties:
    """Which names of the story could be a county (admin2 code -> names), and which could be a town
    lying in one. A town and the county that holds it, both named, explain each other even when
    neither is unique alone ("a Paris man ... the Henry County sheriff" is Paris, Tennessee)."""

    named: dict[str, set[str]]
    of_towns: dict[str, set[str]]

    @classmethod
    def of(cls, mentions: list[Mention]) -> "_Counties":
        named: dict[str, set[str]] = {}
        of_towns: dict[str, set[str]] = {}
        for m in mentions:
            name = normalize(m.text)
            for e in m.candidates:
                if e.admin2_code and e.kind in ("admin2", "city"):
                    (named if e.kind == "admin2" else of_towns).setdefault(e.admin2_code, set()).add(name)
        return cls(named, of_towns)

    def support(self, e: Entry, name: str) -> bool:
        """Another name of the story is this town's county, or a town in this county."""
        if not e.admin2_code or e.kind not in ("admin2", "city"):
            return False
        names = (self.named if e.kind == "city" else self.of_towns).get(e.admin2_code, ())
        return any(n != name for n in names)


def _one_sense(resolved: list[tuple[Mention, Entry | None]]) -> list[tuple[Mention, Entry | None]]:
    """A name the text once placed explicitly ("GLASGOW, Ky.", "Paris, Texas") means that place in
    its bare mentions too: one sense per discourse, led by the mention that says where it is."""
    placed: dict[str, Entry] = {}
    for m, e in resolved:
        if e is not None and m.container and not m.kind_cue:
            placed.setdefault(normalize(m.text), e)
    out = []
    for m, e in resolved:
        sense = placed.get(normalize(m.text))
        if sense is not None and not m.container and not m.kind_cue and any(c.geonameid == sense.geonameid for c in m.candidates):
            e = sense
        out.append((m, e))
    return out


def _mentions(doc: Doc) -> list[Mention]:
    out: list[Mention] = []
    starts = {e.start: e for e in doc.ents}
    for ent in doc.ents:
        if ent.label_ not in _PLACE_LABELS:
            continue
        start, end = ent.start, ent.end
        words = [t for t in ent]
        if words and words[0].lower_ == "the":
            words = words[1:]
        kind = whole = None
        # "Kunduz city" / "Kunduz province" inside the entity
        if len(words) > 1 and words[-1].lower_ in _SUFFIX_KIND:
            kind = _SUFFIX_KIND[words[-1].lower_]
            whole = doc[words[0].i:words[-1].i + 1].text
            words = words[:-1]
        if not words:
            continue
        name_span = doc[words[0].i:words[-1].i + 1]
        # "Dayr az Zawr", "Jisr al-Shughur": an Arabic article and the name's second word, left out by spaCy
        k = end
        while k + 1 < len(doc) and doc[k].lower_ in _ARTICLES and doc[k].i == name_span.end + (k - end):
            nxt = k + 2 if doc[k + 1].text == "-" and k + 2 < len(doc) else k + 1
            if not doc[nxt].is_title:
                break
            k = nxt + 1
        if k > end and kind is None and whole is None:
            name_span, end = doc[words[0].i:k], k
        # "Kunduz province" with the suffix outside the entity
        if end < len(doc) and doc[end].lower_ in _SUFFIX_KIND and kind is None and _SUFFIX_KIND[doc[end].lower_]:
            kind = _SUFFIX_KIND[doc[end].lower_]
            end += 1
        # "the city of X", "X's province" cues before the name
        if start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in _PREFIX_KIND and kind is None:
            kind = _PREFIX_KIND[doc[start - 2].lower_]
        chain: list[str] = []
        tokens: list[list[int]] = []
        levelled = False  # a container named with its level ("Guma LGA, Benue state") is one, known or not
        at = end
        # "Kawuri village in Konduga LGA, Borno state": a unit named with its level holds the place
        if at + 1 < len(doc) and doc[at].lower_ == "in":
            first = at + 2 if doc[at + 1].lower_ == "the" else at + 1  # "in the Kherson region"
            k = first  # capitalised words and a level word, whatever spaCy made of them
            while k < len(doc) and k - first <= 3 and doc[k].is_title and doc[k].lower_ not in _SUFFIX_KIND:
                k += 1
            if k > first and k < len(doc) and _SUFFIX_KIND.get(doc[k].lower_) in ("admin1", "admin2"):
                levelled = True
                chain.append(doc[first:k].text)
                tokens.append(list(range(first, k + 1)))
                at = k + 1
        while len(chain) < 3 and at + 1 < len(doc) and doc[at].text == "," and doc[at + 1].ent_type_ == "GPE":
            cont = starts.get(doc[at + 1].i)
            if cont is None:
                break
            words = cont.text.split()
            levelled = levelled and (len(words) > 1 and words[-1].lower() in _SUFFIX_KIND or
                                     cont.end < len(doc) and doc[cont.end].lower_ in _SUFFIX_KIND)
            # "Helmand province" names Helmand
            chain.append(" ".join(words[:-1]) if len(words) > 1 and words[-1].lower() in _SUFFIX_KIND else cont.text)
            tokens.append(list(range(cont.start, cont.end)))
            at = cont.end
        if whole is None and start >= 1 and doc[start - 1].text in _COMPASS and not doc[start - 1].ent_type_:
            whole = f"{doc[start - 1].text} {name_span.text}"  # "Northern Samar", when spaCy left "Northern" out
        out.append(Mention(start, end, name_span.text, (doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)),
                           kind, chain[0] if chain else None, whole=whole, label=ent.label_, outer=chain[1:],
                           container_tokens=tokens, levelled=levelled))
    return out


def _focus_country(mentions: list[Mention], doc: Doc, gaz: Gazetteer, hints: Counter[str],
                   filed: tuple[int, int] | None = None, own: dict[str, Counter] | None = None,
                   votes_out: Counter | None = None) -> str | None:
    """The country the story is about. Where it was filed (the dateline, `filed`) counts once, as a
    mention of a big city does: "BANGKOK:" over a story of Myanmar's villages is not Thailand's story.
    `own` receives the votes each name found in several countries gave (see `_own_focus`)."""
    votes: Counter[str] = Counter(hints)
    for m in mentions:
        if m.label == "FAC" or m.fuzzy:
            continue  # "Heathrow" names an airport before a town in Florida; a near-miss spelling says little
        countries = {c.country for c in m.candidates if c.country}
        top = m.candidates[0] if m.candidates else None
        in_dateline = filed is not None and filed[0] <= m.span[0] < filed[1]
        if in_dateline and top is not None and top.country:
            votes[top.country] += 1
        elif top is not None and top.kind == "country":
            votes[top.country] += 2
        elif len(countries) == 1:
            # one country on record, but a hamlet's name says less than a city's
            votes[next(iter(countries))] += 3 if top.kind != "city" or (top.population or 0) >= 10_000 else 1
        elif top is not None and top.country and (top.population or 0) >= 100_000:
            votes[top.country] += 1
            if own is not None:  # a name found in several countries votes for its biggest reading
                own.setdefault(normalize(m.text), Counter())[top.country] += 1
    for tok in doc:
        if tok.ent_type_ == "NORP" or tok.pos_ == "ADJ" or tok.pos_ == "PROPN":
            iso = gaz.demonym(tok.text)
            if iso:
                # "Congolese soldiers", "the Nigerien army": a state's forces act mostly at home
                forces = tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in _STATE_FORCES
                votes[iso] += 1.5 if forces else 0.3
    if votes_out is not None:
        votes_out.update(votes)
    return votes.most_common(1)[0][0] if votes else None


def _votes_for(mentions: list[Mention], doc: Doc, gaz: Gazetteer, hints: Counter[str], iso: str) -> float:
    """The votes `mentions` (and the hints and demonyms) give country `iso`."""
    votes: Counter[str] = Counter()
    _focus_country(mentions, doc, gaz, hints, own=None, votes_out=votes)
    return votes[iso]


def _own_focus(m: Mention, focus: str | None, alone: set[str]) -> str | None:
    """The story's country, unless only this name's own biggest reading put it there: a story that
    names "London" and nothing of England is not for that reason about England."""
    return None if normalize(m.text) in alone else focus


# "Toui (Ouesse, Collines)", ACLED's way of naming a place with its containers: one to three names
# in brackets right after a capitalised name
_BRACKET = re.compile(r"(?P<name>[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,3})[ \t]*\((?P<inner>[A-Z][^()\n\d]{1,80})\)")
# words before a name that say what it is: "Barangay Capihan", "Commune of ..." stay out of the name
_LEADING_KIND = {"barangay": "city", "brgy": "city", "sitio": "city", "purok": "city", "kebele": "city",
                 "village": "city", "town": "city", "locality": "city", "hamlet": "city"}


def _acronym(doc: Doc, m: Mention, e: Entry) -> bool:
    """"an NGO said", "the AU": short capitals in running text are an abbreviation, not a town or
    district that happens to be spelled so. Datelines, headlines in capitals and the abbreviations
    the gazetteer holds for countries and states ("DRC", "KP") are kept."""
    if not (m.text.isupper() and len(m.text) <= 5) or e.kind not in ("city", "admin2") or e.name.isupper():
        return False
    span = layout.dateline(doc.text)
    if span is not None and span[0] <= m.span[0] < span[1]:
        return False
    words = [t for t in doc[m.start].sent if t.is_alpha]
    return sum(t.is_upper for t in words) * 2 < len(words)


@lru_cache(maxsize=1)
def _not_place_names() -> dict[str, tuple[str, str | None, str | None]]:
    """data/not_places.csv: normalized name -> (kind, town, country)."""
    with (DATA_DIR / "not_places.csv").open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return {normalize(r["name"]): (r["kind"].strip(), (r.get("place") or "").strip() or None,
                                       (r.get("country") or "").strip() or None) for r in rows}


def _not_places(mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """Organisations are no places ("the EU said"), a seat stands for its town ("the White House" is
    Washington), a region with no point of its own stays a region ("the Middle East", not a town)."""
    table = _not_place_names()
    out = []
    for m in mentions:
        hit = table.get(normalize(m.whole or m.text)) or table.get(normalize(m.text))
        if hit is None:
            out.append(m)
            continue
        kind, town, iso = hit
        if kind == "building" and town and iso:
            seats = [e for e in gaz.candidates(town, country=iso, limit=10) if e.kind == "city"]
            m.candidates = sorted(seats, key=lambda e: (e.feature_code != "PPLC", -(e.population or 0)))[:1]
            m.container, m.outer, m.whole, m.kind_cue, m.fixed = None, [], None, None, True
            out.append(m)
        elif kind == "region":
            m.kind_cue, m.whole, m.container, m.outer, m.candidates, m.fixed = "region", None, None, [], [], True
            out.append(m)
    return out


def _split_leading_kind(doc: Doc, start: int, end: int) -> tuple[int, str | None]:
    """"Barangay Capihan" names Capihan, a village."""
    if end - start > 1 and doc[start].lower_.rstrip(".") in _LEADING_KIND:
        return start + 1, _LEADING_KIND[doc[start].lower_.rstrip(".")]
    return start, None


_NAME = r"[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,3}"
# "the village of Hinagonoyan, Catubig, Northern Samar", "Barangay Capihan, San Rafael, Bulacan": a
# word that says the name is a village, and the containers after commas
_CUED_CHAIN = re.compile(rf"\b(?:(?:[Vv]illage|[Tt]own|[Hh]amlet|[Ll]ocality|[Ss]ettlement) of|Barangay|Brgy\.?|Sitio|Purok"
                         rf"|Kebele) (?P<name>{_NAME})(?P<inner>(?:, {_NAME}){{1,3}})")


def _bracketed(doc: Doc, mentions: list[Mention], gaz: Gazetteer, exclude: set[int]) -> list[Mention]:
    """Names followed by their containers, in brackets ("near Toui (Ouesse, Collines)") or after
    commas when a word says the name is a village ("Barangay Capihan, San Rafael, Bulacan"): the name
    is a place even when spaCy did not read it as one, and each container is a place of its own."""
    text = doc.text
    found = [(rx, True, [x.strip() for x in rx["inner"].split(",")]) for rx in _BRACKET.finditer(text)]
    found += [(rx, False, [x.strip() for x in rx["inner"].split(",") if x.strip()]) for rx in _CUED_CHAIN.finditer(text)]
    for rx, bracketed, inner in found:
        if not 1 <= len(inner) <= 3 or any(not x[:1].isupper() or len(x.split()) > 4 or x.isupper() for x in inner):
            continue  # "WASHINGTON (RNS)", "(AFP)": an outlet or an acronym, not a container
        names: list[tuple[str, str | None, Span]] = []
        pos = rx.start("inner")
        for x in inner:
            at = text.index(x, pos)
            pos = at + len(x)
            span = doc.char_span(at, at + len(x), alignment_mode="expand")
            if span is None:
                break
            words = x.split()
            cue = _SUFFIX_KIND.get(words[-1].lower()) if len(words) > 1 else None
            name = " ".join(words[:-1]) if len(words) > 1 and words[-1].lower() in _SUFFIX_KIND else x
            names.append((name, cue, span))
        if len(names) != len(inner):
            continue
        largest = names[-1][0]
        if not any(e.kind in ("country", "admin1", "admin2", "city") for e in gaz.candidates(largest, limit=5)):
            continue  # "JNIM (Jama'at Nusrat al-Islam wal-Muslimin)", "the army (FARDC)": no containers
        if len(names) > 1 and not _holding(names[0][0], [n for n, _, _ in names[1:]], gaz):
            continue  # "(Mali, Niger)": a list, not a chain of containers
        head = doc.char_span(rx.start("name"), rx.end("name"), alignment_mode="expand")
        if head is None or any(i in exclude for i in range(head.start, head.end)):
            continue
        # an organisation is no place, unless spaCy's entity runs into the brackets ("Tame (Arauca")
        if any(t.ent_type_ in ("ORG", "NORP") and not _runs_on(doc, t, head.end) for t in head) \
                and not any(m.start < head.end and head.start < m.end for m in mentions):
            continue
        inside = (names[0][2].start, names[-1][2].end)
        mentions = [m for m in mentions if not (inside[0] <= m.start and m.end <= inside[1] + 1)
                    and not (m.start < head.end and head.start < m.end and m.end > head.end)]
        for name, cue, span in names:
            mentions.append(Mention(span.start, span.end, name, (span.start_char, span.end_char), cue, label="GPE"))
        own = next((m for m in mentions if m.start < head.end and head.start < m.end and m.start < inside[0]), None)
        if own is None:
            start, cue = _split_leading_kind(doc, head.start, head.end)
            own = Mention(start, head.end, doc[start:head.end].text, (doc[start].idx, head.end_char),
                          cue or (None if bracketed else "city"), label="GPE")
            mentions.append(own)
        own.container, own.outer, own.bracketed = names[0][0], [n for n, _, _ in names[1:]], True
        own.container_tokens = [list(range(sp.start, sp.end)) for _, _, sp in names]
        own.whole = None
    return sorted(mentions, key=lambda m: m.start)


def _runs_on(doc: Doc, tok, end: int) -> bool:
    """The entity holding `tok` goes on past `end` (into the brackets that follow the name)."""
    ent = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
    return ent is not None and ent.end > end


def _holding(container: str, outer: list[str], gaz: Gazetteer) -> list[str]:
    """The longest start of `outer` in which each name lies inside the next ("San Rafael" in "Bulacan")."""
    kept: list[str] = []
    inner = container
    for name in outer:
        readings = gaz.candidates(inner, limit=20)
        if any(e.kind == "country" for e in readings[:1]) or not any(_inside(e, name, gaz) for e in readings):
            break  # nothing holds a country: "Mexico, China, Japan" is a list
        kept.append(name)
        inner = name
    return kept


def _inside_chain(e: Entry, m: Mention, gaz: Gazetteer) -> bool:
    return all(_inside(e, c, gaz) for c in m.chain)


def _fallback(m: Mention, focus: str | None, gaz: Gazetteer) -> Entry | None:
    """A place the gazetteer lacks, named with its containers: the smallest container it has, read
    inside the larger ones (never a namesake abroad). Marks the mention as placed by its container."""
    e = _smallest_container(m, focus, gaz)
    m.fallback = e is not None
    return e


def _smallest_container(m: Mention, focus: str | None, gaz: Gazetteer) -> Entry | None:
    """The smallest container the text names that the gazetteer has a point for."""
    chain = m.chain
    for i, name in enumerate(chain):
        larger = chain[i + 1:]
        found = [e for e in gaz.candidates(name, limit=20)
                 if e.lat is not None and e.kind != "facility" and all(_inside(e, c, gaz) for c in larger)]
        if not larger and focus:
            found = [e for e in found if e.country == focus] or found
        if found:
            order = {"city": 0, "admin2": 1, "admin1": 2, "country": 3}
            return min(found, key=lambda e: (normalize(e.name) != normalize(name), order.get(e.kind, 4),
                                             -(e.population or 0)))
    return None


def _fallback_place(text: str, m: Mention, e: Entry, n: int) -> Place:
    """The place the text names, at its container's point, with the container's precision: a town
    or district holds it (2), a province or country (3)."""
    kind = _KIND_OUT.get(m.kind_cue or "", "city") if m.kind_cue else "city"
    return Place(id=f"p{n}", mention=text[m.span[0]:m.span[1]], spans=[], kind=kind, name=m.text, geonameid=None,
                 country=e.country, admin1=e.admin1_name, admin1_code=e.admin1_iso,
                 admin2=e.admin2_name if e.kind in ("city", "admin2") else None,
                 lat=round(e.lat, 4) if e.lat is not None else None, lon=round(e.lon, 4) if e.lon is not None else None,
                 precision=2 if e.kind in ("city", "admin2") else 3, resolved=True)


_STATE_FORCES = {"army", "soldiers", "soldier", "troops", "military", "forces", "police", "gendarmes", "gendarmerie",
                 "navy", "armed", "security", "defence", "defense", "junta", "authorities", "government"}
_KIND_PRIOR = {"country": 3.0, "admin1": 1.5, "city": 1.0, "admin2": 0.3, "region": 0.8, "facility": 0.0}


def _score(e: Entry, m: Mention, focus: str | None, anchors: list[Entry], counties: _Counties, gaz: Gazetteer) -> float:
    s = math.log10((e.population or 0) + 10) * 0.5 + _KIND_PRIOR.get(e.kind, 0.0)
    name = normalize(m.text)
    own_name = normalize(e.name) == name
    if own_name:
        s += 0.5  # its own name, not an old or foreign one ("Augusta" is not Augsburg)
    elif focus and e.country != focus and e.kind == "city" and \
            any(c.country == focus and normalize(c.name) == name for c in m.candidates):
        s -= 1.5  # a town abroad known by this name only as a variant, one at home by its own ("Mambasa" is not Mombasa)
    if m.kind_cue:
        s += 3.0 if e.kind == m.kind_cue or (m.kind_cue == "city" and e.kind == "city") else -3.0
    if focus and e.country == focus:
        s += 2.0
    if m.container:
        s += 4.0 if _inside_chain(e, m, gaz) else -4.0
    # a name every reading knows only by a variant ("Kostiantynivka" for each Kostyantynivka) is as
    # good as each one's own name for the state the story names
    by_name = own_name or not any(normalize(c.name) == name for c in m.candidates)
    if by_name and e.kind == "city" and e.admin1_code and any(a.kind == "admin1" and a.admin1_code == e.admin1_code
                                                              for a in anchors):
        s += 1.5  # "Gainesville" in a story that names Florida
    if counties.support(e, name):
        s += 2.5  # "Alexandria" in a story that names Rapides Parish, and the parish itself
    if anchors and e.lat is not None:
        near = min((_km(e, a) for a in anchors if a.lat is not None and a.geonameid != e.geonameid), default=None)
        if near is not None:
            s += 1.0 if near < 300 else (0.3 if near < 1000 else 0.0)
    return s


def _inside(e: Entry, container: str, gaz: Gazetteer) -> bool:
    """Does the text's container ("Afghanistan", "Helmand province", "Pa.") hold this reading?"""
    cont = normalize(container)
    if (e.country and gaz.country(e.country) and normalize(gaz.country(e.country).name) == cont) or \
            (e.admin1_name and normalize(e.admin1_name) == cont) or gaz.demonym(container) == e.country:
        return True
    return any(c.country == e.country and (c.kind == "country" or c.admin1_code == e.admin1_code)
               for c in gaz.candidates(container, limit=5))


def _choose(m: Mention, focus: str | None, anchors: list[Entry], counties: _Counties, gaz: Gazetteer,
            margin: float) -> Entry | None:
    if not m.candidates:
        return None
    if m.kind_cue and not any(e.kind == m.kind_cue for e in m.candidates):
        return None  # "Khorasan Province" with only a town of that name on record: unknown, not the town
    scored = sorted(((_score(e, m, focus, anchors, counties, gaz), e) for e in m.candidates), key=lambda x: -x[0])
    best_s, best = scored[0]
    if m.container and not _inside_chain(best, m, gaz):
        return None  # "Jaghatu district, Ghazni province" with only Wardak's Jaghatu on record: not that one
    if (best.kind == "admin2" or best.kind == "city" and (best.population or 0) < 10_000) and focus \
            and best.country != focus and not m.container \
            and not any(a.lat is not None and best.lat is not None and _km(a, best) < 1000 for a in anchors):
        return None  # a hamlet or district abroad, far from every place of the story: a name we do not know
    if focus and best.country != focus and best.kind == "city" and (best.population or 0) < 1_000_000 \
            and normalize(best.name) != normalize(m.text) and not m.container \
            and not any(a.lat is not None and best.lat is not None and _km(a, best) < 1000 for a in anchors):
        return None  # a town abroad known by this name only as a variant ("Dayr" for Dyer, Indiana)
    if m.fuzzy and best.lat is not None and any(a.lat is not None for a in anchors) \
            and not any(a.lat is not None and _km(a, best) < 300 for a in anchors):
        return None  # a spelling guess far from every other place of the story is a guess too far
    if m.label == "FAC" and best.kind == "city" and best.country != focus and \
            not any(a.lat is not None and best.lat is not None and _km(a, best) < 300 for a in anchors):
        return None  # a facility named like a far-off town: the facility is unknown, not the town
    if best.kind == "admin1" and m.kind_cue != "admin1":
        # A nation's capital named like a state is the capital ("Washington"), unless the text says state.
        capital = next((e for _, e in scored if e.feature_code == "PPLC" and e.country == best.country), None)
        if capital is not None:
            return capital
        # A bare "Kunduz" is the town: ACLED codes events to the town unless the text says province.
        # That holds when the town is the province's own (a tenth of its people or more), not for a
        # village that shares a state's name ("California").
        same = [e for _, e in scored if e.kind == "city" and e.admin1_code == best.admin1_code
                and (e.population or 0) >= 0.1 * (best.population or 0)]
        if same:
            return max(same, key=lambda e: e.population or 0)
    # A city and the province it sits in, or its own admin unit, are one reading, not a rival.
    for s, other in scored[1:]:
        if best_s - s >= margin:
            break
        if other.country == best.country and (other.admin1_code == best.admin1_code or
                                               (best.lat is not None and other.lat is not None and _km(best, other) < 161)):
            continue
        return None  # two far-apart readings score alike: honest "unknown"
    return best


def _km(a: Entry, b: Entry) -> float:
    return km(a.lat, a.lon, b.lat, b.lon)


def _to_places(doc: Doc, resolved: list[tuple[Mention, Entry | None]], focus: str | None) -> PlaceIndex:
    places: list[Place] = []
    by_key: dict[tuple, Place] = {}
    by_token: dict[int, str] = {}
    named_in: list[tuple[int, str]] = []
    text = doc.text  # spaCy joins every token to make it: once, not per place
    for m, e in resolved:
        if e is None and m.kind_cue is None and (not m.candidates or (m.text.isupper() and len(m.text) <= 5)):
            continue  # not in the gazetteer and nothing says it is a place ("NATO-backed")
        if e is not None and m.fallback:
            places_fallback = _fallback_place(text, m, e, len(places) + 1)
            key = ("<", normalize(m.text), e.geonameid)
            if key not in by_key:
                by_key[key] = places_fallback
                places.append(places_fallback)
            place = by_key[key]
            place.spans.append(m.span)
            for i in range(m.start, m.end):
                by_token[i] = place.id
            named_in.extend((i, place.id) for tokens in m.container_tokens for i in tokens)
            continue
        kind = _KIND_OUT.get(e.kind, e.kind) if e else _KIND_OUT.get(m.kind_cue or "", "unknown")
        key = (e.geonameid,) if e else ("?", normalize(m.text), kind)
        place = by_key.get(key)
        if place is None:
            place = Place(
                id=f"p{len(places) + 1}", mention=text[m.span[0]:m.span[1]], spans=[], kind=kind,
                name=e.name if e else m.text, geonameid=e.geonameid if e and e.geonameid > 0 else None,
                country=e.country if e else None, admin1=e.admin1_name if e else None,
                admin1_code=e.admin1_iso if e else None, admin2=e.admin2_name if e else None,
                lat=round(e.lat, 4) if e and e.lat is not None else None,
                lon=round(e.lon, 4) if e and e.lon is not None else None,
                precision=(1 if e.kind == "city" else 2 if e.kind == "admin2" else 3) if e else None,
                resolved=e is not None,
            )
            if e is not None and e.lat is None and m.point_from is not None:
                c = m.point_from  # the container's point, and at best the precision of a region's
                place.lat, place.lon, place.precision = round(c.lat, 4), round(c.lon, 4), max(place.precision or 3, 3)
            by_key[key] = place
            places.append(place)
        place.spans.append(m.span)
        if m.inside_name:
            continue  # a place in an organisation's name is no event's place
        for i in range(m.start, m.end):
            by_token[i] = place.id
        if e is not None:
            named_in.extend((i, place.id) for tokens in m.container_tokens for i in tokens)
    # "Toui (Ouesse, Collines)" names Toui, wherever an event's reading looks: its containers' tokens
    # lead to it (the containers stay places of their own, with their own spans)
    by_token.update(named_in)
    return PlaceIndex(places, by_token, focus)


_OUTLET_WORDS = {"times", "post", "daily", "news", "journal", "herald", "tribune", "agency", "press", "gazette",
                 "telegraph", "observer", "chronicle", "star", "guardian", "independent", "standard", "mail", "review"}
_FEATURE_WORDS = {"park", "bay", "lake", "river", "beach", "island", "garden", "gardens", "square", "harbor", "harbour",
                  "valley", "creek", "forest", "mountain", "hill", "zoo"}
_NAMED_TOWN_POPULATION = 100_000


def _inside_names(doc: Doc, gaz: Gazetteer, exclude: set[int], min_population: int) -> list[Mention]:
    """A place that opens an organisation's or a building's name ("the Shreveport Police Department",
    "the Minnesota House", "University of Texas"): a mention of the place among the story's places,
    never where an event happened (its tokens lead nowhere; the events stage reads the name whole)."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "FAC") or any(t.i in exclude for t in ent) or ent[-1].lower_ in _OUTLET_WORDS \
                or ent.label_ == "FAC" and ent[-1].lower_ in _FEATURE_WORDS:
            continue  # "The New York Times" names a newspaper, "Centennial Park" a park of its own
        toks = [t for t in ent if not (t.i == ent.start and t.lower_ == "the")]
        starts = [toks[0].i] if toks else []
        starts += [t.i + 1 for t in toks[:-1] if t.lower_ == "of"]
        for st in starts:
            for n in (3, 2, 1):
                end = st + n
                if end > ent.end or end >= ent.end and st == toks[0].i:
                    continue  # the whole name is no part of it ("Parkers Prairie" read as an ORG)
                words = doc[st:end]
                if not all(t.is_title or t.is_upper for t in words) or any(t.is_punct for t in words):
                    continue
                # a town's name is common enough as a word or a surname ("King Nut", "Center for..."):
                # one word names a town only if it is a big one
                least = _NAMED_TOWN_POPULATION if n == 1 else min_population
                if words.text.lower() in common_capitalised_words():
                    continue
                if any(e.kind in ("country", "admin1") or e.kind == "city" and (e.population or 0) >= least
                       for e in gaz.candidates(words.text, limit=10)):
                    out.append(Mention(st, end, words.text, (words.start_char, words.end_char), label="GPE",
                                       inside_name=True))
                    break
    return out


def _nationalities(doc: Doc, index: PlaceIndex, gaz: Gazetteer, taken: set[int]) -> None:
    """"Russian", "Palestinians", "South Ossetian": a nationality names its country. It is a mention of
    the country among the story's places, never where an event happened (its tokens lead nowhere)."""
    for ent in doc.ents:
        if ent.label_ != "NORP" or any(t.i in taken for t in ent):
            continue
        iso = gaz.demonym(ent.text)
        country = gaz.country(iso) if iso else None
        if country is None or country.lat is None:
            continue
        span = (ent.start_char, ent.end_char)
        place = next((p for p in index.places if p.geonameid == country.geonameid), None)
        if place is None:
            place = Place(id=f"p{len(index.places) + 1}", mention=ent.text, spans=[], kind="country", name=country.name,
                          geonameid=country.geonameid if country.geonameid > 0 else None, country=country.country,
                          lat=round(country.lat, 4), lon=round(country.lon, 4), precision=3, resolved=True)
            index.places.append(place)
        place.spans.append(span)


def _inherit_containers(index: PlaceIndex, resolved: list[tuple[Mention, Entry | None]], gaz: Gazetteer) -> None:
    """"Marjeh district, Helmand province": when the gazetteer knows the district without its
    province, the text supplies the province."""
    for m, e in resolved:
        if (e is not None and e.admin1_name) or not m.container:
            continue
        country = e.country if e is not None else index.focus_country
        cont = next((c for c in gaz.candidates(m.container, country=country) if c.kind == "admin1"), None)
        place = index.place(index.by_token.get(m.start))
        if cont is not None and place is not None and not place.admin1:
            # an unknown district still lies in the province the text names: "Marjeh district, Helmand province"
            place.admin1, place.admin1_code = cont.admin1_name, cont.admin1_iso
            place.country = place.country or cont.country


def add_place(index: PlaceIndex, doc: Doc, span: Span, *, kind: str, country: str | None = None,
              name: str | None = None) -> Place:
    """Register a place that has no toponym of its own: an unnamed town ("another provincial
    capital") stays unresolved; "the capital of X province" is filled in by its caller."""
    s, e = span.start_char, span.end_char
    for p in index.places:
        if p.kind == kind and (s, e) in p.spans:
            return p
    place = Place(id=f"p{len(index.places) + 1}", mention=span.text, spans=[(s, e)], kind=kind, name=name,
                  country=country, resolved=False)
    index.places.append(place)
    return place


def facility_phrases(text: str) -> list[tuple[int, int, str]]:
    """Facility noun phrases ("the main prison building", "the city's airport") by character span."""
    return [(m.start(1), m.end(1), m.group(1)) for m in _FACILITY_RE.finditer(text)]
