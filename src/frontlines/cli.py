"""The `frontlines` command: a thin layer over the Python API."""
from __future__ import annotations

import json
import logging
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from .ingest import IngestError, Skipped, parse_published, read_paths

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Conflict news in, sourced events and control out.")
gazetteer_app = typer.Typer(no_args_is_help=True, help="The embedded GeoNames gazetteer.")
app.add_typer(gazetteer_app, name="gazetteer")
log = logging.getLogger("frontlines")
err = Console(stderr=True)


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


def _fail(message: str) -> None:
    err.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(2)


@app.command()
def extract(
    path: str = typer.Argument(..., help="A .txt, .html, .jsonl, .csv or feed file, a folder of them, or - for stdin."),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD for texts that carry none."),
    outlet: Optional[str] = typer.Option(None, help="Outlet name for texts that carry none."),
    format: Format = typer.Option(Format.table, "--format", "-f", help="table for people, json or jsonl for tools."),
) -> None:
    """Extract events, places, sources and control from news articles."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    if published is not None:
        try:
            published = parse_published(published)
        except IngestError as exc:
            _fail(str(exc))
    if path != "-" and not Path(path).exists():
        _fail(f"no such file or folder: {path}")
    from .pipeline import process_many  # loads spaCy: only once the arguments are known to be good

    reports = []
    skipped = 0

    def articles():
        nonlocal skipped
        for item in read_paths([path], published=published, outlet=outlet):
            if isinstance(item, Skipped):
                skipped += 1
            else:
                yield item

    for article, report in process_many(articles()):
        if isinstance(report, Exception):  # one bad article must not stop a batch
            log.warning("skipped %s: extraction failed: %s", article.id, report)
            skipped += 1
            continue
        if format is Format.jsonl:
            sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False) + "\n")
        elif format is Format.table:
            from .render import print_report
            print_report(report)
        else:
            reports.append(report.to_dict())
    if format is Format.json:
        out = reports[0] if len(reports) == 1 else reports
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    if skipped:
        err.print(f"[yellow]{skipped} record(s) skipped[/] (reasons logged above)")
    if not reports and format is Format.json and skipped:
        raise typer.Exit(1)


@gazetteer_app.command("build")
def gazetteer_build(
    geonames: Optional[Path] = typer.Option(None, exists=True, dir_okay=False,
                                            help="A GeoNames dump: allCountries.zip, cities500.zip or a country file."),
    path: Optional[Path] = typer.Option(None, help="Where to write the index (default: the user cache)."),
) -> None:
    """Build (or rebuild) the SQLite gazetteer index."""
    from .places.gazetteer import build, default_path

    counts = build(path or default_path(), geonames_file=geonames, progress=True)
    err.print(counts)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
