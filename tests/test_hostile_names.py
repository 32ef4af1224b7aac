"""Hostile names through every view: rich markup, terminal escape codes and HTML in article ids,
outlets, titles, source, place and actor names must show as the text they are, and never act.

Two stories go through the real pipeline with hostile ids, outlets and titles. Names the pipeline
takes from its lexicons and gazetteer (places, armed groups, so control holders) can hold anything an
analyst puts in data/ or a gazetteer build; a third story's real report is stored with such names."""
from __future__ import annotations

import csv
import io
import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from frontlines.batch import ingest
from frontlines.engine import LocalEngine
from frontlines.model import Article
from frontlines.safe_text import clean, log_handler
from frontlines.store import Store
from test_web import CHROMIUM, FLAGS, wait_until


# What each piece would do if interpreted: close rich styles nobody opened (MarkupError), make a
# link, colour or clear the terminal, set its title, reverse a line, run script in the page.
ID_A = "kivu-[/]-\x1b[31mred"
OUTLET_A = "[/bold]Lakes <img src=x onerror=\"window.__pwned=1\"> Herald\x1b]0;pwned\x07"
TITLE_A = "[link=https://attacker.example]click[/link] \u202eM23 takes Bunia"
ID_B = "zaranj-<script>window.__pwned=2</script>"
OUTLET_B = "\x1b[2J\x9b31mWire [red]Desk[/red] :warning: \\"
PLACE_C = "Kidal <img src=x onerror=\"window.__pwned=3\"> [/]"
ACTOR_C = "[bold]Azawad[/bold] <b>Front</b> \x1b[5mblink \u202eevil"
SOURCE_C = "Colonel [/i] <svg onload=\"window.__pwned=4\">"

STORIES = [
    {"id": ID_A, "outlet": OUTLET_A, "title": TITLE_A, "published": "2023-05-03",
     "text": "Rebels of the M23 movement seized the town of Bunia on Monday after heavy fighting with the army, "
             "a local official said. The army denied that the town had fallen."},
    {"id": ID_B, "outlet": OUTLET_B, "published": "2021-08-07",
     "text": "Taliban fighters captured Zaranj, the capital of Nimroz province, on Friday without a fight, "
             "a provincial council member said."},
]
STORY_C = ("Rebels seized the town of Kidal on Tuesday after clashes with the Malian army, "
           "a military spokesman said.")


def visible(s: str) -> str:
    """What a person should see: the text exactly, minus what a terminal would act on."""
    return clean(s)


@pytest.fixture(scope="module")
def db(tmp_path_factory, extract) -> Path:
    d = tmp_path_factory.mktemp("hostile")
    src = d / "hostile.jsonl"
    src.write_text("".join(json.dumps(s) + "\n" for s in STORIES), encoding="utf-8")
    path = d / "h.db"
    store = Store(path)
    assert ingest([str(src)], store, LocalEngine(1)).new == 2
    article = Article("kidal-lexicon", STORY_C, published="2023-05-10", outlet="Sahel Monitor")
    report = extract(article.text, published=article.published, outlet=article.outlet, id=article.id).to_dict()
    territorial = [e for e in report["events"] if e["extent"]]
    assert territorial and report["places"], report["events"]
    for p in report["places"]:
        p["name"] = p["mention"] = PLACE_C
    for e in report["events"]:
        e["actor1"] = ACTOR_C
    for s in report["sources"]:
        s["name"] = SOURCE_C
    store.add(article, report)
    store.rebuild_events()
    store.close()
    return path


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "600", "TERM": "xterm-256color"}
    return subprocess.run([sys.executable, "-m", "frontlines.cli", *args], capture_output=True, text=True,
                          timeout=600, env=env)


ACTIVE = ("\x1b", "\x9b", "\x07", "\u202e")


def assert_inert(out: str) -> None:
    for c in ACTIVE:
        assert c not in out, (repr(c), out[:3000])


