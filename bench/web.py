"""Dashboard at scale: a store of about 10,000 merged events (generated articles ingested for
real), the API's control-on-date query for a country (cold and warm), and the page in chromium
with every event drawn: time to first picture and time to replay one slider step.

    python bench/web.py [--articles 12000]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import write  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=12000)
    args = ap.parse_args()
    from fastapi.testclient import TestClient

    from frontlines.batch import ingest
    from frontlines.engine import LocalEngine
    from frontlines.store import Store
    from frontlines.web.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        src = write(Path(tmp) / "gen.jsonl", args.articles, seed=11)
        db = Path(tmp) / "big.db"
        t0 = time.perf_counter()
        s = ingest([str(src)], Store(db), LocalEngine(2))
        print(f"store: {args.articles} articles -> {s.events} merged events in {time.perf_counter() - t0:.0f} s")
        client = TestClient(create_app(str(db)), base_url="http://127.0.0.1")  # the server answers loopback Host names only
        t0 = time.perf_counter()
        client.get("/api/control", params={"on": "2022-06-01", "country": "AF"})
        cold = time.perf_counter() - t0
        warm = []
        for day in ("2021-06-01", "2022-01-15", "2022-06-01", "2023-03-10", "2024-02-01"):
            for country in ("AF", "SD", "ML"):
                t0 = time.perf_counter()
                r = client.get("/api/control", params={"on": day, "country": country})
                warm.append(time.perf_counter() - t0)
                assert r.status_code == 200
        print(f"| query | ms |\n|---|---|\n| control on a date, first request (builds the cache) | {cold * 1000:.0f} |")
        print(f"| control on a date, warm, median of {len(warm)} | {statistics.median(warm) * 1000:.1f} |")
        print(f"| control on a date, warm, worst | {max(warm) * 1000:.1f} |")
        _page(db)


def _page(db: Path) -> None:
    chromium = "/usr/bin/chromium"
    if not Path(chromium).exists():
        print("page: skipped (no /usr/bin/chromium)")
        return
    import socket

    import uvicorn
    from playwright.sync_api import sync_playwright

    from frontlines.web.app import create_app
    with socket.socket() as sk:
        sk.bind(("127.0.0.1", 0))
        port = sk.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=srv.run, daemon=True).start()
    while not srv.started:
        time.sleep(0.05)
    flags = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=flags)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        t0 = time.perf_counter()
        page.goto(f"http://127.0.0.1:{port}/")
        page.wait_for_selector("body[data-ready='1']", timeout=120000)
        ready = time.perf_counter() - t0
        markers = page.evaluate("window.frontlines.eventLayer.getLayers().length")
        step = page.evaluate("""() => { const s = document.getElementById('slider'); const t = performance.now();
            s.value = Math.floor(s.max / 2); s.dispatchEvent(new Event('input')); return performance.now() - t; }""")
        back = page.evaluate("""() => { const s = document.getElementById('slider'); const t = performance.now();
            s.value = s.max; s.dispatchEvent(new Event('input')); return performance.now() - t; }""")
        browser.close()
    srv.should_exit = True
    print(f"page: ready in {ready:.1f} s with {markers} event markers (canvas); one slider step redraws in "
          f"{step:.0f} ms (half the range) and {back:.0f} ms (all events)")


if __name__ == "__main__":
    main()
