"""The dashboard server under load: a store of about 10,000 merged events (generated articles,
ingested for real), `frontlines serve` in its own process, and bursts of 200 concurrent requests from
another process: a page of 100 events (unfiltered and by country), control on a date, one event.
Prints latency percentiles per burst and the server's memory.

    python bench/web_load.py [--articles 7600] [--db store.db] [--bursts 5]

--db reuses (or keeps) the store, so that repeated runs skip the ingest.
"""
from __future__ import annotations

import argparse
import asyncio
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import write  # noqa: E402


def _store(db: Path, articles: int) -> None:
    from frontlines.batch import ingest
    from frontlines.engine import LocalEngine
    from frontlines.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        src = write(Path(tmp) / "gen.jsonl", articles, seed=11)
        t0 = time.perf_counter()
        store = Store(db)
        s = ingest([str(src)], store, LocalEngine(2))
        store.close()
        print(f"store: {articles} articles -> {s.events} merged events in {time.perf_counter() - t0:.0f} s")


def _memory(pid: int) -> dict[str, int]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) // 1024
    return fields


async def _get(host: str, port: int, path: str) -> tuple[float, int]:
    """One GET on its own connection, timed to the last byte of the body. A bare asyncio client:
    httpx would spend more CPU per request than the server does, and measure itself."""
    t0 = time.perf_counter()
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept-Encoding: gzip\r\n"
                 f"Connection: close\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                   if line.lower().startswith(b"content-length:")), None)
    await (reader.readexactly(length) if length is not None else reader.read())
    writer.close()
    return time.perf_counter() - t0, status


async def _burst(base: str, paths: list[str]) -> tuple[list[float], int]:
    host, port = base.removeprefix("http://").split(":")
    results = await asyncio.gather(*(_get(host, int(port), p) for p in paths))
    return [t for t, _ in results], sum(1 for _, code in results if code != 200)


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=7600)
    ap.add_argument("--db", type=Path, default=None)
    ap.add_argument("--bursts", type=int, default=5)
    ap.add_argument("--concurrency", type=int, default=200)
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    db = args.db or Path(tmp.name) / "load.db"
    if not db.exists():
        _store(db, args.articles)
    from frontlines.store import Store

    store = Store(db, readonly=True)
    events = store.events(include_historical=True)
    store.close()
    print(f"store: {len(events)} merged events in {db}")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    t0 = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "frontlines.cli", "serve", "--db", str(db), "--port", str(port)],
                              stderr=subprocess.PIPE, text=True)
    server.stderr.readline()  # "frontlines dashboard on ..." once the app (and its cache) is built
    base = f"http://127.0.0.1:{port}"
    import httpx

    for _ in range(200):
        try:
            httpx.get(base + "/api/meta", timeout=5)
            break
        except httpx.TransportError:
            time.sleep(0.05)
    print(f"server ready in {time.perf_counter() - t0:.1f} s, memory {_memory(server.pid)} MB")
    rng = random.Random(1)
    ids = [e["id"] for e in events]
    countries = sorted({(e.get("place") or {}).get("country") for e in events} - {None})
    n = args.concurrency
    kinds = {
        "events, page of 100": lambda: f"/api/events?limit=100&offset={rng.randrange(0, max(1, len(events) - 100))}",
        "events of a country, page of 100": lambda: f"/api/events?country={rng.choice(countries)}&limit=100",
        "control on a date": lambda: f"/api/control?on=2022-{rng.randrange(1, 13):02d}-15&country={rng.choice(countries)}",
        "one event": lambda: f"/api/events/{rng.choice(ids)}",
        "mixed (the four above)": None,
    }
    print(f"\n| {n} concurrent requests, {args.bursts} bursts | p50 ms | p95 ms | max ms | requests/s | non-200 |")
    print("|---|---|---|---|---|---|")
    makers = [k for k in kinds.values() if k is not None]
    for name, make in kinds.items():
        times, bad, wall = [], 0, 0.0
        for _ in range(args.bursts):
            paths = [(make or rng.choice(makers))() for _ in range(n)]
            t0 = time.perf_counter()
            got, errors = asyncio.run(_burst(base, paths))
            wall += time.perf_counter() - t0
            times += got
            bad += errors
        print(f"| {name} | {statistics.median(times) * 1000:.0f} | {_pct(times, 0.95) * 1000:.0f} | "
              f"{max(times) * 1000:.0f} | {len(times) / wall:.0f} | {bad} |")
    mem = _memory(server.pid)
    print(f"\nserver memory after the bursts: RSS {mem['VmRSS']} MB, peak {mem['VmHWM']} MB")
    server.terminate()
    server.wait(timeout=10)
    tmp.cleanup()


if __name__ == "__main__":
    main()