def _ids(db: Path) -> dict[str, str]:
    store = Store(db, readonly=True)
    try:
        ids = {}
        for e in store.events(include_historical=True):
            for m in e["members"]:
                ids[m["article"]] = e["id"]
        return ids
    finally:
        store.close()


LAYOUTS = {"lines (piped)": [], "rich tables": ["--width", "400"]}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_table_views_show_hostile_names_as_text(db, layout):
    ids, w = _ids(db), LAYOUTS[layout]
    views = {"events": run("events", "--db", str(db), "--historical", *w),
             "event A": run("event", ids[ID_A], "--db", str(db), *w),
             "event C": run("event", ids["kidal-lexicon"], "--db", str(db), *w),
             "article A": run("article", ID_A, "--db", str(db), *w),
             "timeline": run("timeline", "--db", str(db), *w),
             "control": run("control", "--on", "2023-05-20", "--db", str(db), *w)}
    for name, r in views.items():
        assert r.returncode == 0 and "Traceback" not in r.stderr, (name, r.stderr[-3000:])
        assert_inert(r.stdout)
    flat = {name: " ".join(r.stdout.split()) for name, r in views.items()}  # rich breaks long cells into lines
    assert visible("[/bold]Lakes") in flat["events"] and "Herald" in flat["events"]
    assert "[red]Desk[/red] :warning:" in flat["events"]
    assert "[/]-red" in flat["event A"] and "[/bold]Lakes" in flat["event A"]
    assert "kivu-[/]-red" in flat["article A"] and "[link=https://attacker.example]click[/link]" in flat["article A"]
    assert "[bold]Azawad[/bold] <b>Front</b>" in flat["event C"] and "Colonel [/i] <svg" in flat["event C"]
    assert "<img src=x" in flat["timeline"] and "[bold]Azawad[/bold]" in flat["timeline"]
    assert "[bold]Azawad[/bold]" in flat["control"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_extract_table_shows_hostile_outlets_and_ids_as_text(tmp_path, layout):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(s) + "\n" for s in STORIES), encoding="utf-8")
    r = run("extract", str(src), "--format", "table", *LAYOUTS[layout])
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr[-3000:]
    assert_inert(r.stdout)
    flat = " ".join(r.stdout.split())
    assert "kivu-[/]-red" in flat and "[/bold]Lakes" in flat and "[red]Desk[/red] :warning:" in flat


