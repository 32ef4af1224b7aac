"""`frontlines eval acled` on a small ACLED-format file whose notes this project wrote."""
import csv
import subprocess
import sys

from frontlines.evaluate import evaluate_acled

ROWS = [
    {"event_id_cnty": "SDN1", "event_date": "2023-10-27", "event_type": "Battles",
     "sub_event_type": "Non-state actor overtakes territory", "actor1": "Rapid Support Forces",
     "actor2": "Military Forces of Sudan (2019-)", "admin1": "South Darfur", "location": "Nyala",
     "latitude": "12.0489", "longitude": "24.8807", "fatalities": "0",
     "notes": "On 27 October 2023, Rapid Support Forces fighters seized the town of Nyala in South Darfur after "
              "days of fighting with the army."},
    {"event_id_cnty": "KEN1", "event_date": "2024-06-25", "event_type": "Protests",
     "sub_event_type": "Excessive force against protesters", "actor1": "Protesters (Kenya)",
     "actor2": "Police Forces of Kenya (2022-)", "admin1": "Nairobi", "location": "Nairobi",
     "latitude": "-1.2833", "longitude": "36.8167", "fatalities": "5",
     "notes": "On 25 June 2024, police fired live rounds at protesters marching against tax increases in Nairobi, "
              "killing five people."},
]


def test_agreement_per_field(tmp_path):
    path = tmp_path / "acled.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(ROWS[0]))
        w.writeheader()
        w.writerows(ROWS)
    result = evaluate_acled(path)
    assert result.rows == 2 and result.no_event == 0
    for f in ("event_type", "sub_event_type", "actor1", "actor2", "date", "location_25km"):
        assert result.rate(f) == 1.0, (f, result.hits, result.judged)
    out = subprocess.run([sys.executable, "-m", "frontlines.cli", "eval", "acled", str(path)],
                         capture_output=True, text=True, check=True, env={"COLUMNS": "120", **__import__("os").environ}).stdout
    assert "sub_event_type" in out and "100.0%" in out
