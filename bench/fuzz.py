"""Property-based fuzzing (hypothesis) for bench/hostile.py: `frontlines.extract` on short texts
built from conflict-news words, hostile characters and arbitrary Unicode, and each reader on files
generated for its format (well-formed, mangled and random). The property: nothing raises except
the documented rejections (`IngestError`, `OverBudget`), and every article a reader yields is
storable (no lone surrogate, within the size budget, string metadata).
"""
from __future__ import annotations

import io
import json
import time
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

WORDS = ("the a of in on and said that after before rebels army police soldiers fighters militants Taliban "
         "government troops seized attacked killed captured shelled fled arrested protesters town city village "
         "province district Kabul Kunduz Bunia Herat Mogadishu Sudan Ukraine Monday Friday yesterday last week "
         "2021 8 August 12 dozens several five hundred civilians according to officials denied claimed not "
         "would could may ( ) \" ' , . ; : - ! ? \n \n\n — … % $ @ # & * / \\ < > [ ] { } "
         "al-Shabaab M23 U.S. Dr. Gen. KABUL, Afghanistan (Nov. 20, 2011) -").split(" ") + [
    "\u200d", "\u202e", "\u0301", "\ufeff", "\x00", "\x1b", "\ufffd", "\ud800", "\udfff", "\U0001F600", "\u2028",
    "\t", "\r", "\x0b", "ﬁ", "İ", "ß", "ǅ", "٣", "\u0627\u0644\u062c\u064a\u0634"]

NEWS = st.lists(st.sampled_from(WORDS), min_size=0, max_size=120).map(" ".join)
ANY_TEXT = st.text(alphabet=st.characters(codec=None), max_size=400)  # surrogates included
TEXTS = st.one_of(NEWS, ANY_TEXT, st.tuples(NEWS, ANY_TEXT, NEWS).map("".join))
DATES = st.sampled_from([None, "2023-05-02", "2021-08-08T10:00:00Z", "Tue, 02 May 2023 10:00:00 GMT", "yesterday",
                         "2999-01-01", "", "0000-00-00"])
JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | TEXTS,
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                           max_leaves=12)
RECORDS = st.fixed_dictionaries({}, optional={"text": TEXTS | JSON_VALUES, "id": JSON_VALUES, "published": DATES | JSON_VALUES,
                                              "outlet": JSON_VALUES, "title": JSON_VALUES, "url": JSON_VALUES})


def _mangle(data: bytes, cuts: list[int], junk: bytes) -> bytes:
    """Truncate and splice junk at positions given as fractions of a thousand of the length."""
    out = bytearray(data)
    for c in cuts:
        at = len(out) * c // 1000
        out[at:at + len(junk)] = junk
    return bytes(out)


MANGLE = st.tuples(st.lists(st.integers(0, 1000), max_size=3), st.binary(max_size=16))


def _jsonl(records, raw: list[bytes], mangle) -> bytes:
    lines = [json.dumps(r, ensure_ascii=k % 2 == 0).encode("utf-8", "surrogatepass") for k, r in enumerate(records)]
    return _mangle(b"\n".join(lines + raw), *mangle)


def _csv(rows: list[list[str]], sep: str, mangle) -> bytes:
    import csv

    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep)
    w.writerow(["id", "text", "published", "outlet"])
    for r in rows:
        w.writerow(r)
    return _mangle(buf.getvalue().encode("utf-8", "surrogatepass"), *mangle)


def _parquet(texts: list, ids: list, mangle, row_group: int) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    buf = io.BytesIO()
    texts = [t.encode("utf-8", "surrogatepass").decode("utf-8", "replace") if isinstance(t, str) else t for t in texts]
    pq.write_table(pa.table({"text": pa.array(texts, pa.string()), "id": pa.array(ids[:len(texts)] + [None] * (len(texts) - len(ids)),
                                                                                   pa.int64())}),
                   buf, row_group_size=max(1, row_group))
    return _mangle(buf.getvalue(), *mangle)


TAGS = ["<item>", "</item>", "<entry>", "</entry>", "<title>", "</title>", "<description>", "</description>",
        "<pubDate>Tue, 02 May 2023 10:00:00 GMT</pubDate>", "<![CDATA[", "]]>", "<!DOCTYPE rss [", "<!ENTITY e 'x'>",
        "<!ENTITY e2 \"&e;&e;&e;\">", "]>", "&e2;", "&nbsp;", "&#0;", "&#xD800;", "<?xml version='1.0'?>", "<channel>",
        "</channel>", "<rss>", "</rss>", "<feed xmlns='http://www.w3.org/2005/Atom'>", "</feed>", "<a:item>", "<",
        ">", "&", "<!--", "-->", "<summary>", "</summary>", "<link>http://x</link>", "<b>", "</b>", "<div>", "</div>",
        "<p>", "</p>", "<html>", "<body>", "<script>", "</script>", "<meta charset='latin-1'>"]
