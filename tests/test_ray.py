"""The Ray engine gives exactly what the local engine gives, in the store and in Parquet shards."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ray = pytest.importorskip("ray", reason="the Ray engine needs the extra frontlines[ray]")

from frontlines.batch import ingest  # noqa: E402
from frontlines.batch_shards import run_batch  # noqa: E402
from frontlines.engine import LocalEngine  # noqa: E402
from frontlines.ray_engine import RayEngine, start_ray  # noqa: E402
from frontlines.store import Store  # noqa: E402

CORPUS = Path(__file__).parent / "merge_corpus" / "stories.jsonl"


@pytest.fixture(scope="module", autouse=True)
def local_ray():
    os.environ["RAY_AUTH_MODE"] = "disabled"
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    start_ray(num_cpus=2)
    yield
    ray.shutdown()


def test_store_is_identical_across_engines(tmp_path):
    local = Store(tmp_path / "local.db")
    ingest([str(CORPUS)], local, LocalEngine(1))
    distributed = Store(tmp_path / "ray.db")
    s = ingest([str(CORPUS)], distributed, RayEngine(batch_size=8))
    assert s.new == 30
    a, b = local.dump(), distributed.dump()
    assert a["mentions"] == b["mentions"] and a["events"] == b["events"] and a["members"] == b["members"]


def test_parquet_shards_identical_and_idempotent(tmp_path):
    import pyarrow.parquet as pq

    out_local, out_ray = tmp_path / "local", tmp_path / "ray"
    s1 = run_batch([str(CORPUS)], out_local, LocalEngine(1), shard_size=12)
    s2 = run_batch([str(CORPUS)], out_ray, RayEngine(batch_size=8), shard_size=12)
    assert s1.shards_done == s2.shards_done == 3 and s1.articles == s2.articles == 30
    for kind in ("reports", "events"):
        for f in sorted((out_local / kind).glob("*.parquet")):
            assert pq.read_table(f).equals(pq.read_table(out_ray / kind / f.name)), f.name
    again = run_batch([str(CORPUS)], out_ray, RayEngine(batch_size=8), shard_size=12)
    assert again.shards_done == 0 and again.shards_skipped == 3
    assert not list(out_ray.rglob("*.tmp"))


def test_bad_records_are_skipped_on_ray(tmp_path):
    src = tmp_path / "mixed.jsonl"
    good = CORPUS.read_text(encoding="utf-8").splitlines()[0]
    src.write_text("\n".join([good, "{broken", '{"id": "empty", "text": ""}']), encoding="utf-8")
    s = run_batch([str(src)], tmp_path / "out", RayEngine(batch_size=8))
    assert s.articles == 1 and s.skipped_records == 2
