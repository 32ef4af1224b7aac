"""The embedded gazetteer: built from PyPI data, served from SQLite."""
from __future__ import annotations

import zipfile

import pytest

from frontlines.places.gazetteer import Gazetteer, build, normalize

CAPITALS = {  # every Afghan provincial capital by its common English spellings -> province ISO code
    "AF-BDS": ["Fayzabad", "Faizabad"], "AF-BDG": ["Qala-i-Naw"], "AF-BGL": ["Pul-e Khumri", "Puli Khumri"],
    "AF-BAL": ["Mazar-i-Sharif", "Mazar-e Sharif"], "AF-BAM": ["Bamyan"], "AF-DAY": ["Nili"], "AF-FRA": ["Farah"],
    "AF-FYB": ["Maymana"], "AF-GHA": ["Ghazni"], "AF-GHO": ["Chaghcharan", "Firozkoh"], "AF-HEL": ["Lashkar Gah"],
    "AF-HER": ["Herat"], "AF-JOW": ["Sheberghan", "Shibirghan"], "AF-KAB": ["Kabul"], "AF-KAN": ["Kandahar"],
    "AF-KAP": ["Mahmud-i-Raqi"], "AF-KHO": ["Khost"], "AF-KNR": ["Asadabad"], "AF-KDZ": ["Kunduz"],
    "AF-LAG": ["Mehtar Lam"], "AF-LOG": ["Pul-i-Alam"], "AF-NAN": ["Jalalabad"], "AF-NIM": ["Zaranj"],
    "AF-NUR": ["Parun"], "AF-PIA": ["Gardez"], "AF-PKA": ["Sharana"], "AF-PAN": ["Bazarak"], "AF-PAR": ["Charikar"],
    "AF-SAM": ["Aybak", "Aibak"], "AF-SAR": ["Sar-e Pul"], "AF-TAK": ["Taloqan"], "AF-URU": ["Tarinkot", "Tarin Kowt"],
    "AF-WAR": ["Maidan Shahr"], "AF-ZAB": ["Qalat"],
}


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    from frontlines.nlp import gazetteer

    return gazetteer()


def test_normalize():
    assert normalize("Mazār-e Sharīf") == normalize("mazar e sharif") == "mazar e sharif"
    assert normalize("The Gambia") == "gambia"
    assert normalize("Governor’s") == "governors"


@pytest.mark.parametrize("iso,names", sorted(CAPITALS.items()))
def test_afghan_provincial_capitals(gaz, iso, names):
    for name in names:
        cities = [e for e in gaz.candidates(name, country="AF") if e.kind == "city"]
        assert cities, f"{name} not found"
        assert cities[0].admin1_iso == iso, (name, cities[0])


def test_afghan_provinces(gaz):
    provinces = {e.admin1_iso for e in gaz._rows("SELECT geonameid, name, kind, feature_code, country, admin1_code, "
                                                  "admin1_iso, admin1_name, admin2_code, admin2_name, lat, lon, population "
                                                  "FROM places WHERE kind='admin1' AND country='AF'", [])}
    assert provinces == set(CAPITALS)
    for name in ("Kunduz", "Panjshir", "Helmand", "Kapisa", "Nangarhar", "Badakhshan"):
        assert any(e.kind == "admin1" for e in gaz.candidates(name, country="AF")), name


def test_city_and_province_of_one_name(gaz):
    found = {(e.kind, e.geonameid, e.admin1_iso) for e in gaz.candidates("Kunduz")}
    assert ("city", 1135689, "AF-KDZ") in found and ("admin1", 1135690, "AF-KDZ") in found


def test_countries_and_demonyms(gaz):
    assert gaz.candidates("Afghanistan")[0].kind == "country"
    assert gaz.country("TJ").name == "Tajikistan"
    assert gaz.demonym("Afghan") == "AF" and gaz.demonym("Sudanese") == "SD" and gaz.demonym("Burkinabe") == "BF"


def test_fuzzy_transliterations(gaz):
    assert gaz.fuzzy("Shebirghan", country="AF")[0][0].geonameid == gaz.candidates("Sheberghan")[0].geonameid
    assert gaz.fuzzy("Kondoz", country="AF")[0][0].name == "Kunduz"


def test_geonames_dump_import_is_atomic(tmp_path):
    row = "\t".join(["9999001", "Testabad", "Testabad", "Testabad Kalan,Tstbd", "35.1", "69.2", "P", "PPL", "AF", "",
                     "24", "", "", "", "12000", "", "900", "Asia/Kabul", "2024-01-01"])
    dump = tmp_path / "AF.zip"
    with zipfile.ZipFile(dump, "w") as zf:
        zf.writestr("AF.txt", row + "\n")
    path = tmp_path / "g.sqlite"
    counts = build(path, geonames_file=dump, progress=False)
    assert counts["places"] > 200_000 and not list(tmp_path.glob("*.tmp"))
    g = Gazetteer(path)
    e = g.candidates("Testabad Kalan")[0]
    assert (e.geonameid, e.country, e.admin1_iso, e.population) == (9999001, "AF", "AF-KDZ", 12000)
