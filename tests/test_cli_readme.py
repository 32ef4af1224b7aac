"""README's CLI walk-through, command by command, on the bundled sample: what it promises is what
the tool does (if an event id in it changes, the README line must change with it)."""
from __future__ import annotations

import csv
import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def walkthrough() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- walkthrough -->\n```bash\n(.*?)```", text, re.S)
    assert block, "README has no walk-through block"
    return [shlex.split(line, comments=True) for line in block[1].splitlines() if line.strip()]


def test_readme_walkthrough_runs_on_the_sample(tmp_path):
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    outputs = {}
    commands = walkthrough()
    assert [c[1] for c in commands] == ["extract", "ingest", "events", "events", "event", "summary", "export", "control"]
    for cmd in commands:
        assert cmd[0] == "frontlines"
        r = subprocess.run([sys.executable, "-m", "frontlines", *cmd[1:]], cwd=tmp_path, capture_output=True,
                           text=True, timeout=600)
        assert r.returncode == 0, (cmd, r.stderr)
        outputs.setdefault(cmd[1], []).append(r.stdout + r.stderr)
    assert "new 9" in outputs["ingest"][0]
    merged = int(re.search(r"(\d+) merged events", outputs["ingest"][0])[1])
    battles = outputs["events"][0].splitlines()
    assert any("Non-state actor overtakes territory" in x and '[stormed]' in x for x in battles)
    assert all(x.startswith("AF-") for x in battles[:-1]) and battles[-1] == f"# {len(battles) - 1} event(s)"
    assert "Air/drone strike" in outputs["events"][1] and "Military Forces of Afghanistan vs Taliban" in outputs["events"][1]
    detail = outputs["event"][0]
    assert "Frontline Wire" in detail and "Steppe Report" in detail
    assert '"The Defence Ministry denied that the city had fallen' in detail
    with (tmp_path / "events.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    background = json.loads(subprocess.run([sys.executable, "-m", "frontlines", "events", "--db", "walk.db", "--time-status",
                                            "historical", "-f", "json"], cwd=tmp_path, capture_output=True, text=True,
                                           check=True).stdout)
    assert [e["date"] for e in background] == ["2016"]
    shown = json.loads(subprocess.run([sys.executable, "-m", "frontlines", "events", "--db", "walk.db", "-f", "json"],
                                      cwd=tmp_path, capture_output=True, text=True, check=True).stdout)
    everything = json.loads(subprocess.run([sys.executable, "-m", "frontlines", "events", "--db", "walk.db", "-f", "json",
                                            "--min-confidence", "0"], cwd=tmp_path, capture_output=True, text=True,
                                           check=True).stdout)
    assert len(everything) == merged - 1  # all but the background
    # the export holds what the default view shows (events at the default confidence), futures aside
    assert len(rows) == len([e for e in shown if e["time_status"] != "future"]) and len(rows) <= len(everything)
    assert "AF-949047a2b1" in {r["frontlines_id"] for r in rows}
    assert "Taliban | held | 2021-08-07 to now" in outputs["control"][0]
