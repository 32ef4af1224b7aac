"""Corrections from the dashboard: every write route needs the store's review token and loopback,
and the review panel in Debian's chromium (playwright, never `playwright install`) shows a payload
in a correction as text."""
from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

from frontlines.batch import ingest
from frontlines.engine import LocalEngine
from frontlines.store import Store
from frontlines.web.guard import access_for

from test_web import CHROMIUM, FLAGS, _free_port, wait_until

ROOT = Path(__file__).resolve().parents[1]
PAYLOAD = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\"> not in Mopti"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("webreview") / "w.db"
    store = Store(path)
    ingest([str(ROOT / "samples" / "corpus.jsonl")], store, LocalEngine(1))
    store.close()
    return path


def _event(db: Path, sub_event_type: str) -> str:
    return next(e["id"] for e in Store(db, readonly=True).events(include_rejected=True)
                if e["sub_event_type"] == sub_event_type)


def _client(db: Path, access):
    from fastapi.testclient import TestClient

    from frontlines.web.app import create_app

    return TestClient(create_app(str(db), access), base_url="http://127.0.0.1")


def test_the_token_guards_every_write_route(db, tmp_path):
    copy = tmp_path / "g.db"
    shutil.copy(db, copy)
    token = Store(copy).secret("review_token")
    assert token == Store(copy).secret("review_token") and len(token) >= 24  # one per store, kept
    client = _client(copy, access_for("127.0.0.1", review_token=token))
    writes = [(r.path, m) for r in client.app.routes for m in getattr(r, "methods", set()) - {"GET", "HEAD"}]
    assert {p for p, _ in writes} == {"/api/events/{event_id}/review", "/api/events/{event_id}/merge",
                                      "/api/events/{event_id}/split"}
    arrest, strike = _event(copy, "Arrests"), _event(copy, "Suicide bomb")
    bodies = {"review": {"action": "reject", "why": "x"}, "merge": {"other": strike}, "split": {"mention": "peshawar-1/e1"}}
    for path, method in writes:
        url = path.replace("{event_id}", arrest)
        body = bodies[path.rsplit("/", 1)[1]]
        for headers in ({}, {"X-Review-Token": token[:-1] + "A"}, {"Cookie": f"frontlines_review={token}"}):
            answer = client.request(method, url, json=body, headers=headers)
            assert answer.status_code == 403, (path, headers)
    assert Store(copy).review_log() == []  # nothing got through
    assert client.get(f"/api/events/{arrest}").status_code == 200  # reading needs no token
    ok = client.post(f"/api/events/{arrest}/review", json={"action": "reject", "why": "x"},
                     headers={"X-Review-Token": token})
    assert ok.status_code == 200 and ok.json()[0]["review"]["status"] == "rejected"
    assert arrest not in {e["id"] for e in client.get("/api/events").json()}
    assert client.get(f"/api/events/{arrest}").json()["review"]["status"] == "rejected"  # still there, to restore
    bad = client.post(f"/api/events/{strike}/review", json={"action": "set", "field": "date", "value": "soon"},
                      headers={"X-Review-Token": token})
    assert bad.status_code == 422 and "YYYY-MM-DD" in bad.json()["detail"]
    # read-only servers: off loopback no write route answers, whatever token is given
    wide = _client(copy, access_for("0.0.0.0", token="read", review_token=token))
    assert wide.post(f"/api/events/{strike}/review", json={"action": "reject"},
                     headers={"X-Review-Token": token, "Authorization": "Bearer read"}).status_code == 403
    plain = _client(copy, None)
    assert plain.post(f"/api/events/{strike}/review", json={"action": "reject"},
                      headers={"X-Review-Token": token}).status_code == 403
    assert [c["event_id"] for c in Store(copy).review_log()] == [arrest]


@pytest.fixture(scope="module")
def served(db, tmp_path_factory):
    import uvicorn

    from frontlines.web.app import create_app
    from frontlines.web.assets import VENDOR

    if not (VENDOR / "leaflet" / "leaflet.js").exists():
        pytest.skip("Leaflet is not installed: run `python -m frontlines.web.assets` (make test does)")
    token = Store(db).secret("review_token")
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(str(db), access_for("127.0.0.1", review_token=token)),
                                        host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", token
    srv.should_exit = True
    thread.join(timeout=5)


def test_review_in_the_evidence_panel_shows_a_payload_as_text(served, db):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (make test does, as root)")
    from playwright.sync_api import sync_playwright

    url, token = served
    attack = _event(db, "Attack")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{url}/?review={token}")
        page.wait_for_selector("body[data-ready='1']", timeout=30000)
        assert "review=" not in page.url  # the token leaves the address bar at once
        count = "(((document.getElementById('summary') || {}).textContent || '').match(/(\\d+) event\\(s\\)/) || [])[1]"
        wait_until(page, count)
        before = int(page.evaluate(count))
        page.evaluate(f"showEvent('{attack}') && null")
        page.wait_for_selector("#r-reject", timeout=10000)
        page.fill("#r-why", PAYLOAD)
        page.click("#r-reject")
        # the panel is rebuilt after each correction: its elements come and go while it loads
        wait_until(page, "(document.getElementById('r-badge') || {}).textContent === 'rejected'")
        text = page.inner_text("#review")
        assert PAYLOAD in text and "restore" in text
        assert page.evaluate("window.__pwned") is None
        assert page.evaluate("document.querySelectorAll('#evidence script, #evidence img').length") == 0
        assert attack not in page.evaluate("window.frontlines.events.map(e => e.id)")  # off the map
        wait_until(page, f"{count} === '{before - 1}'")  # and the counts
        page.select_option("#r-field", "fatalities")
        page.fill("#r-value", "eleven")
        page.click("#r-set")
        wait_until(page, "((document.getElementById('r-status') || {}).textContent || '').includes('not done')")
        assert "whole number" in page.inner_text("#r-status")
        page.fill("#r-why", "it was Mopti after all")
        page.click("#r-restore")
        wait_until(page, "(document.getElementById('r-badge') || {}).textContent === 'reviewed'")
        assert attack in page.evaluate("window.frontlines.events.map(e => e.id)")
        from test_web import ARTIFACTS

        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.locator("#r-status").scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "review.png"))
        assert not errors, errors
        browser.close()
    log = Store(db).review_log(attack)
    assert [(c["action"], c["why"]) for c in log] == [("reject", PAYLOAD), ("restore", "it was Mopti after all")]
