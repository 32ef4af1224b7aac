"""Story-level accuracy on every hand-written story with expectations: tests/stories (also run as
tests) and bench/stories (written independently, in a second format: NAME.txt + NAME.yaml).

Prints per-story results and per-field agreement over the expected events.

    python bench/stories.py
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _stories():
    for path in sorted((ROOT / "tests" / "stories").glob("*.yaml")):
        d = yaml.safe_load(path.read_text(encoding="utf-8"))
        yield path.stem, d["text"], d, d["expect"]
    for path in sorted((ROOT / "bench" / "stories").glob("*.yaml")):
        d = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
        yield "bench/" + path.stem, text, d, d


def _norm(v):
    return v.replace(" the ", " ") if isinstance(v, str) else v


def main() -> None:
    import frontlines

    fields, judged = Counter(), Counter()
    found = total = ok_stories = n = 0
    rows = []
    for name, text, meta, expect in _stories():
        n += 1
        r = frontlines.extract(text, published=str(meta["published"]), outlet=meta.get("outlet")).to_dict()
        places = {p["id"]: p for p in r["places"]}
        problems = []
        wanted = expect.get("events") or []
        if expect.get("no_events") and r["events"]:
            problems.append(f"expected no events, got {[e['sub_event_type'] for e in r['events']]}")
        for want in wanted:
            total += 1
            status = want.get("time_status", "current")
            cands = [e for e in r["events"] if e["sub_event_type"] == want["sub_event_type"] and e["time_status"] == status]
            if not cands:
                problems.append(f"missing {want['sub_event_type']} ({status})")
                continue
            found += 1
            best, best_hits = None, -1
            for e in cands:
                hits = {}
                for k, v in want.items():
                    if k in ("sub_event_type", "time_status", "stance"):
                        continue
                    if k == "place":
                        p = places.get(e["place"]) or {}
                        hits[k] = all(_norm(p.get(kk)) == _norm(vv) for kk, vv in v.items())
                    elif k == "quantities":
                        hits[k] = all(e["quantities"].get(kk) == vv for kk, vv in v.items())
                    elif k == "date":
                        hits[k] = e["date"] == str(v)
                    else:
                        hits[k] = _norm(e.get(k)) == _norm(v)
                if sum(hits.values()) > best_hits:
                    best, best_hits = hits, sum(hits.values())
            for k, v in best.items():
                judged[k] += 1
                fields[k] += v
                if not v:
                    problems.append(f"{want['sub_event_type']}: {k} differs")
        ok_stories += not problems
        rows.append((name, "ok" if not problems else "; ".join(problems)))
    for name, res in rows:
        print(f"{name:<42} {res}")
    print(f"\n{ok_stories}/{n} stories fully right; expected events found (type and status): {found}/{total}")
    print(f"| {'field':<12} | {'agreement':>9} | {'judged':>6} |")
    print(f"|{'-' * 14}|{'-' * 11}|{'-' * 8}|")
    for k in sorted(judged):
        print(f"| {k:<12} | {fields[k] / judged[k]:>8.0%} | {judged[k]:>6} |")


if __name__ == "__main__":
    main()
