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


def test_dates_chain_from_the_last_day_the_text_gave():
    from frontlines.dates import chained, section_date

    published = dt.date(2024, 3, 1)
    day = resolve("On 14 January", published)
    assert day.iso == "2024-01-14"
    assert resolve("The next day", published, narrative=day).iso == "2024-01-15"
    assert resolve("the same day", published, narrative=day).iso == "2024-01-14"
    assert resolve("Two days later", published, anchor=day.date, narrative=day).iso == "2024-01-16"
    # no earlier than the text allows: the month's last day
    assert resolve("by the end of the month", published, narrative=day).iso == "2024-01-31"
    assert chained("the next day", None) is None  # nothing established: no invention
    # a heading's year holds for the days named under it, moving forward between sections
    december = section_date(12, 2022, published, None)
    assert resolve("on 20 December", published, section=december).iso == "2022-12-20"
    january = section_date(1, None, published, december)
    assert january.iso == "2023-01-01"


def test_month_headings_are_lines_of_their_own():
    from frontlines.dates import month_headings

    text = "Intro.\n\nMarch 2023\n\nOn 2 March the town fell.\n\nApril - The Month of the Siege\n\nMay God help us.\n"
    assert [(m, y) for _, m, y in month_headings(text)] == [(3, 2023), (4, None)]
