"""Short reports in ACLED's note style from ten countries (bench/stories/notes/acled_notes.yaml,
written for this project), each read twice: without a country hint and with one. A note is placed
when the place of its event (else the first place it names) lies within 25 km of its coded place or
of one of the containers the note names, as the gazetteer has them, in the coded country.

    python bench/notes.py              # the notes the rules were developed on, then the held-out ones
"""
from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTES = ROOT / "bench" / "stories" / "notes" / "acled_notes.yaml"
HELD_OUT = ROOT / "bench" / "stories" / "notes" / "acled_notes_heldout.yaml"
KM = 25.0


def references(gaz, note: dict) -> list[tuple[float, float]]:
    """The points of the coded place and of its named containers, in the note's country."""
    points = []
    for name in [note["place"], *note.get("containers", [])]:
        for e in gaz.candidates(name, country=note["country"], limit=10):
            if e.lat is not None:
                points.append((e.lat, e.lon))
    return points


def placed(report, note: dict, refs: list[tuple[float, float]]) -> tuple[bool, str]:
    from frontlines.geo import km

    places = {p.id: p for p in report.places}
    ev = next((e for e in report.events if e.place in places), None)
    p = places[ev.place] if ev else next((q for q in report.places if q.kind != "country"), None)
    if p is None or p.lat is None:
        return False, "no place" if p is None else f"{p.name} unresolved"
    d = min((km(p.lat, p.lon, a, b) for a, b in refs), default=float("inf"))
    ok = p.country == note["country"] and d <= KM
    return ok, f"{p.name} ({p.country}, {p.kind}, precision {p.precision}, {d:.0f} km)"


def run(path: Path) -> dict:
    import frontlines
    from frontlines.nlp import gazetteer

    gaz = gazetteer()
    notes = yaml.safe_load(path.read_text(encoding="utf-8"))
    by_country: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    misses = []
    for note in notes:
        refs = references(gaz, note)
        row = by_country[note["country"]]
        row[0] += 1
        for col, hint in ((1, None), (2, note["country"])):
            ok, got = placed(frontlines.extract(note["text"], country=hint), note, refs)
            row[col] += ok
            if not ok:
                misses.append((note["country"], "hint" if hint else "no hint", note["place"], got))
    print(f"\n{path.name}:\n| country | notes | placed within {KM:.0f} km, no hint | with --country |")
    print("|---|---|---|---|")
    for c, (n, a, b) in sorted(by_country.items()):
        print(f"| {c} | {n} | {a} | {b} |")
    n = sum(r[0] for r in by_country.values())
    a = sum(r[1] for r in by_country.values())
    b = sum(r[2] for r in by_country.values())
    print(f"| all ({len(by_country)} countries) | {n} | {a} ({a / n:.0%}) | {b} ({b / n:.0%}) |")
    if misses and "--quiet" not in sys.argv:
        print("\nmissed:")
        for m in misses:
            print("  ", " | ".join(m))
    return {"notes": n, "no_hint": a / n, "hint": b / n}


def main() -> list[dict]:
    return [run(NOTES), run(HELD_OUT)]


if __name__ == "__main__":
    main()