MARKUP = st.lists(st.one_of(st.sampled_from(TAGS), TEXTS), max_size=40).map("".join)


def _feed(body: str, mangle) -> bytes:
    return _mangle(f"<?xml version='1.0' encoding='utf-8'?><rss><channel><title>F</title>{body}</channel></rss>"
                   .encode("utf-8", "surrogatepass"), *mangle)


FORMATS = {
    "jsonl": ("x.jsonl", st.builds(_jsonl, st.lists(RECORDS | JSON_VALUES, max_size=5), st.lists(st.binary(max_size=60), max_size=2), MANGLE)),
    "csv": ("x.csv", st.builds(_csv, st.lists(st.lists(TEXTS, max_size=5), max_size=6), st.just(","), MANGLE)),
    "tsv": ("x.tsv", st.builds(_csv, st.lists(st.lists(TEXTS, max_size=5), max_size=6), st.just("\t"), MANGLE)),
    "parquet": ("x.parquet", st.builds(_parquet, st.lists(st.none() | TEXTS, max_size=8), st.lists(st.integers(-2**63, 2**63 - 1), max_size=8),
                                       MANGLE, st.integers(1, 4))),
    "rss": ("x.rss", st.builds(_feed, MARKUP, MANGLE)),
    "atom": ("x.atom", MARKUP.map(lambda s: s.encode("utf-8", "surrogatepass"))),
    "html": ("x.html", MARKUP.map(lambda s: s.encode("utf-8", "surrogatepass"))),
    "txt": ("x.txt", st.one_of(st.binary(max_size=2000), TEXTS.map(lambda s: s.encode("utf-8", "surrogatepass")))),
}
SETTINGS_ = dict(deadline=None, database=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck),
                 derandomize=True)


def _storable(article) -> str | None:
    from frontlines.config import SETTINGS

    try:
        article.text.encode("utf-8")
        for v in (article.id, article.outlet, article.url, article.title, article.published):
            if v is not None:
                v.encode("utf-8")
    except (UnicodeEncodeError, AttributeError) as exc:
        return f"unstorable article: {type(exc).__name__}"
    if len(article.text) > SETTINGS.max_article_chars:
        return "article over the size budget"
    return None


def fuzz_reader(name: str, tally, examples: int, folder: Path) -> int:
    from frontlines.ingest import Skipped, read_paths

    suffix, strategy = FORMATS[name]
    path = folder / suffix
    count = 0

    @settings(max_examples=examples, **SETTINGS_)
    @given(strategy)
    def run(data: bytes) -> None:
        nonlocal count
        count += 1
        path.write_bytes(data)
        t = time.perf_counter()
        try:
            for item in read_paths([str(path)]):
                if not isinstance(item, Skipped) and (problem := _storable(item)):
                    raise AssertionError(problem)
        except Exception as exc:  # noqa: BLE001 - what the bench counts
            tally.crash(f"fuzz reader {name}", exc, repr(data[:160]))
        tally.timed(time.perf_counter() - t, f"fuzz {name} input of {len(data)} bytes")

    run()
    return count


def fuzz_extract(tally, examples: int) -> int:
    import frontlines
    from frontlines.budget import OverBudget
    from frontlines.ingest import IngestError

    count = 0

    @settings(max_examples=examples, **SETTINGS_)
    @given(TEXTS, DATES)
    def run(text: str, published: str | None) -> None:
        nonlocal count
        count += 1
        t = time.perf_counter()
        try:
            report = frontlines.extract(text, published=published)
            json.dumps(report.to_dict(), ensure_ascii=False).encode("utf-8")
            for p in report.places:
                for s, e in p.spans:
                    if not (0 <= s < e <= len(text)):
                        raise AssertionError(f"span {s}:{e} outside a text of {len(text)}")
        except (IngestError, OverBudget):
            pass
        except Exception as exc:  # noqa: BLE001
            tally.crash("fuzz frontlines.extract", exc, text)
        tally.timed(time.perf_counter() - t, f"fuzz extract text of {len(text)} chars")

    run()
    return count


def run_all(tally, extract_examples: int, reader_examples: int, folder: Path) -> dict[str, int]:
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name in FORMATS:
        t = time.perf_counter()
        counts[f"reader {name}"] = fuzz_reader(name, tally, reader_examples, folder)
        print(f"fuzz reader {name}: {counts[f'reader {name}']:,} inputs in {time.perf_counter() - t:.0f} s", flush=True)
    t = time.perf_counter()
    counts["frontlines.extract"] = fuzz_extract(tally, extract_examples)
    print(f"fuzz frontlines.extract: {counts['frontlines.extract']:,} inputs in {time.perf_counter() - t:.0f} s", flush=True)
    return counts
