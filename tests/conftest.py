"""Shared fixtures. Tests that need ../shared (the sample story, its gold file, eval data) skip
with a message where it is absent."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# an analyst's type corrections become examples in a user file: tests never write the real one
os.environ.setdefault("FRONTLINES_CORRECTIONS", str(Path(tempfile.mkdtemp(prefix="frontlines-corrections-")) / "c.jsonl"))

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def shared_file(rel: str) -> Path:
    path = SHARED / rel
    if not path.exists():
        pytest.skip(f"{path} is absent: this test needs ../shared beside the project")
    return path


@pytest.fixture(scope="session")
def nlp():
    from frontlines import nlp as nlp_mod

    return nlp_mod.load()


@pytest.fixture(scope="session")
def extract():
    """frontlines.extract with the models loaded once for the whole session."""
    import frontlines

    return frontlines.extract
