"""Streaming reader for GeoNames dumps: allCountries.zip, cities500.zip, a country file (AF.zip) or
its unzipped .txt, all in the standard 19-column tab-separated format.

Only the rows a conflict-news geoparser can use are yielded: every populated place (P) and
administrative unit (A, except historical PCLH), terrain (T) and water (H) features, and sites
(S) that have people or are airports, military installations, prisons, dams or bridges, plus
military bases (which GeoNames files under L). allCountries is 1.5 GB unzipped: it is read line
by line and never held in memory.
"""
from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Callable, Iterator, NamedTuple

_SITE_CODES = {"AIRP", "MILB", "INSM", "PRN", "DAM", "BDG"}
_COUNTRY_CODES = {"PCL", "PCLI", "PCLD", "PCLF", "PCLS", "PCLIX"}


class DumpRow(NamedTuple):
    geonameid: int
    name: str
    asciiname: str
    alternatenames: list[str]
    lat: float
    lon: float
    kind: str
    feature_code: str
    country: str
    admin1: str  # GeoNames admin1 code without the country ('24'), '' when unknown
    admin2: str
    population: int


def kind_of(feature_class: str, feature_code: str, population: int) -> str | None:
    """The gazetteer kind of a GeoNames feature, or None when the feature is not kept."""
    if feature_class == "P":
        return "city"
    if feature_class == "A":
        if feature_code == "ADM1":
            return "admin1"
        if feature_code == "ADM2":
            return "admin2"
        if feature_code in _COUNTRY_CODES:
            return "country"
        return None if feature_code == "PCLH" else "region"
    if feature_class in ("T", "H"):
        return "region"
    if feature_class in ("S", "L") and (feature_code in _SITE_CODES or (feature_class == "S" and population > 0)):
        return "facility"
    return None


def check_dump(path: Path) -> None:
    """Fail before the long build starts when the dump cannot be read."""
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as zf:
            _member(zf)
    elif not path.is_file():
        raise FileNotFoundError(path)


def dump_size(path: Path) -> int:
    """Uncompressed bytes of the dump, for a progress bar."""
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as zf:
            return _member(zf).file_size
    return path.stat().st_size


def read_dump(path: Path, advance: Callable[[int], None] | None = None) -> Iterator[DumpRow]:
    """The kept rows of a dump, streamed; `advance` is told how many bytes were read."""
    read = 0
    for line in _lines(path):
        read += len(line)
        if advance is not None and read >= 1 << 22:
            advance(read)
            read = 0
        row = _parse(line.decode("utf-8"))
        if row is not None:
            yield row
    if advance is not None:
        advance(read)


def _member(zf: zipfile.ZipFile) -> zipfile.ZipInfo:
    # country files ship a readme.txt beside the data
    members = [i for i in zf.infolist() if i.filename.endswith(".txt") and not i.filename.lower().startswith("readme")]
    if not members:
        raise ValueError(f"{zf.filename}: no GeoNames .txt file inside")
    return max(members, key=lambda i: i.file_size)


def _lines(path: Path) -> Iterator[bytes]:
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as zf, zf.open(_member(zf)) as raw:
            yield from raw
    else:
        with path.open("rb") as fh:
            yield from fh


def _parse(line: str) -> DumpRow | None:
    f = line.rstrip("\r\n").split("\t")
    if len(f) < 15 or not f[0].isdigit():
        return None
    population = int(f[14]) if f[14].lstrip("-").isdigit() else 0
    kind = kind_of(f[6], f[7], population)
    if kind is None:
        return None
    return DumpRow(int(f[0]), f[1], f[2], [a for a in f[3].split(",") if a], float(f[4]), float(f[5]), kind, f[7],
                   f[8], f[10], f[11], max(population, 0))
