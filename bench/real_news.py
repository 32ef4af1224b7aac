"""Events on real news: ../shared/eval/real_news (60 real articles from fifteen wars, coded by hand
from the text alone; schema and conventions in its README).

Each article is extracted as a user would (text, published date, outlet, title). Output events are
matched one-to-one to the coded events of the same article: a pair may match when it shares the
ACLED event type (the family) or the same place and date; among those, pairs that agree on more
fields match first. Then:

- events precision / recall / F1 over current events. Coded events marked optional (one-line
  mentions, captions, folded sub-events, all historical background) count neither as a miss nor,
  when matched, as a false event. Output events tagged `historical` or `future` are kept apart: they
  are never counted as current events, and are reported in their own columns.
- per-field accuracy on matched pairs: sub-event type, actor1, actor2, place (within 25 km; 50 km
  where the coder placed the event near a town, precision 2; the same admin1 or 25 km where the coder
  placed it at region level, precision 3), date, fatalities.
- precision by confidence: is an event above the default threshold right 90% of the time?
- every false current event with the sentence that made it (`--false` prints them).

Development data: look at it to see where reading goes wrong; never write a rule or an example from
its sentences.

    python bench/real_news.py [--false] [--missed] [--fields] [--min-confidence X]
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "eval" / "real_news"
CURRENT = {"current", "ongoing"}


@dataclass
class Out:
    """One output event, flattened for scoring."""

    article: str
    sub_event_type: str | None
    event_type: str | None
    actor1: str | None
    actor2: str | None
    lat: float | None
    lon: float | None
    admin1: str | None
    place_name: str | None
    date: str | None
    fatalities: int | None
    time_status: str
    confidence: float
    sentence: str
    retold: bool = False


@dataclass
class Gold:
    article: str
    id: str
    types: list[str]
    actor1: list[str]
    actor2: list[str | None] | None
    place: dict | None
    dates: list[str]
    fatalities: list[int]
    historical: bool
    optional: bool


@dataclass
class Tally:
    tp: int = 0  # current outputs matched to a required current coded event
    fp: int = 0  # current outputs matched to nothing
    neutral: int = 0  # current outputs matched to an optional coded event
    fn: int = 0  # required current coded events nobody matched
    hist_out: int = 0  # outputs tagged historical
    hist_ok: int = 0  # ... of which matched a coded historical event
    future_out: int = 0
    cur_as_hist: int = 0  # current outputs matched to a coded historical event
    retold: int = 0  # false current outputs of the family of a matched output of their article
    fields: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))

    def add(self, other: "Tally") -> None:
        for k in ("tp", "fp", "neutral", "fn", "hist_out", "hist_ok", "future_out", "cur_as_hist", "retold"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        for k, (a, b) in other.fields.items():
            self.fields[k][0] += a
            self.fields[k][1] += b

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _norm_actor(name: str | None) -> str | None:
    if not name:
        return None
    name = re.sub(r"\s*\(\d{4}-(\d{4})?\)", "", name)  # ACLED's date suffix
    return re.sub(r"\s+", " ", name).strip().lower()


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def _fold(s: str | None) -> str:
    import unicodedata

    s = unicodedata.normalize("NFKD", s or "")
    return re.sub(r"[^a-z]", "", "".join(c for c in s if not unicodedata.combining(c)).lower())


def place_ok(o: Out, g: Gold) -> bool | None:
    """None when the coder names no place (not scored)."""
    p = g.place
    if not p:
        return None
    if o.lat is None:
        return False
    d = _km(o.lat, o.lon, float(p["lat"]), float(p["lon"]))
    precision = int(p.get("precision") or 1)
    if precision == 1:
        return d <= 25
    if precision == 2:
        return d <= 50
    return d <= 25 or (bool(p.get("admin1")) and _fold(p.get("admin1")) == _fold(o.admin1))


def _accepted(names: list[str | None] | None) -> set[str | None]:
    """Every form of the coded names: "MNDAA: Myanmar National Democratic Alliance Army" accepts the
    short form, the long form and both; hyphens and spaces are one ("al-Sham", "al Sham")."""
    if names is None:
        return {None}
    out: set[str | None] = set()
    for n in names:
        norm = _norm_actor(n)
        if norm is None:
            out.add(None)
            continue
        forms = {norm, *(part.strip() for part in norm.split(":", 1))} if ":" in norm else {norm}
        out |= {f.replace("-", " ") for f in forms}
    return out


def _actor_ok(out: str | None, names: list[str | None] | None) -> bool:
    norm = _norm_actor(out)
    return (norm.replace("-", " ") if norm else None) in _accepted(names)


def field_scores(o: Out, g: Gold) -> dict[str, bool]:
    s: dict[str, bool] = {"sub-event type": o.sub_event_type in g.types}
    s["actor1"] = _actor_ok(o.actor1, g.actor1)
    s["actor2"] = _actor_ok(o.actor2, g.actor2)
    pl = place_ok(o, g)
    if pl is not None:
        s["place"] = pl
    if g.dates:
        s["date"] = o.date in g.dates
    s["fatalities"] = (o.fatalities or 0) in g.fatalities
    return s


def _family(sub_event_type: str | None) -> str | None:
    from frontlines.lexicons import ACLED_TYPES

    return ACLED_TYPES.get(sub_event_type or "")


def _pair_score(o: Out, g: Gold) -> float | None:
    """How well an output fits a coded event; None when they may not match at all."""
    s = field_scores(o, g)
    same_family = o.event_type in {_family(t) for t in g.types}
    same_place_day = s.get("place", False) and s.get("date", not g.dates)
    if not (same_family or same_place_day):
        return None
    return (3 * s["sub-event type"] + 2 * same_family + 2 * s.get("place", False) + s.get("date", False)
            + s["actor1"] + 0.5 * s["actor2"] + 0.25 * s["fatalities"] + 0.01 * o.confidence)


def match(outs: list[Out], golds: list[Gold]) -> list[tuple[Out, Gold]]:
    """Greedy one-to-one matching, best-fitting pairs first."""
    cands = []
    for i, o in enumerate(outs):
        for j, g in enumerate(golds):
            sc = _pair_score(o, g)
            if sc is not None:
                # an output of the coder's own time status fits better than one of the other status
                sc += 1.0 if (o.time_status == "historical") == g.historical else 0.0
                cands.append((sc, i, j))
    cands.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_o, used_g, pairs = set(), set(), []
    for _, i, j in cands:
        if i in used_o or j in used_g:
            continue
        used_o.add(i)
        used_g.add(j)
        pairs.append((outs[i], golds[j]))
    return pairs


def load() -> tuple[list[dict], dict[str, dict]]:
    arts = [json.loads(line) for line in (DATA / "articles.jsonl").open(encoding="utf-8") if line.strip()]
    gold = {g["id"]: g for g in yaml.safe_load((DATA / "gold.yaml").read_text(encoding="utf-8"))}
    return arts, gold


def _golds(entry: dict) -> list[Gold]:
    out = []
    for e in entry.get("events") or []:
        out.append(Gold(
            article=entry["id"], id=e["id"], types=list(e["types"]), actor1=list(e.get("actor1") or []),
            actor2=e.get("actor2"), place=e.get("place"), dates=[str(d) for d in e.get("dates") or []],
            fatalities=[int(x) for x in (e.get("fatalities") or [0])],
            historical=e.get("time_status") == "historical", optional=bool(e.get("optional")) or e.get("time_status") == "historical",
        ))
    return out


def _outs(article: dict, report) -> list[Out]:
    from frontlines.lexicons import ACLED_TYPES

    places = {p.id: p for p in report.places}
    text = article["text"]
    outs = []
    for e in report.events:
        p = places.get(e.place) if e.place else None
        start, end = e.evidence[0] if e.evidence else (0, 0)
        outs.append(Out(
            article=article["id"], sub_event_type=e.sub_event_type,
            event_type=e.event_type or ACLED_TYPES.get(e.sub_event_type or ""),
            actor1=e.actor1, actor2=e.actor2,
            lat=p.lat if p and p.resolved else None, lon=p.lon if p and p.resolved else None,
            admin1=p.admin1 if p else None, place_name=(p.name or p.mention) if p else None,
            date=e.date, fatalities=e.fatalities, time_status=e.time_status, confidence=e.confidence,
            sentence=" ".join(text[start:end].split()),
        ))
    return outs


def score_article(outs: list[Out], golds: list[Gold], min_conf: float) -> tuple[Tally, list, list, list, list]:
    """The article's tally, its false current events, its missed coded events, (confidence, right)
    for every current output (for the calibration table), and the wrong fields of matched pairs."""
    t = Tally()
    kept = [o for o in outs if o.confidence >= min_conf]
    t.hist_out = sum(o.time_status == "historical" for o in kept)
    t.future_out = sum(o.time_status not in CURRENT and o.time_status != "historical" for o in kept)
    pairs = match(kept, golds)
    matched_o = {id(o): g for o, g in pairs}
    matched_g = {id(g) for _, g in pairs}
    false, calib = [], []
    told = [o for o, g in pairs if o.time_status in CURRENT]
    for o in kept:
        g = matched_o.get(id(o))
        if o.time_status == "historical":
            t.hist_ok += bool(g and g.historical)
            continue
        if o.time_status not in CURRENT:
            continue
        if g is None:
            t.fp += 1
            # a retelling: another output of this article, matched to a coded event, is of its family
            o.retold = any(m.event_type == o.event_type for m in told)
            t.retold += o.retold
            false.append(o)
            calib.append((o.confidence, False))
        elif g.optional:
            t.neutral += 1
            t.cur_as_hist += g.historical
        else:
            t.tp += 1
            calib.append((o.confidence, True))
    for o, g in pairs:
        if o.time_status == "historical" and not g.historical:
            continue
        for k, ok in field_scores(o, g).items():
            t.fields[k][0] += ok
            t.fields[k][1] += 1
    errors = [(o, g, [k for k, ok in field_scores(o, g).items() if not ok]) for o, g in pairs]
    missed = [g for g in golds if not g.optional and id(g) not in matched_g]
    t.fn = len(missed)
    return t, false, missed, calib, errors


FIELDS = ["sub-event type", "actor1", "actor2", "place", "date", "fatalities"]


def _row(name: str, n: int, t: Tally) -> list[str]:
    p, r, f = t.prf()
    cells = [name, str(n), str(t.tp + t.fp + t.neutral), str(t.tp), str(t.fp), str(t.fn),
             f"{p:.2f}", f"{r:.2f}", f"{f:.2f}"]
    for k in FIELDS:
        a, b = t.fields.get(k, (0, 0))
        cells.append(f"{a / b:.2f}" if b else "-")
    cells += [str(t.retold), f"{t.hist_ok}/{t.hist_out}", str(t.cur_as_hist), str(t.future_out)]
    return cells


def _table(rows: list[list[str]], head: list[str]) -> str:
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
    line = lambda r: "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths)))
    return "\n".join([line(head), "  ".join("-" * w for w in widths)] + [line(r) for r in rows])


@dataclass
class Result:
    by_war: dict
    n_war: dict
    total: Tally
    falses: list
    misses: list
    calib: list
    errors: list
    articles: int


def collect(min_conf: float = 0.0) -> Result:
    """Extract every article and score it against its coded events."""
    import frontlines

    arts, gold = load()
    res = Result(defaultdict(Tally), defaultdict(int), Tally(), [], [], [], [], len(arts))
    for a in arts:
        entry = gold[a["id"]]
        report = frontlines.extract(a["text"], published=a.get("published"), outlet=a.get("outlet"),
                                    id=a["id"], title=a.get("title"))
        t, false, missed, cal, errs = score_article(_outs(a, report), _golds(entry), min_conf)
        res.by_war[entry["war"]].add(t)
        res.n_war[entry["war"]] += 1
        res.total.add(t)
        res.falses += false
        res.misses += missed
        res.calib += cal
        res.errors += errs
    return res


def evaluate(min_conf: float = 0.0) -> dict[str, float]:
    """The overall figures, for the accuracy gate (tests/eval_floors.json)."""
    t = collect(min_conf).total
    p, r, f = t.prf()
    out = {"precision": p, "recall": r, "f1": f}
    for k in ("sub-event type", "actor1", "place"):
        a, b = t.fields.get(k, (0, 0))
        out[k.replace("sub-event ", "")] = a / b if b else 0.0
    return out


def digest() -> str:
    import hashlib

    h = hashlib.sha256()
    for name in ("articles.jsonl", "gold.yaml"):
        h.update((DATA / name).read_bytes())
    return h.hexdigest()[:16]


def run(min_conf: float = 0.0, show_false: bool = False, show_missed: bool = False, show_fields: bool = False) -> Tally:
    res = collect(min_conf)
    by_war, n_war, total = res.by_war, res.n_war, res.total
    falses, misses, calib, errors = res.falses, res.misses, res.calib, res.errors
    arts = range(res.articles)
    head = ["war", "arts", "out", "TP", "FP", "FN", "P", "R", "F1"] + [
        "type", "actor1", "actor2", "place", "date", "deaths"] + ["FP retold", "hist ok/out", "cur~hist", "future"]
    rows = [_row(w, n_war[w], by_war[w]) for w in sorted(by_war)]
    rows.append(_row("ALL", len(arts), total))
    print(f"Events on real news ({DATA}), current events, min confidence {min_conf}")
    print("out = current events output; TP/FP/FN against required coded events (optional ones are neutral);")
    print("fields on matched pairs; FP retold = false events of the family of a matched event of their article;")
    print("hist ok/out = historical outputs matching coded background;")
    print("cur~hist = current outputs matched to coded background; future = outputs tagged future.\n")
    print(_table(rows, head))
    print("\nPrecision by confidence (current outputs that are not neutral):")
    bins = [(0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01)]
    crow = []
    for lo, hi in bins:
        sel = [ok for c, ok in calib if lo <= c < hi]
        above = [ok for c, ok in calib if c >= lo]
        crow.append([f"[{lo:.1f}, {min(hi, 1.0):.1f})", str(len(sel)), f"{sum(sel) / len(sel):.2f}" if sel else "-",
                     str(len(above)), f"{sum(above) / len(above):.2f}" if above else "-"])
    print(_table(crow, ["confidence", "n", "precision", "n >= lo", "precision >= lo"]))
    if show_false:
        print(f"\nFalse current events ({len(falses)}):")
        for o in falses:
            print(f"  {o.article} {'R' if o.retold else ' '} {o.sub_event_type} | {o.actor1} | {o.actor2} | {o.place_name} | {o.date}"
                  f" | conf {o.confidence:.2f}\n      {o.sentence[:220]}")
    if show_missed:
        print(f"\nMissed required events ({len(misses)}):")
        for g in misses:
            pl = (g.place or {}).get("name")
            print(f"  {g.article} {g.id}  {g.types[0]} | {g.actor1[:1]} | {pl} | {g.dates[:2]}")
    if show_fields:
        print("\nWrong fields on matched pairs (output | coded):")
        for o, g, wrong in errors:
            if not wrong:
                continue
            shown = {"sub-event type": (o.sub_event_type, g.types[:2]), "actor1": (o.actor1, g.actor1[:2]),
                     "actor2": (o.actor2, (g.actor2 or [None])[:2]), "place": (o.place_name, (g.place or {}).get("name")),
                     "date": (o.date, g.dates[:2]), "fatalities": (o.fatalities, g.fatalities)}
            print(f"  {o.article} {g.id}: " + "; ".join(f"{k} {shown[k][0]} | {shown[k][1]}" for k in wrong))
            print(f"      {o.sentence[:200]}")
    return total


def main() -> int:
    if not (DATA / "articles.jsonl").exists():
        print(f"skipped: {DATA} is absent (the real-news development set lives beside the project)")
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--false", action="store_true", help="list false current events with their sentence")
    ap.add_argument("--missed", action="store_true", help="list missed required events")
    ap.add_argument("--fields", action="store_true", help="list the wrong fields of matched pairs")
    ap.add_argument("--min-confidence", type=float, default=0.0)
    args = ap.parse_args()
    run(args.min_confidence, args.false, args.missed, args.fields)
    return 0


if __name__ == "__main__":
    sys.exit(main())
