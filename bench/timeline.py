"""The control timeline measured three ways, each ingested as a user would (one store per part):

1. feed: real BBC and CNN feed items on Afghanistan, June, July and September 2021
   (../shared/eval/feeds/rss_afghanistan_2021_jun_jul_sep.jsonl, title + description): every
   control state with its evidence, for checking against what is publicly known.
2. real news: the 60 hand-coded articles of ../shared/eval/real_news and their 33 coded control
   entries: an entry is found when a state of the merged timeline lies within 25 km of its place,
   with an accepted holder, its status (held / contested / claimed) and its day (+-1, or a listed
   alternative); a state is unsupported when no coded entry has its place and holder.
3. narratives: retrospectives written for this project about four wars (bench/stories/timeline):
   for each place the first day of each holder against the text (+-1 day; earlier is an error of
   its own), and every state the text does not support (sieges, threats, denials, capitals
   speaking as governments, provinces named for a town, background occupation).

Development data (parts 1 and 2): look at them to see where reading goes wrong; never write a rule
or an example from their sentences.

    python bench/timeline.py [--part feed|real|narratives] [-v]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"
FEED = SHARED / "feeds" / "rss_afghanistan_2021_jun_jul_sep.jsonl"
NARRATIVES = ROOT / "bench" / "stories" / "timeline"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from real_news import DATA as REAL_NEWS, _actor_ok, _fold, _km, load  # noqa: E402


def outlet(feed: str) -> str:
    return "BBC" if "bbc" in feed else "CNN" if "cnn" in feed else feed


def _timeline(records: list[dict], tmp: str, name: str):
    """Ingest the records into a fresh store; return the store and its timeline (every country)."""
    from frontlines.batch import ingest
    from frontlines.engine import LocalEngine
    from frontlines.store import Store
    from frontlines.timeline import build_timeline

    src = Path(tmp) / f"{name}.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    store = Store(Path(tmp) / f"{name}.db")
    summary = ingest([str(src)], store, LocalEngine(2))
    print(f"{name}: read {summary.read}; stored {summary.new}; skipped {summary.skipped}; merged events {summary.events}")
    return store, build_timeline(store.events(include_historical=True))


def _line(s, texts: dict[str, str] | None = None, evidence: bool = False) -> str:
    out = (f"{s.place.get('name')} ({s.place.get('kind')}, {s.place.get('country')}, {s.place.get('admin1')}): "
           f"{s.holder} {s.status} from {s.start} until {s.end or 'now'}")
    if evidence and texts is not None:
        for e in s.evidence:
            a, b = e["span"]
            quote = texts.get(e["article"], "")[a:b].replace("\n", " ")
            out += f"\n      [{e['outlet']} {e['published']}] {e['source']} ({e['stance']}): {quote[:200]}"
    return out


def feed_part(tmp: str, verbose: bool) -> None:
    print("\n## 1. Feed: BBC and CNN items on Afghanistan, 2021\n")
    if not FEED.exists():
        print(f"skipped: {FEED} is absent")
        return
    records = []
    for line in FEED.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        text = f"{item['title'].strip()}. {item.get('description') or ''}".strip()
        records.append({"id": item["link"], "text": text, "published": item["date_published"][:10],
                        "outlet": outlet(item["source_feed"]), "url": item["link"], "title": item["title"]})
    store, states = _timeline(records, tmp, "feed")
    texts = {r[0]: r[1] for r in store.db.execute("SELECT id, text FROM articles")}
    print(f"\n{len(states)} control states ({sum(s.place.get('country') == 'AF' for s in states)} of Afghan places):")
    for s in states:
        print("  " + _line(s, texts, evidence=True))


def _day_ok(start: str | None, entry: dict) -> bool:
    if not start:
        return False
    days = [str(entry["date"])] + [str(d) for d in entry.get("alt_dates") or []]
    got = dt.date.fromisoformat(start)
    return any(abs((got - dt.date.fromisoformat(d)).days) <= 1 for d in days)


def _near(s, entry: dict, km: float = 25.0) -> bool:
    lat, lon = s.place.get("lat"), s.place.get("lon")
    return lat is not None and _km(lat, lon, float(entry["lat"]), float(entry["lon"])) <= km


def _holders(holder: str, entry: dict) -> list[str]:
    """The coded holder and the names the coder accepts for that actor in the same article's events
    ("Fano Militia" is also "Fano" where an event lists both)."""
    names = [holder]
    for e in entry.get("events") or []:
        for side in ("actor1", "actor2"):
            accepted = [n for n in e.get(side) or [] if n]
            if _actor_ok(holder, accepted):
                names += [n for n in accepted if n not in names]
    return names


def real_news_part(tmp: str, verbose: bool) -> None:
    print("\n## 2. Real news: 60 hand-coded articles, 33 control entries\n")
    if not (REAL_NEWS / "gold.yaml").exists():
        print(f"skipped: {REAL_NEWS} is absent")
        return
    arts, gold = load()
    store, states = _timeline([{k: a.get(k) for k in ("id", "text", "published", "outlet", "url", "title")}
                               for a in arts], tmp, "real_news")
    entries = [dict(c, article=a["id"], holders=_holders(c["holder"], gold[a["id"]]))
               for a in arts for c in gold[a["id"]].get("control") or []]
    tally = {"place": 0, "holder": 0, "status": 0, "day": 0, "all": 0}
    rows = []
    for c in entries:
        near = [s for s in states if _near(s, c)]
        holder = [s for s in near if _actor_ok(s.holder, c["holders"])]
        status = [s for s in holder if s.status == c["status"]]
        day = [s for s in holder if _day_ok(s.start, c)]
        full = [s for s in status if _day_ok(s.start, c)]
        for k, v in (("place", near), ("holder", holder), ("status", status), ("day", day), ("all", full)):
            tally[k] += bool(v)
        if not full:
            got = "; ".join(f"{s.place.get('name')} {s.holder} {s.status} {s.start}" for s in near) or "no state near"
            rows.append(f"  missed {c['article']} {c['place']}: {c['holder']} {c['status']} {c['date']}  <- {got}")
    unsupported = [s for s in states if not any(_near(s, c) and _actor_ok(s.holder, c["holders"]) for c in entries)]
    n = len(entries)
    print(f"\n{'entries':>8} {'place':>6} {'holder':>7} {'+status':>8} {'+day':>6} {'all three':>10} "
          f"{'states':>7} {'unsupported':>12} {'per 10 articles':>16}")
    print(f"{n:>8} {tally['place']:>6} {tally['holder']:>7} {tally['status']:>8} {tally['day']:>6} "
          f"{tally['all']:>4} ({tally['all'] / n:.0%}) {len(states):>7} {len(unsupported):>12} "
          f"{10 * len(unsupported) / len(arts):>16.2f}")
    print("(place: a state within 25 km; holder: and an accepted holder; +status / +day: and the coded status / day)")
    if verbose:
        print("\n".join(rows))
        for s in unsupported:
            print("  unsupported " + _line(s))


def _names(x) -> list[str]:
    return [x] if isinstance(x, str) else list(x)


def narratives_part(tmp: str, verbose: bool) -> None:
    print("\n## 3. Narratives written for this project (bench/stories/timeline)\n")
    stories = []
    for path in sorted(NARRATIVES.glob("*.yaml")):
        meta = yaml.safe_load(path.read_text(encoding="utf-8"))
        stories.append((path.stem, meta, path.with_suffix(".txt").read_text(encoding="utf-8")))
    store, states = _timeline([{"id": name, "text": text, "published": str(m["published"]), "outlet": m.get("outlet")}
                               for name, m, text in stories], tmp, "narratives")
    total = {"changes": 0, "on day": 0, "early": 0, "late": 0, "missing": 0, "false": 0}
    print(f"\n{'narrative':<18} {'war':<14} {'changes':>7} {'on day':>6} {'early':>5} {'late':>4} {'missing':>7} {'false states':>12}")
    details = []
    for name, meta, _ in stories:
        countries = {p["country"] for p in meta["places"]}
        mine = [s for s in states if s.place.get("country") in countries and (s.evidence and any(
            e["article"] == name for e in s.evidence))]
        used: set[int] = set()
        t = {k: 0 for k in total}
        for p in meta["places"]:
            names = {_fold(n) for n in p["names"]}
            here = [s for s in mine if _fold(s.place.get("name")) in names and s.place.get("kind") not in ("admin1", "admin2")]
            accepted = [h for want in p["holders"] for h in _names(want["holder"])]
            for want in p["holders"]:
                t["changes"] += 1
                got = [s for s in here if _actor_ok(s.holder, _names(want["holder"]))]
                if not got:
                    t["missing"] += 1
                    details.append(f"  {name}: {p['names'][0]} {_names(want['holder'])[0]} from {want['from']}: missing")
                    continue
                first = min(got, key=lambda s: s.start or "")
                gap = (dt.date.fromisoformat(first.start) - dt.date.fromisoformat(str(want["from"]))).days
                key = "on day" if abs(gap) <= 1 else "early" if gap < 0 else "late"
                t[key] += 1
                if key != "on day":
                    details.append(f"  {name}: {p['names'][0]} {_names(want['holder'])[0]} from {want['from']}: {key}, "
                                   f"{first.start}")
            for s in here:
                if _actor_ok(s.holder, accepted):
                    used.add(id(s))
        false = [s for s in mine if id(s) not in used]
        t["false"] = len(false)
        details += [f"  {name}: false state {_line(s)}" for s in false]
        for k in total:
            total[k] += t[k]
        print(f"{name:<18} {meta.get('war', ''):<14} {t['changes']:>7} {t['on day']:>6} {t['early']:>5} {t['late']:>4} "
              f"{t['missing']:>7} {t['false']:>12}")
    print(f"{'ALL':<18} {'':<14} {total['changes']:>7} {total['on day']:>6} {total['early']:>5} {total['late']:>4} "
          f"{total['missing']:>7} {total['false']:>12}")
    print("\n".join(details) if verbose else f"({len(details)} problems; -v lists them)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--part", choices=("feed", "real", "narratives"), action="append")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    parts = args.part or ["feed", "real", "narratives"]
    with tempfile.TemporaryDirectory() as tmp:
        if "feed" in parts:
            feed_part(tmp, args.verbose)
        if "real" in parts:
            real_news_part(tmp, args.verbose)
        if "narratives" in parts:
            narratives_part(tmp, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