def test_json_keeps_the_names_exactly_and_escapes_control_codes(db):
    r = run("events", "--db", str(db), "--historical", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert_inert(r.stdout)
    events = json.loads(r.stdout)
    outlets = {o for e in events for o in e["outlets"]}
    assert {OUTLET_A, OUTLET_B} <= outlets  # the data itself, byte for byte
    assert ACTOR_C in {e["actor1"] for e in events} and PLACE_C in {(e["place"] or {}).get("name") for e in events}
    t = run("timeline", "--db", str(db), "--format", "json")
    assert t.returncode == 0 and ACTOR_C in {s["holder"] for s in json.loads(t.stdout)}
    assert_inert(t.stdout)
    x = run("export", "--format", "jsonl", "--db", str(db), "--historical")
    assert x.returncode == 0 and ACTOR_C in x.stdout.replace("\\u001b", "\x1b").replace("\\u202e", "\u202e")
    assert_inert(x.stdout)


def test_csv_has_the_names_without_control_codes(db):
    r = run("events", "--db", str(db), "--historical", "--format", "csv")
    assert r.returncode == 0, r.stderr
    assert_inert(r.stdout)
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert visible(ACTOR_C) in {row["actor1"] for row in rows} and visible(PLACE_C) in {row["location"] for row in rows}
    assert any(visible(OUTLET_A) in row["source"] for row in rows)
    t = run("timeline", "--db", str(db), "--format", "csv")
    assert t.returncode == 0 and visible(ACTOR_C) in {row["holder"] for row in csv.DictReader(io.StringIO(t.stdout))}
    assert_inert(t.stdout)


def test_log_lines_carry_no_control_codes():
    buf = io.StringIO()
    logger = logging.getLogger("frontlines.test_hostile")
    logger.addHandler(log_handler(buf, "%(levelname)s %(message)s"))
    logger.propagate = False
    logger.warning("skipped %s: extraction failed", ID_A)
    assert buf.getvalue() == "WARNING skipped kivu-[/]-red: extraction failed\n"


# -- the dashboard ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def page(db):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (make test does, as root)")
    import uvicorn
    from playwright.sync_api import sync_playwright

    from frontlines.web.app import create_app
    from frontlines.web.assets import VENDOR

    if not (VENDOR / "leaflet" / "leaflet.js").exists():
        pytest.skip("Leaflet is not installed: run `python -m frontlines.web.assets` (make test does)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    while not srv.started:
        time.sleep(0.05)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        pg = browser.new_page(viewport={"width": 1400, "height": 900})
        pg.add_init_script("document.addEventListener('securitypolicyviolation', "
                           "e => (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI))")
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.goto(f"http://127.0.0.1:{port}/")
        pg.wait_for_selector("body[data-ready='1']", timeout=30000)
        pg.errors = errors
        pg.base = f"http://127.0.0.1:{port}"
        yield pg
        browser.close()
    srv.should_exit = True
    thread.join(timeout=5)


def test_dashboard_tooltips_and_evidence_show_hostile_names_as_text(page):
    page.evaluate("""() => { const s = document.getElementById('slider'); s.value = s.max;
        s.dispatchEvent(new Event('input')); }""")
    tips = page.evaluate("""() => {
        const layers = [...window.frontlines.eventLayer.getLayers(), ...Object.values(window.frontlines.markers)];
        return layers.map(m => { m.openTooltip(); const t = m.getTooltip();
            const node = t.getElement();
            return [t.getContent().nodeType, node.textContent, node.querySelectorAll('*').length]; }); }""")
    assert tips and all(kind == 3 and children == 0 for kind, _, children in tips), tips  # text nodes only
    texts = " ".join(t for _, t, _ in tips)
    assert PLACE_C in texts and "[bold]Azawad[/bold] <b>Front</b>" in texts
    kidal = page.evaluate(f"Object.keys(window.frontlines.markers).find(k => k.includes({json.dumps('Kidal <img')}))")
    page.evaluate(f"window.frontlines.markers[{json.dumps(kidal)}].fire('click') && null")
    page.wait_for_selector("#evidence mark", timeout=10000)
    panel = page.inner_text("#evidence")
    assert "Kidal <img src=x" in panel and "Colonel [/i] <svg" in panel
    options = page.evaluate("[...document.querySelectorAll('#f-actor option')].map(o => o.textContent)")
    assert ACTOR_C in options
    a = page.evaluate(f"window.frontlines.events.find(e => e.place === 'Bunia').id")
    page.evaluate(f"window.frontlines.eventLayer.getLayers().find(m => m.getTooltip().getContent().textContent"
                  f".includes('Bunia')).fire('click') && null")
    wait_until(page, "document.querySelector('#evidence').innerText.includes('Herald')")
    assert "Lakes <img src=x" in page.inner_text("#evidence") and a
    counts = page.evaluate("""[document.querySelectorAll('#evidence img, #evidence svg, #evidence script, #evidence b').length,
        document.querySelectorAll('.leaflet-pane img[src="x"], .leaflet-pane svg[onload]').length]""")
    assert counts == [0, 0]
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("window.__csp || []") == [] and not page.errors


def test_api_docs_run_under_the_content_security_policy(page):
    page.goto(page.base + "/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=30000)
    assert "frontlines" in page.inner_text(".swagger-ui .info .title")
    assert page.evaluate("window.__csp || []") == []
