"""The store under faults: read-only media, any file name, files that are not a store, a lock held
too long, a full disk, a failed export. Each is one line on stderr with status 1, never a traceback,
and the store (or the previous export) stays exactly as it was."""
from __future__ import annotations

import hashlib
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from frontlines.store import Store, StoreError

CORPUS = Path(__file__).parent / "merge_corpus" / "stories.jsonl"


def cli(*args: str, env: dict | None = None, preexec=None, prefix: list[str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*(prefix or []), sys.executable, "-m", "frontlines.cli", *args], capture_output=True,
                          text=True, timeout=600, env={**os.environ, **(env or {})}, preexec_fn=preexec)


def one_line_error(r: subprocess.CompletedProcess, *words: str) -> None:
    assert r.returncode == 1, (r.returncode, r.stderr[-2000:])
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr[-2000:]
    assert all(w in lines[0] for w in words), lines[0]


def digest(*paths: Path) -> list[str]:
    return [hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else "absent" for p in paths]


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> Path:
    """A finished store of the 30 merge-corpus stories, made by the command, closed cleanly."""
    db = tmp_path_factory.mktemp("faults") / "s.db"
    r = cli("ingest", str(CORPUS), "--db", str(db), "--workers", "1")
    assert r.returncode == 0, r.stderr
    return db


def copy_of(stored: Path, to: Path) -> Path:
    to.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(stored, to)
    return to


@pytest.mark.parametrize("name", ["a#b.db", "p%41.db", "q?mode=memory.db", "it's [odd] & ok.db"])
def test_db_takes_any_file_name(stored, tmp_path, name):
    db = copy_of(stored, tmp_path / name)
    r = cli("events", "--db", str(db), "--format", "json")
    assert r.returncode == 0, r.stderr
    assert '"id"' in r.stdout and len(Store(db, readonly=True).events()) > 5
    new = tmp_path / "new" / name
    new.parent.mkdir()
    Store(new).close()  # created under exactly that name, nowhere else
    assert {p.name for p in new.parent.iterdir()} <= {name, f"{name}-wal", f"{name}-shm"} and new.exists()


