"""Bad input: a clear one-line error and exit 2 for usage errors; a logged skip inside a batch
while the other records go on."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from frontlines.ingest import IngestError, Skipped, parse_published, read_paths

GOOD = ("Rebels seized the town of Ituri on Monday after heavy fighting with the army, residents said. "
        "The fighting forced hundreds of families to flee, a local official told reporters.")


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "frontlines.cli", *args], capture_output=True, text=True,
                          input=stdin, timeout=300)


@pytest.fixture
def batch(tmp_path):
    d = tmp_path / "batch"
    d.mkdir()
    (d / "a_good.txt").write_text(GOOD, encoding="utf-8")
    (d / "b_empty.txt").write_text("", encoding="utf-8")
    (d / "c_binary.txt").write_bytes(bytes(range(256)) * 40)
    (d / "d_latin1.txt").write_bytes("Les rebelles ont pris la ville à l'aube, a déclaré un élu.".encode("latin-1"))
    (d / "e_huge.txt").write_bytes(b"word " * 4_000_000)  # 20 MB
    (d / "f_french.txt").write_text(
        "Les rebelles ont pris le contrôle de la ville lundi après de violents combats avec l'armée, selon des "
        "habitants. Les combats ont forcé des centaines de familles à fuir vers les villages voisins du nord.",
        encoding="utf-8")
    (d / "g_records.jsonl").write_text("\n".join([
        json.dumps({"id": "ok-1", "text": GOOD, "published": "2023-05-02"}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "no-text"}),
        json.dumps({"id": "bad-date", "text": GOOD, "published": "the day after"}),
        json.dumps({"id": "ok-2", "text": GOOD, "published": "2023-05-03", "outlet": "Lakes Herald"}),
    ]), encoding="utf-8")
    (d / "h_broken.html").write_text("<html><body><div><p>unclosed", encoding="utf-8")
    return d


def test_batch_skips_bad_records_and_keeps_good_ones(batch, caplog):
    items = list(read_paths([str(batch)]))
    good = [i for i in items if not isinstance(i, Skipped)]
    skipped = {i.source.split("/")[-1]: i.reason for i in items if isinstance(i, Skipped)}
    assert [a.id for a in good] == ["a_good", "ok-1", "ok-2"]
    assert good[2].outlet == "Lakes Herald" and good[1].published == "2023-05-02"
    assert "empty" in skipped["b_empty.txt"]
    assert "binary" in skipped["c_binary.txt"] or "UTF-8" in skipped["c_binary.txt"]
    assert "UTF-8" in skipped["d_latin1.txt"]
    assert "too large" in skipped["e_huge.txt"]
    assert "not English" in skipped["f_french.txt"]
    assert "invalid JSON" in skipped["g_records.jsonl:2"]
    assert "not a JSON object" in skipped["g_records.jsonl:3"]
    assert "text" in skipped["g_records.jsonl:4"]
    assert "cannot parse published date" in skipped["g_records.jsonl:5"]
    assert "h_broken.html" in skipped
    assert len(caplog.records) >= 9  # every skip is logged


def test_huge_file_is_not_read_whole(batch, monkeypatch):
    from pathlib import Path

    read = []
    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.name) or original(self))
    list(read_paths([str(batch / "e_huge.txt")]))
    assert read == []


@pytest.mark.parametrize("value,expected", [("2021-08-08", "2021-08-08"), ("2021-08-08T23:30:00Z", "2021-08-08"),
                                            ("Sun, 08 Aug 2021 10:00:00 GMT", "2021-08-08")])
def test_published_accepts(value, expected):
    assert parse_published(value) == expected


@pytest.mark.parametrize("value", ["08/08/21", "yesterday", "2021-13-01", "1850-01-01", "2999-01-01", ""])
def test_published_rejects(value):
    with pytest.raises(IngestError):
        parse_published(value)


def test_cli_usage_errors_are_one_line_and_exit_2(tmp_path):
    story = tmp_path / "s.txt"
    story.write_text(GOOD, encoding="utf-8")
    r = _cli("extract", str(story), "--published", "last Tuesday")
    assert r.returncode == 2
    assert "cannot parse published date" in r.stderr and "Traceback" not in r.stderr
    r = _cli("extract", str(tmp_path / "missing.txt"))
    assert r.returncode == 2 and "no such file" in r.stderr and "Traceback" not in r.stderr


def test_cli_batch_goes_on_past_bad_records(batch):
    r = _cli("extract", str(batch), "--format", "jsonl")
    assert r.returncode == 1, r.stderr  # done, but records were skipped
    ids = [json.loads(line)["article"]["id"] for line in r.stdout.splitlines()]
    assert ids == ["a_good", "ok-1", "ok-2"]
    assert "skipped" in r.stderr


def test_cli_reads_stdin(tmp_path):
    r = _cli("extract", "-", "--published", "2023-05-02", "--format", "json", stdin=GOOD)
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert report["article"]["id"] == "stdin" and report["article"]["published"] == "2023-05-02"
    assert report["events"], "the story's capture must be found"


def test_parquet_input(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"id": ["p1", "p2", "p3"], "text": [GOOD, None, GOOD.replace("Monday", "Tuesday")],
                      "published": ["2023-05-02", "2023-05-02", "May 2"]})
    pq.write_table(table, tmp_path / "a.parquet")
    (tmp_path / "b.parquet").write_bytes(b"not parquet at all")
    items = list(read_paths([str(tmp_path)]))
    good = [i.id for i in items if not isinstance(i, Skipped)]
    reasons = [i.reason for i in items if isinstance(i, Skipped)]
    assert good == ["p1"]
    assert any("text" in r for r in reasons) and any("published" in r for r in reasons)
    assert any("not a Parquet file" in r for r in reasons)
