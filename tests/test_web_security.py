"""The dashboard server facing hostile requests: Host check, the token off loopback, security
headers, parameters checked exactly as the CLI checks them, pages, gzip, and no 5xx."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from frontlines.batch import ingest
from frontlines.engine import LocalEngine
from frontlines.store import Store
from frontlines.web.app import DEFAULT_LIMIT, create_app
from frontlines.web.guard import access_for

CORPUS = Path(__file__).parent / "merge_corpus" / "stories.jsonl"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("websec") / "w.db"
    store = Store(path)
    ingest([str(CORPUS)], store, LocalEngine(1))
    store.close()
    return path


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    return TestClient(create_app(str(db)), base_url="http://127.0.0.1:8765")


def test_every_answer_carries_the_security_headers(client):
    for url in ("/", "/api/meta", "/api/events", "/static/app.js", "/docs", "/api/events/nope", "/nowhere"):
        r = client.get(url)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp, url
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY", url
    assert "<script>" not in client.get("/docs").text.replace('<script src="', "")  # no inline script to allow


@pytest.mark.parametrize("host,status", [("127.0.0.1:8765", 200), ("localhost:8765", 200), ("[::1]:8765", 200),
                                         ("localhost", 200), ("attacker.example", 421),
                                         ("attacker.example:8765", 421), ("127.0.0.1.attacker.example", 421),
                                         ("", 421)])
def test_the_host_header_must_name_this_server(client, host, status):
    r = client.get("/api/meta", headers={"host": host})
    assert r.status_code == status, (host, r.text)
    if status != 200:
        assert "Host" in r.text and "events" not in r.text


def test_off_loopback_a_warning_and_the_token(db):
    assert access_for("127.0.0.1").token is None and access_for("::1").warning is None
    wide = access_for("0.0.0.0")
    assert wide.token and len(wide.token) >= 24 and wide.token in wide.warning and "every interface" in wide.warning
    assert access_for("0.0.0.0").token != wide.token  # a new one each time, unless given
    c = TestClient(create_app(str(db), access_for("0.0.0.0", "s3cret-token")), base_url="http://192.0.2.7:8765")
    assert c.get("/api/meta").status_code == 401 and "token" in c.get("/").text
    assert c.get("/api/meta", params={"token": "wrong"}).status_code == 401
    assert c.get("/api/meta", headers={"authorization": "Bearer s3cret-token"}).status_code == 200
    first = c.get("/", params={"token": "s3cret-token"})
    assert first.status_code == 200 and "HttpOnly" in first.headers["set-cookie"]
    assert "SameSite=Strict" in first.headers["set-cookie"]
    assert c.get("/api/meta").status_code == 200  # the cookie from the first visit
    c.cookies.clear()
    assert c.get("/api/events", headers={"cookie": 'frontlines_token="s3cret-token'}).status_code == 401
    one = TestClient(create_app(str(db), access_for("192.0.2.7", "t")), base_url="http://192.0.2.7")
    assert one.get("/api/meta", params={"token": "t"}).status_code == 200
    assert one.get("/api/meta", params={"token": "t"}, headers={"host": "attacker.example"}).status_code == 421


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_on_every_interface_warns_and_needs_the_token(db):
    from frontlines.web.assets import VENDOR

    if not (VENDOR / "leaflet" / "leaflet.js").exists():
        pytest.skip("Leaflet is not installed: run `python -m frontlines.web.assets` (make test does)")
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "frontlines.cli", "serve", "--db", str(db), "--host", "0.0.0.0",
                             "--port", str(port)], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            env={**os.environ, "FRONTLINES_TOKEN": ""})
    try:
        warning = proc.stderr.readline()
        assert warning.startswith("warning: ") and "every interface" in warning, warning
        token = warning.rsplit("?token=", 1)[1].strip()
        url = f"http://127.0.0.1:{port}/api/meta"
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=5)
            except urllib.error.HTTPError as exc:
                assert exc.code == 401
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not answer")
        with urllib.request.urlopen(f"{url}?token={token}", timeout=5) as r:
            assert r.status == 200 and b'"events"' in r.read()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


DAYS = ["2021-08-01", "notadate", "2021-13-45", "2021-02-30", "2021-8-1", "Mon, 02 Aug 2021 10:00:00 GMT",
        "2999-01-01", "", "2021-08-01T10:00:00Z"]
TYPES = ["Battles", "Armed clash", "battles", "explosions", "<script>", "Battles'--"]
COUNTRIES = ["AF", "afg", "Afghanistan", "ZZ", "Atlantis", "' OR 1=1"]
ACTORS = ["Taliban", "taliban", "Nobody At All"]


def test_parameters_are_checked_exactly_as_the_cli_checks_them(client, db):
    def cli_accepts(*args: str) -> bool:
        r = subprocess.run([sys.executable, "-m", "frontlines.cli", "events", "--db", str(db), "-f", "json", *args],
                           capture_output=True, text=True, timeout=120)
        assert r.returncode in (0, 2) and "Traceback" not in r.stderr, r.stderr
        return r.returncode == 0

    for value in DAYS:
        for name in ("since", "until"):
            r = client.get("/api/events", params={name: value})
            assert r.status_code in (200, 422), (name, value, r.status_code)
            assert (r.status_code == 200) == cli_accepts(f"--{name}", value), (name, value)
            if r.status_code == 422:
                assert r.json()["detail"] == f"{name} must be a date such as 2021-08-08, not {value!r}"
        ok = client.get("/api/control", params={"on": value}).status_code
        assert ok in (200, 422) and (ok == 200) == (client.get("/api/events", params={"since": value}).status_code == 200)
    for option, values in (("type", TYPES), ("country", COUNTRIES), ("actor", ACTORS)):
        for value in values:
            r = client.get("/api/events", params={option: value})
            assert r.status_code in (200, 422) and (r.status_code == 200) == cli_accepts(f"--{option}", value), value
            if r.status_code == 422:
                assert "unknown" in r.json()["detail"] and value in r.json()["detail"]
    assert client.get("/api/control", params={"on": "2021-13-45"}).json()["detail"] == \
        "on must be a date such as 2021-08-08, not '2021-13-45'"
    assert client.get("/api/control", params={"on": "2021-09-30", "country": "Atlantis"}).status_code == 422
    assert client.get("/api/control").status_code == 422


def test_every_list_route_pages(client):
    full = client.get("/api/events", params={"limit": 5000}).json()
    assert 5 < len(full) < DEFAULT_LIMIT
    pages = [client.get("/api/events", params={"limit": 4, "offset": o}) for o in range(0, len(full) + 4, 4)]
    assert all(p.headers["x-total-count"] == str(len(full)) for p in pages)
    assert [e for p in pages for e in p.json()] == full
    for route, params in (("/api/places", {}), ("/api/timeline", {}), ("/api/control", {"on": "2021-09-30"})):
        everything = client.get(route, params=params).json()
        assert everything, route
        one = client.get(route, params={**params, "limit": 1, "offset": 1})
        assert one.json() == everything[1:2] and one.headers["x-total-count"] == str(len(everything)), route
    for bad in ({"limit": 0}, {"limit": 5001}, {"offset": -1}, {"limit": "ten"}):
        assert client.get("/api/events", params=bad).status_code == 422, bad


def test_answers_are_gzipped(client):
    r = client.get("/api/basemap", params={"country": "AF"}, headers={"accept-encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip" and r.json()["features"]
    raw = client.get("/api/events", headers={"accept-encoding": "gzip"})
    assert raw.headers["content-encoding"] == "gzip"
    assert raw.json() == client.get("/api/events", headers={"accept-encoding": "identity"}).json()
    assert client.get("/api/meta", headers={"accept-encoding": "identity"}).headers.get("content-encoding") is None


HOSTILE = [
    "/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd", "/static/..%2f..%2fstore.py",
    "/api/articles/../../../etc/passwd", "/api/articles/%00", "/api/articles/" + "x" * 5000,
    "/api/events/%27%20OR%201=1--", "/api/events?country=%27%3B%20DROP%20TABLE%20events%3B--",
    "/api/events?since=%00", "/api/events?actor=" + "%F0%9F%92%A5" * 500, "/api/events?limit=1e9",
    "/api/events?historical=maybe", "/api/control?on=2021-08-01&country=" + "A" * 10000,
    "/api/timeline?place=%3Cscript%3E", "/api/basemap?country=" + ",".join(["AF"] * 2000),
    "/api/events?type=%ff%fe", "/api/events/" + "%E2%80%AE" * 100, "/docs/../openapi.json", "/api/meta?token=x",
]


def test_hostile_requests_get_no_5xx_and_nothing_outside_the_store(client):
    for url in HOSTILE:
        r = client.get(url)
        assert r.status_code < 500, (url, r.status_code, r.text[:200])
        assert "root:" not in r.text and "import " not in r.text, url
    for method in ("post", "put", "delete", "patch"):  # no write without the review token (test_web_review.py)
        assert getattr(client, method)("/api/events").status_code == 403
    big = client.get("/api/events", headers={"cookie": "a=" + "b" * 6000, "x-junk": "\u00ff".encode("latin-1") * 100})
    assert big.status_code == 200


def test_a_damaged_store_is_a_503_with_one_line(tmp_path, db):
    bad = tmp_path / "bad.db"
    bad.write_bytes(db.read_bytes()[:8192])
    r = TestClient(create_app(str(bad)), base_url="http://127.0.0.1").get("/api/meta")
    assert r.status_code == 503 and "damaged" in r.json()["detail"] and "\n" not in r.json()["detail"]

