"""Third-party browser code for the dashboard, fetched from the npm registry at set-up with an
integrity check and unpacked into static/vendor/ (ignored by git: the repository holds only code
this project wrote).

    python -m frontlines.web.assets
"""
from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).parent / "static" / "vendor"
PACKAGES = {
    # name@version: (integrity, {file in the tarball: file under vendor/})
    "leaflet@1.9.4": ("sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA==",
                      {"package/dist/leaflet.js": "leaflet/leaflet.js", "package/dist/leaflet.css": "leaflet/leaflet.css",
                       "package/LICENSE": "leaflet/LICENSE"}),
    "swagger-ui-dist@5.35.0": ("sha512-U06rpMtW9V3XPGOBeamTUSr0Z09jMX4IJuANpE/EZbAhw0G8CgwrzU4YmXkn/h0wCDNsXdGarTNNHC3sU8yVUQ==",
                               {"package/swagger-ui-bundle.js": "swagger/swagger-ui-bundle.js",
                                "package/swagger-ui.css": "swagger/swagger-ui.css",
                                "package/LICENSE": "swagger/LICENSE"}),
}


def npm_pack(name: str, integrity: str, cwd: Path) -> Path:
    """`npm pack` one package into `cwd` and check the tarball against its pinned integrity."""
    subprocess.run(["npm", "pack", name, "--silent"], cwd=cwd, check=True, capture_output=True)
    tgz = next(cwd.glob("*.tgz"))
    algo, want = integrity.split("-", 1)
    got = base64.b64encode(hashlib.new(algo, tgz.read_bytes()).digest()).decode()
    if got != want:
        raise SystemExit(f"{name}: integrity check failed ({algo}-{got} != {integrity})")
    return tgz


def fetch(force: bool = False) -> None:
    for name, (integrity, files) in PACKAGES.items():
        targets = [VENDOR / t for t in files.values()]
        if all(t.exists() for t in targets) and not force:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            tgz = npm_pack(name, integrity, Path(tmp))
            with tarfile.open(tgz) as tar:
                for src, dst in files.items():
                    out = VENDOR / dst
                    out.parent.mkdir(parents=True, exist_ok=True)
                    with tar.extractfile(src) as fh, out.open("wb") as w:
                        shutil.copyfileobj(fh, w)
        print(f"fetched {name}", file=sys.stderr)


if __name__ == "__main__":
    fetch(force="--force" in sys.argv)