def _readonly_prefix(folder: Path) -> list[str]:
    """A command prefix that runs with `folder` on a read-only mount (root: a private mount namespace);
    other users get a read-only folder by its permissions."""
    if os.geteuid() != 0:
        for p in [folder, *folder.iterdir()]:
            p.chmod(0o555 if p.is_dir() else 0o444)
        return []
    script = 'mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" "$0" && exec "$@"'
    probe = subprocess.run(["unshare", "-m", "sh", "-c", script, str(folder), "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"cannot make a read-only mount here: {probe.stderr.decode().strip()[:200]}")
    return ["unshare", "-m", "sh", "-c", script, str(folder)]


def test_a_store_on_read_only_media_is_read(stored, tmp_path):
    db = copy_of(stored, tmp_path / "ro" / "s.db")
    event_id = Store(stored, readonly=True).events()[0]["id"]  # (reading the copy here would leave its -shm)
    ro = _readonly_prefix(db.parent)
    for args in (["events", "--format", "json"], ["timeline"], ["control", "--on", "2021-08-10"], ["event", event_id],
                 ["export", "--format", "jsonl"]):
        r = cli(*args, "--db", str(db), prefix=ro)
        assert r.returncode == 0 and "Traceback" not in r.stderr, (args, r.stderr[-1500:])
        assert event_id in r.stdout or args[0] in ("timeline", "control"), args
    served = subprocess.run([*ro, sys.executable, "-c", (
        "import sys; from fastapi.testclient import TestClient; from frontlines.web.app import create_app\n"
        "c = TestClient(create_app(sys.argv[1]), base_url='http://127.0.0.1')\n"
        "print(c.get('/api/meta').json()['events'], c.get('/api/events').status_code)"), str(db)],
        capture_output=True, text=True, timeout=300)
    assert served.returncode == 0, served.stderr[-1500:]
    assert int(served.stdout.split()[0]) > 5 and served.stdout.split()[1] == "200"
    before = digest(db)
    r = cli("ingest", str(CORPUS), "--db", str(db), prefix=ro)
    one_line_error(r, "read-only")
    assert digest(db) == before and sorted(p.name for p in db.parent.iterdir()) == ["s.db"]


def test_read_only_media_with_unmerged_commits_is_an_error_not_a_loss(stored, tmp_path):
    db = copy_of(stored, tmp_path / "wal" / "s.db")
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("DELETE FROM events WHERE rowid IN (SELECT rowid FROM events LIMIT 1)")
    snap = tmp_path / "snap"  # the files as a writer that crashed (or was unplugged) leaves them
    snap.mkdir()
    for name in ("s.db", "s.db-wal"):
        shutil.copyfile(db.parent / name, snap / name)
    writer.close()
    assert (snap / "s.db-wal").stat().st_size > 0
    r = cli("events", "--db", str(snap / "s.db"), prefix=_readonly_prefix(snap))
    one_line_error(r, "read-only media", "s.db-wal")


@pytest.mark.parametrize("damage", ["not sqlite", "truncated", "empty"])
def test_a_file_that_is_not_a_whole_store(stored, tmp_path, damage):
    db = tmp_path / "bad.db"
    if damage == "not sqlite":
        db.write_text("id,text\n1,this is a CSV file given as --db by mistake\n" * 50, encoding="utf-8")
    elif damage == "truncated":
        db.write_bytes(stored.read_bytes()[: stored.stat().st_size // 3])
    else:
        db.write_bytes(b"")
    before = digest(db)
    for args in (["events"], ["timeline"], ["export", "--format", "acled-csv"], ["ingest", str(CORPUS)]):
        r = cli(*args, "--db", str(db))
        if damage == "empty" and args[0] != "ingest":
            # an empty file is an SQLite database with no tables yet: say so, in one line
            one_line_error(r, "bad.db")
        elif damage == "empty":
            assert r.returncode == 0, r.stderr  # ingest makes it a store, as for a new file
            return
        else:
            one_line_error(r, "bad.db", "not a frontlines store" if damage == "not sqlite" else "damaged")
        assert digest(db) == before, args
    with pytest.raises(StoreError):
        Store(db, readonly=True).events()


def test_a_lock_held_too_long_is_one_line_and_readers_go_on(stored, tmp_path):
    db = copy_of(stored, tmp_path / "busy.db")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA journal_mode = WAL")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("DELETE FROM events")  # uncommitted: nobody may see it, and it is rolled back below
    try:
        before = Store(db, readonly=True).dump()
        r = cli("ingest", str(CORPUS), "--db", str(db), "--workers", "1", env={"FRONTLINES_BUSY_TIMEOUT": "1"})
        one_line_error(r, "busy", "1 s")
        r = cli("events", "--db", str(db), "--format", "json", env={"FRONTLINES_BUSY_TIMEOUT": "1"})
        assert r.returncode == 0 and r.stdout.count('"id"') >= len(before["events"]), r.stderr
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert Store(db, readonly=True).dump() == before


def _file_size_limit(limit: int):
    def apply() -> None:  # a full disk, as the process sees it: writes past `limit` bytes fail
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_a_full_disk_mid_ingest_keeps_whole_articles_and_the_rerun_finishes(stored, tmp_path):
    # `stored` first: the models and the gazetteer are built and cached before the disk is 'full'
    db = tmp_path / "full.db"
    r = cli("ingest", str(CORPUS), "--db", str(db), "--workers", "1", preexec=_file_size_limit(250_000))
    one_line_error(r, "full.db", "disk")
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    articles, reports = (con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "reports"))
    con.close()
    assert 0 < articles < 30 and reports == articles  # whole articles, each with its report
    r = cli("ingest", str(CORPUS), "--db", str(db), "--workers", "1")
    assert r.returncode == 0, r.stderr
    assert Store(db, readonly=True).counts()["articles"] == 30


@pytest.fixture(scope="module")
def larger(tmp_path_factory) -> Path:
    """Some hundreds of events (generated articles): exports larger than the 32 KB a reader needs for
    the store's WAL index, so that a size limit between the two fails the export and nothing else."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from generate import write

    d = tmp_path_factory.mktemp("larger")
    db = d / "l.db"
    r = cli("ingest", str(write(d / "gen.jsonl", 200, seed=3)), "--db", str(db), "--workers", "1")
    assert r.returncode == 0, r.stderr
    return db


LIMIT = 32768 + 4096


@pytest.mark.parametrize("fmt,name", [("parquet", "e.parquet"), ("acled-csv", "e.csv"), ("geojson", "e.geojson")])
def test_a_failed_export_keeps_the_previous_file(larger, tmp_path, fmt, name):
    out = tmp_path / "out" / name
    out.parent.mkdir()
    out.write_bytes(b"the previous good export\n")
    r = cli("export", "--format", fmt, "-o", str(out), "--db", str(larger), preexec=_file_size_limit(LIMIT))
    one_line_error(r, "cannot write", name)
    assert out.read_bytes() == b"the previous good export\n"
    assert [p.name for p in out.parent.iterdir()] == [name]  # no temporary file left behind
    r = cli("export", "--format", fmt, "-o", str(out), "--db", str(larger))
    assert r.returncode == 0 and out.stat().st_size > LIMIT, r.stderr
    assert oct(out.stat().st_mode & 0o777) == oct(0o666 & ~_umask())
    assert [p.name for p in out.parent.iterdir()] == [name]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
