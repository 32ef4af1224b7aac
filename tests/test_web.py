"""The dashboard: API answers, and the page in Debian's chromium driven by playwright (never
`playwright install`). Browser tests skip with a message where /usr/bin/chromium is absent."""
from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path

import pytest

from frontlines.batch import ingest
from frontlines.engine import LocalEngine
from frontlines.store import Store

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
INJECTED = ("Ukrainian forces recaptured the city of Izium in the Kharkiv region on Saturday "
            "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\"> , officials said.")


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("web")
    src = d / "corpus.jsonl"
    lines = (ROOT / "samples" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    lines.append(json.dumps({"id": "injected", "text": INJECTED, "published": "2022-09-12", "outlet": "Prank Post"}))
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = d / "web.db"
    ingest([str(src)], Store(path), LocalEngine(1))
    return path


@pytest.fixture(scope="module")
def client(db):
    from fastapi.testclient import TestClient

    from frontlines.web.app import create_app

    return TestClient(create_app(str(db)), base_url="http://127.0.0.1")


def test_api(client):
    meta = client.get("/api/meta").json()
    assert meta["events"] > 5 and "AF" in meta["countries"]
    on = client.get("/api/control", params={"on": "2021-08-06", "country": "AF"}).json()
    assert [(s["place"]["name"], s["holder"], s["status"]) for s in on] == [("Shibirghān", "Taliban", "contested")]
    assert client.get("/api/control", params={"on": "not-a-date"}).status_code == 422
    ev = client.get("/api/events", params={"country": "UA"}).json()[0]
    detail = client.get(f"/api/events/{ev['id']}").json()
    assert {m["article"] for m in detail["members"]} >= {"kharkiv-1", "injected"}
    article = client.get("/api/articles/injected").json()
    assert "<script>" in article["text"]  # stored as given; the page shows it as text
    provinces = client.get("/api/basemap", params={"country": "AF"}).json()["features"]
    names = {f["properties"]["iso_3166_2"]: f["properties"]["name"] for f in provinces}
    assert len(names) == 34 and names["AF-PAN"] == "Panjshir" and names["AF-DAY"] == "Daykundi"
    assert client.get("/openapi.json").json()["info"]["title"] == "frontlines"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(db):
    import uvicorn

    from frontlines.web.app import create_app
    from frontlines.web.assets import VENDOR

    if not (VENDOR / "leaflet" / "leaflet.js").exists():
        pytest.skip("Leaflet is not installed: run `python -m frontlines.web.assets` (make test does)")
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def page(server):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (make test does, as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        pg = browser.new_page(viewport={"width": 1400, "height": 900})
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.goto(server + "/")
        pg.wait_for_selector("body[data-ready='1']", timeout=30000)
        pg.errors = errors
        yield pg
        browser.close()


def wait_until(page, expression: str, timeout: float = 10.0) -> None:
    """Poll `expression` from outside the page: page.wait_for_function evaluates strings in the page,
    which the dashboard's Content-Security-Policy (no 'unsafe-eval') forbids."""
    deadline = time.time() + timeout
    while not page.evaluate(expression):
        assert time.time() < deadline, f"timed out waiting for {expression}"
        time.sleep(0.05)


SHEB = "1125444|Shibirghān|city"


def _set_day(page, day: str) -> None:
    page.evaluate("""day => { const s = document.getElementById('slider');
        s.value = window.frontlines.days.indexOf(day); s.dispatchEvent(new Event('input')); }""", day)


def test_page_draws_provinces_and_places(page):
    assert page.evaluate("window.frontlines.provinceLayer.getLayers().length") >= 34
    assert page.evaluate(f"'{SHEB}' in window.frontlinesControl")
    assert not page.errors


def test_slider_changes_a_place_colour(page):
    _set_day(page, "2021-08-06")
    before = page.evaluate(f"[window.frontlinesControl['{SHEB}'], window.frontlines.markers['{SHEB}'].options.fillOpacity]")
    _set_day(page, "2021-08-07")
    after = page.evaluate(f"[window.frontlinesControl['{SHEB}'], window.frontlines.markers['{SHEB}'].options.fillOpacity]")
    assert before == ["Taliban|contested", 0.25] and after == ["Taliban|held", 0.8]
    _set_day(page, "2024-07-18")  # the last day: Izyum is held by Ukraine since 2022
    assert page.evaluate("Object.entries(window.frontlinesControl).find(([k]) => k.includes('Izyum'))[1]") \
        == "Military Forces of Ukraine|held"


def test_click_shows_evidence_and_injected_markup_stays_text(page):
    _set_day(page, "2022-09-12")
    page.evaluate("Object.entries(window.frontlines.markers).find(([k]) => k.includes('Izyum'))[1].fire('click') && null")
    page.wait_for_selector("#evidence mark", timeout=10000)
    text = page.inner_text("#evidence")
    assert "held" in text and "Prank Post" in text and "<script>window.__pwned = 1</script>" in text
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.querySelectorAll('#evidence script, #evidence img').length") == 0
    _set_day(page, "2021-08-06")
    page.evaluate(f"window.frontlines.markers['{SHEB}'].fire('click') && null")
    wait_until(page, "document.querySelector('#evidence').innerText.includes('contested')")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"))
    assert "denied" in page.inner_text("#evidence")
