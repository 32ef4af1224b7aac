import datetime as dt

import pytest

from frontlines.dates import is_duration, resolve

SUNDAY = dt.date(2021, 8, 8)


@pytest.mark.parametrize("text,iso,precision", [
    ("Sunday", "2021-08-08", 1), ("on Tuesday", "2021-08-03", 1), ("yesterday", "2021-08-07", 1),
    ("last week", "2021-08-01", 2), ("Aug. 3", "2021-08-03", 1), ("3 August 2021", "2021-08-03", 1),
    ("July", "2021-07-01", 3), ("in March 2020", "2020-03-01", 3), ("two days ago", "2021-08-06", 1),
    ("2015", "2015", 4), ("December 30", "2020-12-30", 1),
])
def test_resolves_against_publication(text, iso, precision):
    r = resolve(text, SUNDAY)
    assert (r.iso, r.precision) == (iso, precision)


def test_relative_to_an_earlier_date():
    assert resolve("a year later", SUNDAY, anchor=dt.date(2015, 1, 1)).iso == "2016"


def test_no_publication_date_no_invention():
    assert resolve("on Tuesday", None) is None and resolve("yesterday", None) is None


def test_durations_are_not_dates():
    assert is_duration("nearly two decades") and is_duration("less than a week")
    assert not is_duration("Friday after days") and not is_duration("two days ago")
