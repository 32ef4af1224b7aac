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
    assert "10 record(s) skipped" in r.stderr and "Traceback" not in r.stderr


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


# ---- hostile records: each costs its own record (or file), never the batch -------------------

def _read(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    items = list(read_paths([str(path)]))
    return [i for i in items if not isinstance(i, Skipped)], [i.reason for i in items if isinstance(i, Skipped)]


def test_jsonl_hostile_records_are_skipped_one_by_one(tmp_path):
    lines = [
        '{"text": ' + "[" * 50_000 + "]" * 50_000 + "}",                  # nesting the parser would recurse into
        '{"text": "' + GOOD + ' \\ud800"}',                                # a lone surrogate
        '{"text": "' + GOOD + '", "title": "\\udfff"}',
        '{"text": "' + GOOD + '", "id": 1' + "0" * 5000 + "}",             # past Python's int digits limit
        json.dumps({"text": GOOD, "outlet": {"name": "x"}}),              # metadata of the wrong type
        json.dumps({"id": "kept", "text": GOOD + " \U0001F600"}),          # a surrogate pair in JSON is fine
    ]
    good, reasons = _read(tmp_path, "h.jsonl", ("\n".join(lines) + "\n").encode())
    assert [a.id for a in good] == ["kept"]
    assert len(reasons) == 5
    assert "nested deeper than 64" in reasons[0]
    assert "unpaired surrogate" in reasons[1] and "unpaired surrogate in title" in reasons[2]
    assert "invalid JSON" in reasons[3] and "metadata not a string (outlet is a dict)" in reasons[4]


def test_jsonl_line_without_end_is_not_held_in_memory(tmp_path):
    data = b'{"text": "' + b"word " * 600_000 + b'"}\n' + json.dumps({"id": "after", "text": GOOD}).encode() + b"\n"
    good, reasons = _read(tmp_path, "long.jsonl", data)
    assert [a.id for a in good] == ["after"] and "too large" in reasons[0]


def test_csv_bad_rows_cost_one_row(tmp_path):
    big = "word " * 250_000  # a field over the 1 MB limit
    data = (f'id,text\na,"{GOOD}"\nb,"{big}"\nc,"{GOOD} Again."\n').encode() + b'd,"caf\xe9 ' + GOOD.encode() + b'"\ne,"' \
        + GOOD.encode() + b' Once more."\n'
    good, reasons = _read(tmp_path, "h.csv", data)
    assert [a.id for a in good] == ["a", "c", "e"]
    assert any("malformed CSV" in r and "field larger" in r for r in reasons) and any("UTF-8" in r for r in reasons)


def test_parquet_corrupt_row_group_is_skipped_and_the_rest_read(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = 30
    table = pa.table({"id": [f"r{i}" for i in range(rows)], "text": [f"{GOOD} Report {i}." for i in range(rows)]})
    path = tmp_path / "c.parquet"
    pq.write_table(table, path, row_group_size=10, compression="none")
    meta = pq.ParquetFile(path).metadata
    col = meta.row_group(1).column(1)  # the text column of the middle row group
    data = bytearray(path.read_bytes())
    start = col.dictionary_page_offset if col.has_dictionary_page else col.data_page_offset
    data[start:start + col.total_compressed_size] = b"\xff" * col.total_compressed_size
    path.write_bytes(bytes(data))
    items = list(read_paths([str(path)]))
    good = [i.id for i in items if not isinstance(i, Skipped)]
    reasons = [i.reason for i in items if isinstance(i, Skipped)]
    assert good == [f"r{i}" for i in range(10)] + [f"r{i}" for i in range(20, 30)]
    assert len(reasons) == 1 and "corrupt Parquet data (10 rows lost)" in reasons[0]


def test_feed_entities_are_never_expanded_or_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRETVALUE", encoding="utf-8")
    lol = "".join(f'<!ENTITY l{k} "{("&l" + str(k - 1) + ";") * 10}">' for k in range(1, 9))
    feed = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "lol">{lol}<!ENTITY xxe SYSTEM "file://{secret}">]>'
            f"<rss><channel><title>Lakes Herald</title><item><title>&l8; &xxe;</title><description>{GOOD}</description>"
            f"<pubDate>Tue, 02 May 2023 10:00:00 GMT</pubDate></item></channel></rss>")
    good, reasons = _read(tmp_path, "bomb.rss", feed.encode())
    assert len(good) == 1 and not reasons
    assert "TOPSECRETVALUE" not in good[0].text and "lollol" not in good[0].text and len(good[0].text) < 1000
    assert good[0].outlet == "Lakes Herald" and good[0].published == "2023-05-02"


def test_feed_is_streamed_item_by_item(tmp_path):
    import io

    from frontlines.ingest.feeds import CHUNK, feed_items

    items = "".join(f"<item><title>T{i}</title><description>{GOOD}</description></item>" for i in range(5000))
    data = f"<rss><channel><title>F</title>{items}</channel></rss>".encode()
    stream = io.BytesIO(data)
    it = feed_items(stream, max_item_bytes=1_000_000)
    assert next(it)[0] == "head" and next(it)[0] == "item"
    assert stream.tell() <= 2 * CHUNK < len(data)  # the first item came before the file was read
    assert sum(1 for kind, _ in it if kind == "item") == 4999
    good, reasons = _read(tmp_path, "broken.rss", (f"<rss><channel><title>F</title><item><title>A</title>"
                                                   f"<description>{GOOD}</description></item><item><title>B"
                                                   f"<description>never closed").encode())
    assert len(good) == 1 and reasons == ["feed item not closed before the end of the file"]


def test_cli_extract_exits_1_and_counts_hostile_records(tmp_path):
    (tmp_path / "a.jsonl").write_text("\n".join([json.dumps({"id": "fine", "text": GOOD}),
                                                 '{"text": ' + "[" * 10_000 + "]" * 10_000 + "}",
                                                 '{"text": "' + GOOD + ' \\ud800"}']) + "\n", encoding="utf-8")
    r = _cli("extract", str(tmp_path / "a.jsonl"), "--format", "jsonl")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert [json.loads(line)["article"]["id"] for line in r.stdout.splitlines()] == ["fine"]
    assert "2 record(s) skipped" in r.stderr
