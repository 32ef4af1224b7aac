"""The generated hostile corpus of bench/hostile.py: files in every input format that have stopped
batches, or could, each with what must hold of its outcome. Every text is this project's own
writing, repeated or mangled. Deterministic.
"""
from __future__ import annotations

import io
import json
import random
from dataclasses import dataclass
from typing import Callable

GOOD = ("Rebels seized the town of Bunia on Monday after heavy fighting with the army, residents said. "
        "The fighting forced hundreds of families to flee, a local official told reporters.")
LEAD = ("Taliban fighters stormed Kunduz on Friday and seized the governor's compound after days of "
        "fighting, two local officials said. Government forces withdrew to the airport, according to a "
        "member of the provincial council, while the Defence Ministry denied that the city had fallen. ")


@dataclass
class Case:
    name: str  # file name; its suffix picks the reader
    make: Callable[[], bytes]
    # what must hold: "skip" (no article), "keep" (at least one article reaches extraction), or None
    expect: str | None = None
    check: Callable[[list], str | None] | None = None  # items -> a problem, or None


def _repeat(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def _rss(items: str, head: str = "", channel: str = "<title>Lakes Herald</title>") -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?>{head}<rss version="2.0"><channel>{channel}{items}'
            f"</channel></rss>").encode()


def _item(i: int, text: str = GOOD) -> str:
    return (f"<item><title>Rebels seize Bunia {i}</title><description>{text} Report {i}.</description>"
            f"<pubDate>Tue, 02 May 2023 10:00:00 GMT</pubDate></item>")


def _jsonl(*records: object, raw: list[str] | None = None) -> bytes:
    lines = [json.dumps(r) if not isinstance(r, str) else r for r in records] + (raw or [])
    return ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")


def _parquet(table_rows: dict[str, list], row_group_size: int = 50) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    buf = io.BytesIO()
    pq.write_table(pa.table(table_rows), buf, row_group_size=row_group_size, compression="none")
    return buf.getvalue()


def _good_rows(n: int) -> dict[str, list]:
    return {"id": [f"r{i}" for i in range(n)], "text": [GOOD.replace("Monday", f"Monday ({i})") for i in range(n)],
            "published": ["2023-05-02"] * n}


def _corrupt(data: bytes, seed: int, share: float = 0.4) -> bytes:
    """Overwrite bytes in the middle of the file (the data pages), leaving header and footer."""
    rng = random.Random(seed)
    b = bytearray(data)
    lo, hi = 8, int(len(b) * 0.8)
    for _ in range(int((hi - lo) * share / 20)):
        at = rng.randrange(lo, hi)
        b[at:at + 20] = rng.randbytes(20)
    return bytes(b)


def _no_text(items: list) -> str | None:
    from frontlines.ingest import Skipped

    kept = [i for i in items if not isinstance(i, Skipped)]
    return f"{len(kept)} articles kept" if kept else None


def _leaks(marker: str) -> Callable[[list], str | None]:
    def check(items: list) -> str | None:
        from frontlines.ingest import Skipped

        for i in items:
            if not isinstance(i, Skipped) and marker in ((i.title or "") + i.text):
                return f"{marker!r} reached an article"
        return None
    return check


def _kept(n: int) -> Callable[[list], str | None]:
    def check(items: list) -> str | None:
        from frontlines.ingest import Skipped

        kept = sum(1 for i in items if not isinstance(i, Skipped))
        return None if kept == n else f"{kept} articles kept, expected {n}"
    return check


_LOL = "".join(f'<!ENTITY lol{k} "{("&lol" + str(k - 1) + ";") * 10}">' for k in range(1, 10))
BILLION_LAUGHS = f'<!DOCTYPE rss [<!ENTITY lol0 "lol">{_LOL}]>'
QUADRATIC = f'<!DOCTYPE rss [<!ENTITY big "{"x" * 100_000}">]>'
PLACES = ["Kabul", "Kunduz", "Herat", "Ghazni", "Kandahar", "Jalalabad", "Taloqan", "Sheberghan"]


