"""The control timeline of Afghan places from real BBC and CNN feed items (June, July and
September 2021): ../shared/eval/feeds/rss_afghanistan_2021_jun_jul_sep.jsonl.

Each item becomes an article: title + description, outlet from its feed, date from date_published.
Prints every control state with its evidence, for checking against what is publicly known.

    python bench/timeline.py
"""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FEED = ROOT.parent / "shared" / "eval" / "feeds" / "rss_afghanistan_2021_jun_jul_sep.jsonl"


def outlet(feed: str) -> str:
    return "BBC" if "bbc" in feed else "CNN" if "cnn" in feed else feed


def main() -> None:
    if not FEED.exists():
        print(f"skipped: {FEED} is absent")
        return
    from frontlines.batch import ingest
    from frontlines.engine import LocalEngine
    from frontlines.store import Store
    from frontlines.timeline import build_timeline

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "feed.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for line in FEED.read_text(encoding="utf-8").splitlines():
                item = json.loads(line)
                text = f"{item['title'].strip()}. {item.get('description') or ''}".strip()
                fh.write(json.dumps({"id": item["link"], "text": text, "published": item["date_published"][:10],
                                     "outlet": outlet(item["source_feed"]), "url": item["link"],
                                     "title": item["title"]}) + "\n")
        store = Store(Path(tmp) / "feed.db")
        summary = ingest([str(src)], store, LocalEngine(2))
        print(f"feed items: {summary.read}; stored {summary.new}; duplicates {summary.duplicate}; skipped "
              f"{summary.skipped} {dict(summary.reasons)}; merged events {summary.events}")
        events = store.events(include_historical=True)
        texts = {r[0]: r[1] for r in store.db.execute("SELECT id, text FROM articles")}
        states = [s for s in build_timeline(events) if s.place.get("country") == "AF"]
        print(f"\n{len(states)} control states for Afghan places:\n")
        for s in states:
            print(f"{s.place['name']} ({s.place['kind']}, {s.place.get('admin1')}): {s.holder} {s.status} "
                  f"from {s.start} until {s.end or 'now'}")
            for e in s.evidence:
                a, b = e["span"]
                quote = texts.get(e["article"], "")[a:b].replace("\n", " ")
                print(f"    [{e['outlet']} {e['published']}] {e['source']} ({e['stance']}): {quote[:200]}")
        terr = [e for e in events if e["sub_event_type"] in ("Non-state actor overtakes territory",
                                                             "Government regains territory",
                                                             "Non-violent transfer of territory")]
        print(f"\nterritorial events: {len(terr)} (current, all countries)")
        for e in terr:
            p = e.get("place") or {}
            print(f"  {e['date']} {e['sub_event_type']}: {e['actor1']} at {p.get('name')} ({p.get('country')}) "
                  f"resolved={p.get('resolved')} [{', '.join(e['outlets'])}]")


if __name__ == "__main__":
    sys.exit(main())
