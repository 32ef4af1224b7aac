"""The Ray engine: the same per-article function (`engine.extract_batch`) on a Ray cluster.

Ray Data's `map_batches` runs an actor class, so spaCy and the gazetteer load once per worker;
order is preserved, so a Ray ingest writes exactly what a local one writes. A crashed worker is
restarted and its batch retried (Ray Data's actor-pool default); a bad record comes back as an
error string and is skipped by the caller. Connect to a cluster with `address` or RAY_ADDRESS; without one a local Ray starts.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict
from typing import Any, Iterable, Iterator

from .engine import Result, extract_batch
from .model import Article


class _Extractor:
    """One per Ray worker: models are loaded here, once."""

    def __init__(self) -> None:
        from .engine import warm

        warm()

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        articles = [Article(**json.loads(a)) for a in batch["article"]]
        out = extract_batch(articles)
        return {"article": [json.dumps(asdict(a)) for a, _ in out],
                "report": [json.dumps(r) if isinstance(r, dict) else json.dumps({"error": r}) for _, r in out]}


def start_ray(address: str | None = None, num_cpus: int | None = None) -> None:
    import ray

    if ray.is_initialized():
        return
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    address = address or os.environ.get("RAY_ADDRESS")
    if address:
        ray.init(address=address, log_to_driver=False)
    else:
        os.environ.setdefault("RAY_AUTH_MODE", "disabled")
        ray.init(num_cpus=num_cpus, include_dashboard=False, log_to_driver=False,
                 _temp_dir=tempfile.mkdtemp(prefix="frontlines-ray-"))


class RayEngine:
    def __init__(self, address: str | None = None, num_cpus: int | None = None, batch_size: int = 16,
                 concurrency: int | None = None, window: int = 5000) -> None:
        self.address, self.num_cpus, self.batch_size = address, num_cpus, batch_size
        self.concurrency, self.window = concurrency, window

    def run(self, articles: Iterable[Article]) -> Iterator[Result]:
        """Articles go to Ray in windows, so the driver never holds an archive in memory."""
        from .engine import warm

        warm()  # a fresh machine builds the gazetteer and the event model here, once, not in every worker
        start_ray(self.address, self.num_cpus)
        window: list[Article] = []
        for a in articles:
            window.append(a)
            if len(window) >= self.window:
                yield from self._run_window(window)
                window = []
        if window:
            yield from self._run_window(window)

    def _run_window(self, articles: list[Article]) -> Iterator[Result]:
        import ray
        import ray.data

        items = [{"article": json.dumps(asdict(a))} for a in articles]
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True
        blocks = max(1, min(-(-len(items) // self.batch_size), 200))
        workers = min(self.concurrency or max(1, int(ray.cluster_resources().get("CPU", 1))), blocks)
        ds = ray.data.from_items(items, override_num_blocks=blocks)
        # Ray Data restarts a crashed actor and retries its batch by default (max_restarts=-1)
        ds = ds.map_batches(_Extractor, batch_size=self.batch_size, concurrency=workers, num_cpus=1,
                            batch_format="numpy")
        for row in ds.iter_rows():
            report = json.loads(row["report"])
            yield Article(**json.loads(row["article"])), (report["error"] if "error" in report else report)