def cases() -> list[Case]:
    rng = random.Random(20)
    c: list[Case] = []
    add = lambda *a, **k: c.append(Case(*a, **k))  # noqa: E731
    # ---- plain text: encodings, junk, size, shapes that are slow to parse
    add("empty.txt", lambda: b"", "skip")
    add("whitespace.txt", lambda: b"  \n\t \r\n  ", "skip")
    add("nul_bytes.txt", lambda: GOOD.encode() + b"\x00" * 16, "skip")
    add("random_bytes.txt", lambda: random.Random(1).randbytes(100_000), "skip")
    add("latin1.txt", lambda: "Les rebelles ont pris la ville à l'aube, a déclaré un élu.".encode("latin-1"), "skip")
    add("utf16_bom.txt", lambda: GOOD.encode("utf-16"), "keep")
    add("utf16_odd_bytes.txt", lambda: b"\xff\xfe" + b"a\x00b", "skip")
    add("utf8_encoded_surrogate.txt", lambda: GOOD.encode() + b"\xed\xa0\x80", "skip")
    add("article_990kb.txt", lambda: _repeat(LEAD, 990_000).encode(), "skip")
    add("article_2mb.txt", lambda: _repeat(LEAD, 2_000_000).encode(), "skip")
    add("sentence_200kb.txt", lambda: _repeat("the rebels said that the army fought near the town of Kunduz, ", 200_000).encode(), "skip")
    add("sentence_95kb.txt", lambda: _repeat("the rebels said that the army fought near the town of Kunduz, ", 95_000).encode(), "keep")
    add("no_spaces_900kb.txt", lambda: (GOOD + _repeat("abcdefghij", 900_000)).encode(), "skip")
    add("no_spaces_95kb.txt", lambda: (GOOD + " " + _repeat("abcdefghij", 95_000)).encode(), "keep")
    add("long_article_95kb.txt", lambda: _repeat(LEAD + "\n\n", 95_000).encode(), "keep")
    add("place_list_95kb.txt", lambda: ("The army said fighting was reported in " + _repeat(
        ", ".join(PLACES) + " and the villages of the province, ", 95_000) + ".").encode(), "keep")
    add("dense_triggers_95kb.txt", lambda: _repeat(
        "Rebels attacked and seized the town, killed five soldiers and shelled the base, police said. ", 95_000).encode(), "keep")
    add("nested_reports_60kb.txt", lambda: ("The official said that " + _repeat(
        "the commander said that the spokesman said that ", 60_000) + "the town fell.").encode(), "keep")
    add("numbers_95kb.txt", lambda: ("The army said rebels killed " + " ".join(str(i) for i in range(20_000))[:95_000]
                                     + " people.").encode(), "keep")
    add("punctuation_only.txt", lambda: _repeat("!?.,;:-", 90_000).encode(), "skip")
    add("run_of_dots.txt", lambda: (GOOD + "." * 90_000).encode(), "skip")  # not prose
    add("run_of_quotes.txt", lambda: (GOOD + '"' * 50_000 + " " + GOOD).encode(), "skip")  # not prose
    add("nested_parentheses.txt", lambda: (GOOD + " " + "(" * 40_000 + "the army" + ")" * 40_000 + " said.").encode(), "skip")  # not prose
    add("quotes_inside_article.txt", lambda: (_repeat(LEAD, 40_000) + '"' * 12_000 + " " + _repeat(LEAD, 30_000)).encode(), "keep")
    add("short_lines_95kb.txt", lambda: (GOOD + "\n" + _repeat("Kabul\nthe army said\n", 95_000)).encode(), "keep")
    add("blank_lines.txt", lambda: (GOOD + "\n" * 90_000 + GOOD).encode(), "keep")
    add("emoji_zwj_combining.txt", lambda: (GOOD.replace(" ", " \U0001F468\u200d\U0001F469\u200d\U0001F467 ")
                                            + " e\u0301\u0302\u0303" * 40).encode(), "skip")  # an emoji per word: not prose
    add("some_emoji.txt", lambda: (GOOD + " \U0001F468\u200d\U0001F469\u200d\U0001F467 \u2764\ufe0f " + GOOD).encode(), "keep")
    add("bidi_overrides.txt", lambda: (GOOD + " \u202e" + GOOD + "\u202c \u0627\u0644\u062c\u064a\u0634 " + GOOD).encode(), "keep")
    add("escape_sequences.txt", lambda: (GOOD + " \x1b[31m\x1b[0m\x07\x08 " + GOOD).encode(), "keep")
    add("capitalised_words_95kb.txt", lambda: ("The army said " + " ".join(
        "".join(rng.choice("BCDFGHKLMNPRST") + rng.choice("aeiou") + rng.choice("lnrst")) for _ in range(16_000))[:95_000]
        + " fell.").encode(), "skip")  # made-up words: not English
    add("hyphen_chain_90kb.txt", lambda: (GOOD + " " + _repeat("al-", 90_000) + " " + GOOD).encode(), "skip")
    add("urls_95kb.txt", lambda: (GOOD + " " + _repeat("https://example.org/a/b?c=d&e=f#g ", 90_000) + GOOD).encode(), "skip")  # not prose
    add("headline_lines.txt", lambda: ("\n".join(["Breaking News From The Front"] * 2000) + "\n" + GOOD).encode(), "keep")
    add("datelines.txt", lambda: _repeat("KABUL, Afghanistan (Nov. 20, 2011) - " + GOOD + "\n", 60_000).encode(), "keep")
    add("dense_dates.txt", lambda: ("The army said rebels attacked " + _repeat(
        "on Monday, on 8 August 2021, last week, yesterday, in 2019, ", 60_000) + "the town.").encode(), "keep")
    add("not_english.txt", lambda: _repeat("Les rebelles ont pris la ville lundi apres des combats. ", 5000).encode(), "skip")
    # ---- JSONL: nesting, surrogates, numbers, types, lines without end
    add("nesting_100k.jsonl", lambda: _jsonl(raw=['{"text": ' + "[" * 100_000 + "]" * 100_000 + "}"]), "skip")
    add("nesting_3000_in_object.jsonl", lambda: _jsonl(raw=['{"text": "' + GOOD + '", "x": ' + '{"a":' * 3000 + "1" + "}" * 3000 + "}"]), "skip")
    add("nesting_40_ok.jsonl", lambda: _jsonl(raw=['{"text": "' + GOOD + '", "x": ' + "[" * 40 + "]" * 40 + "}"]), "keep")
    add("surrogate_in_text.jsonl", lambda: _jsonl(raw=['{"text": "' + GOOD + ' \\ud800 tail"}']), "skip")
    add("surrogate_in_title.jsonl", lambda: _jsonl(raw=['{"text": "' + GOOD + '", "title": "a \\udfff b"}']), "skip")
    add("surrogate_pair_ok.jsonl", lambda: _jsonl(raw=['{"text": "' + GOOD + ' \\ud83d\\ude00"}']), "keep")
    add("number_5000_digits.jsonl", lambda: _jsonl(raw=['{"text": "' + GOOD + '", "id": 1' + "0" * 5000 + "}"]), "skip")
    add("nan_and_infinity.jsonl", lambda: _jsonl(raw=['{"text": "' + GOOD + '", "id": NaN, "x": Infinity}']), "keep")
    add("wrong_types.jsonl", lambda: _jsonl({"text": ["a", "list"]}, {"text": GOOD, "outlet": ["x"]},
                                            {"text": GOOD, "title": {"a": 1}}, {"text": GOOD, "id": True},
                                            {"text": GOOD, "published": 20230502}, "[1, 2]", "null", '"just a string"'), "skip")
    add("line_over_limit_then_good.jsonl", lambda: _jsonl({"text": _repeat(LEAD, 1_500_000)}, {"id": "after", "text": GOOD}),
        check=_kept(1))
    add("no_newline_12mb.jsonl", lambda: b'{"text": "' + _repeat("word ", 12_000_000).encode() + b'"}', "skip")
    add("truncated_last_line.jsonl", lambda: _jsonl({"id": "whole", "text": GOOD})[:-1] + b'\n{"text": "Rebels sei', check=_kept(1))
    add("bom_crlf.jsonl", lambda: b"\xef\xbb\xbf" + json.dumps({"text": GOOD}).encode() + b"\r\n" + json.dumps({"text": GOOD + " Again."}).encode() + b"\r\n",
        check=_kept(2))
    add("invalid_utf8_line.jsonl", lambda: b'{"text": "caf\xe9 ' + GOOD.encode() + b'"}\n' + json.dumps({"text": GOOD}).encode() + b"\n", check=_kept(1))
    add("fifty_thousand_keys.jsonl", lambda: _jsonl({"text": GOOD, **{f"k{i}": i for i in range(50_000)}}), "keep")
    add("metadata_1mb_title.jsonl", lambda: _jsonl({"text": GOOD, "title": "T" * 900_000}), "skip")
    # ---- CSV
    add("field_over_limit.csv", lambda: ("id,text\nbig," + '"' + _repeat(LEAD, 1_200_000) + '"\nok,"' + GOOD + '"\n').encode(), check=_kept(1))
    add("unclosed_quote.csv", lambda: ('id,text\nok,"' + GOOD + '"\nbad,"' + GOOD + "\n").encode())
    add("nul_in_row.csv", lambda: ("id,text\na,\"" + GOOD + "\x00\"\nb,\"" + GOOD + '"\n').encode(), check=_kept(1))
    add("latin1_row.csv", lambda: b'id,text\na,"caf\xe9 ' + GOOD.encode() + b'"\nb,"' + GOOD.encode() + b'"\n', check=_kept(1))
    add("no_text_column.csv", lambda: b"id,body\na,hello\n", "skip")
    add("hundred_thousand_columns.csv", lambda: (",".join(f"c{i}" for i in range(100_000)) + ",text\n" + ",".join("x" for _ in range(100_000)) + ',"' + GOOD + '"\n').encode(), "keep")
    add("utf16.csv", lambda: ('id,text\na,"' + GOOD + '"\n').encode("utf-16"), "keep")
    add("only_header.csv", lambda: b"id,text\n", "skip")
    add("ragged_rows.tsv", lambda: ("id\ttext\textra\na\t" + GOOD + "\nb\n\t\t\t\t\tc\n").encode(), check=_kept(1))
    # ---- Parquet
    add("truncated.parquet", lambda: _parquet(_good_rows(200))[:3000], "skip")
    add("corrupt_pages.parquet", lambda: _corrupt(_parquet(_good_rows(400)), 3))
    add("corrupt_footer.parquet", lambda: (lambda d: d[:-40] + random.Random(4).randbytes(32) + d[-8:])(_parquet(_good_rows(50))), "skip")
    add("not_parquet.parquet", lambda: b"PAR1 not really parquet PAR1", "skip")
    add("text_is_int.parquet", lambda: _parquet({"text": [1, 2, 3]}), "skip")
    add("text_is_binary.parquet", lambda: _parquet({"text": [GOOD.encode()] * 3}), "skip")
    add("zero_rows.parquet", lambda: _parquet({"text": []}), "skip")
    add("huge_texts.parquet", lambda: _parquet({"text": [_repeat(LEAD, 400_000)] * 6 + [GOOD]}, row_group_size=2), check=_kept(1))
    # ---- feeds
    add("billion_laughs.rss", lambda: _rss(_item(1).replace("Rebels seize Bunia 1", "&lol9;"), head=BILLION_LAUGHS),
        check=_leaks("lollollol"))
    add("quadratic_blowup.rss", lambda: _rss(_item(1).replace("Rebels seize Bunia 1", "&big;" * 10_000), head=QUADRATIC),
        check=_leaks("xxxxxxxx"))
    add("external_entity_file.rss", lambda: _rss(_item(1).replace("Rebels seize Bunia 1", "&xxe;"),
                                                 head='<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'), check=_leaks("root:"))
    add("external_dtd_http.rss", lambda: _rss(_item(1), head='<!DOCTYPE rss SYSTEM "http://127.0.0.1:9/evil.dtd">'), "keep")
    add("parameter_entities.rss", lambda: _rss(_item(1), head='<!DOCTYPE rss [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'), check=_leaks("root:"))
    add("items_10000.rss", lambda: _rss("".join(_item(i) for i in range(10_000))), check=_kept(10_000))
    add("items_never_closed.rss", lambda: _rss("".join(f"<item><title>T{i}</title><description>{GOOD}" for i in range(200))))
    add("item_6mb.rss", lambda: _rss(_item(1, _repeat(LEAD, 6_000_000)) + _item(2)), check=_kept(1))
    add("garbage.xml", lambda: random.Random(5).randbytes(50_000), "skip")
    add("tag_soup.rss", lambda: _rss("".join(["<item><title>", "<b><i>", GOOD, "</item></title>", "<item>", "</channel>", "<item><description>", GOOD,
                                              "</description></item>"] * 50)))
    add("cdata_with_end_tag.rss", lambda: _rss(f"<item><title>A</title><description><![CDATA[{GOOD} </item> <b>x</b>]]></description></item>" + _item(2)))
    add("atom.atom", lambda: ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>'
                              + "".join(f"<entry><title>E{i}</title><summary>{GOOD} ({i})</summary><updated>2023-05-02T10:00:00Z</updated></entry>" for i in range(30))
                              + "</feed>").encode(), check=_kept(30))
    add("latin1_declared.rss", lambda: _rss(_item(1, GOOD + " Café.")).replace(b"utf-8", b"ISO-8859-1").replace("é".encode(), b"\xe9"), check=_kept(1))
    # ---- HTML
    add("nested_divs_100k.html", lambda: ("<html><body>" + "<div>" * 100_000 + f"<p>{GOOD}</p>" + "</div>" * 100_000 + "</body></html>").encode())
    add("html_5mb.html", lambda: ("<html><body>" + _repeat(f"<p>{GOOD}</p>", 5_000_000) + "</body></html>").encode(), "skip")
    add("script_only.html", lambda: b"<html><script>" + b"var a=1;" * 10_000 + b"</script></html>", "skip")
    add("binary.html", lambda: random.Random(6).randbytes(20_000), "skip")
    add("entity_bomb.html", lambda: (f'<?xml version="1.0"?>{BILLION_LAUGHS}<html><body><p>&lol9;</p><p>{GOOD}</p></body></html>').encode(),
        check=_leaks("lollollol"))
    add("unknown_type.docx", lambda: b"PK\x03\x04 not a supported format", "skip")
    return c
