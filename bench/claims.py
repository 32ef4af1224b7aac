"""Who said what, on real news: ../shared/eval/real_news (its coded claims; schema in its README).

Output events are matched to coded events as bench/real_news.py matches them. Then, for every coded
claim of a matched event:

- denials: coded `denied` claims, how many the matched output event carries as a denial (from any
  source: attached to the right event), and how many from the coded source;
- stance: for coded claims whose source the output names on the matched event (the names share a
  significant word: "Tareq Arian, Interior Ministry spokesman" and "Tareq Arian"), is the stance the same;
- tolls: coded events that accept several death tolls (sources disagree), whose matched output event
  keeps more than one figure in `fatalities_reported`;
- false sources: sources the output quotes that are not speakers at all (a place, a number, a weapon,
  an abstract noun such as "fighting"), per ten articles, listed with --false.

Development data: never write a rule or an example from its sentences.

    python bench/claims.py [--false]
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import real_news as rn  # noqa: E402

_GENERIC = {"the", "a", "an", "of", "and", "in", "to", "for", "on", "at", "by", "its", "his", "her", "their", "said",
            "unnamed", "to", "afp", "reuters"}
# Nouns that can head a subject but never a speaker: what happened, with what, how many.
_NOT_SPEAKERS = {"fighting", "violence", "attack", "attacks", "clash", "clashes", "war", "conflict", "strike", "strikes",
                 "airstrike", "airstrikes", "bombing", "shelling", "fire", "gunfire", "explosion", "explosions", "blast",
                 "missile", "missiles", "rocket", "rockets", "drone", "drones", "bomb", "bombs", "offensive", "assault",
                 "people", "civilians", "casualties", "deaths", "dead", "toll", "number", "fighters", "situation"}


def _words(s: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", s.lower()) if w not in _GENERIC and len(w) > 1}


def same_source(coded: str, name: str, role: str | None, affiliation: str | None) -> bool:
    return bool(_words(coded) & (_words(name) | _words(role or "") | _words(affiliation or "")))


def not_a_speaker(name: str, place_names: set[str]) -> bool:
    low = name.lower().strip()
    words = re.findall(r"[a-z]+", low)
    if not words:
        return True  # a number
    if low in place_names or low.removeprefix("the ") in place_names:
        return True
    head = words[-1]
    return head in _NOT_SPEAKERS or re.fullmatch(r"[\d,. ]+( and [\d,. ]+)?( people)?", low) is not None


def run(show_false: bool = False, show_denials: bool = False) -> dict:
    import frontlines

    arts, gold = rn.load()
    t = Counter()
    falses: list[tuple[str, str]] = []
    denials: list[str] = []
    for a in arts:
        entry = gold[a["id"]]
        report = frontlines.extract(a["text"], published=a.get("published"), outlet=a.get("outlet"),
                                    id=a["id"], title=a.get("title"))
        outs = rn._outs(a, report)
        golds = rn._golds(entry)
        by_gold = {g.id: (o, e) for o, g in rn.match(outs, golds) for o2, e in zip(outs, report.events) if o2 is o}
        sources = {s.id: s for s in report.sources}
        for cl in entry.get("claims") or []:
            coded = str(cl.get("source", ""))
            stance = cl.get("stance")
            t["claims"] += 1
            t[f"coded {stance}"] += 1
            hit = by_gold.get(cl.get("event"))
            if hit is None:
                if stance == "denied":
                    denials.append(f"  {a['id']} {cl.get('event')}  {coded}: the coded event was not output")
                continue
            _, event = hit
            t["on matched events"] += 1
            named = [c for c in event.claims if c.source in sources
                     and same_source(coded, sources[c.source].name, sources[c.source].role, sources[c.source].affiliation)]
            if stance == "denied":
                t["denials on the right event"] += any(c.stance == "denied" for c in event.claims)
                t["denials from the coded source"] += any(c.stance == "denied" for c in named)
                said = ", ".join(f"{c.stance}:{sources[c.source].name if c.source in sources else 'outlet'}"
                                 for c in event.claims)
                found = "found" if any(c.stance == "denied" for c in event.claims) else "MISSED"
                denials.append(f"  {a['id']} {cl.get('event')}  {coded}: {found} on {event.sub_event_type} [{said}]")
            if named:
                t["source named"] += 1
                t["stance right"] += any(c.stance == stance for c in named)
        for g in golds:
            hit = by_gold.get(g.id)
            if len({f for f in g.fatalities if f}) > 1 and hit is not None:
                t["tolls coded"] += 1
                kept = len({r["fatalities"] for r in hit[1].fatalities_reported}) > 1
                t["tolls kept"] += kept
                denials.append(f"  {a['id']} {g.id}  tolls coded {sorted(set(g.fatalities))}: "
                               f"{'kept' if kept else 'LOST'} {[r['fatalities'] for r in hit[1].fatalities_reported]} "
                               f"(fatalities {hit[1].fatalities})")
        places = {p.mention.lower() for p in report.places} | {(p.name or "").lower() for p in report.places}
        quoted = {c.source for e in report.events for c in e.claims}
        for sid in quoted:
            s = sources.get(sid)
            if s is not None and s.kind != "media" and not_a_speaker(s.name, places):
                falses.append((a["id"], s.name))
    n = len(arts)
    res = {
        "claims coded": t["claims"], "on matched events": t["on matched events"],
        "denials coded": t["coded denied"], "denials on the right event": t["denials on the right event"],
        "denials from the coded source": t["denials from the coded source"],
        "claims whose source is named": t["source named"], "stance right": t["stance right"],
        "false sources": len(falses), "articles": n, "tolls coded": t["tolls coded"], "tolls kept": t["tolls kept"],
    }
    print(f"Claims on real news ({rn.DATA})\n")
    rows = [
        ["denials found on the right event", f"{res['denials on the right event']}/{res['denials coded']}",
         f"{res['denials on the right event'] / max(res['denials coded'], 1):.2f}"],
        ["  ... from the coded source", f"{res['denials from the coded source']}/{res['denials coded']}",
         f"{res['denials from the coded source'] / max(res['denials coded'], 1):.2f}"],
        ["coded claims on matched events", f"{res['on matched events']}/{res['claims coded']}",
         f"{res['on matched events'] / max(res['claims coded'], 1):.2f}"],
        ["  ... whose source the output names", f"{res['claims whose source is named']}/{res['on matched events']}",
         f"{res['claims whose source is named'] / max(res['on matched events'], 1):.2f}"],
        ["stance right on matched claims", f"{res['stance right']}/{res['claims whose source is named']}",
         f"{res['stance right'] / max(res['claims whose source is named'], 1):.2f}"],
        ["matched events coded with several tolls, kept", f"{res['tolls kept']}/{res['tolls coded']}",
         f"{res['tolls kept'] / max(res['tolls coded'], 1):.2f}"],
        ["false sources per 10 articles", f"{res['false sources']} in {n}", f"{10 * res['false sources'] / n:.1f}"],
    ]
    w = max(len(r[0]) for r in rows)
    for r in rows:
        print(f"{r[0].ljust(w)}  {r[1].rjust(9)}  {r[2]}")
    if show_false:
        print("\nSources that are not speakers:")
        for aid, name in falses:
            print(f"  {aid}  {name}")
    if show_denials:
        print("\nCoded denials and tolls:")
        print("\n".join(denials))
    return res


def main() -> int:
    if not (rn.DATA / "articles.jsonl").exists():
        print(f"skipped: {rn.DATA} is absent (the real-news development set lives beside the project)")
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--false", action="store_true", help="list the sources that are not speakers")
    ap.add_argument("--denials", action="store_true", help="list each coded denial and conflicting toll, and what the output made of it")
    args = ap.parse_args()
    run(args.false, args.denials)
    return 0


if __name__ == "__main__":
    sys.exit(main())
