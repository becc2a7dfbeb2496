"""Tests of `index.dates`: numeric forms, "today", weekdays with their date in brackets,
ranges with their year at the end, years from the article's own text, and what is not a
date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.dates import find_dates, label

PUB = dt.date(2031, 6, 14)  # a Saturday


def dates(
    text: str, published: dt.date | None = PUB, year_hint: int | None = None
) -> list[tuple[str, str | None]]:
    return [(m.expression, m.iso) for m in find_dates(text, published, year_hint)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The lease was signed on 09-12-2029.", [("on 09-12-2029", "2029-12-09")]),
        ("The lease was signed on 25-04-2029.", [("on 25-04-2029", "2029-04-25")]),
        ("The lease was signed on 04-25-2029.", [("on 04-25-2029", "2029-04-25")]),
        ("Filed 11/23/2029 at noon.", [("11/23/2029", "2029-11-23")]),
        ("Filed 23/11/2029 at noon.", [("23/11/2029", "2029-11-23")]),
        ("Filed 04/05/2029 at noon.", []),  # April or May: not guessed
        ("Filed 31-02-2029.", []),
    ],
)
def test_numeric_dates(text: str, expected: list[tuple[str, str]]) -> None:
    assert dates(text) == expected


def test_today_inside_a_sentence_is_the_publication_date() -> None:
    assert dates("The rowing regatta opens today on the river.") == [("today", "2031-06-14")]
    assert dates("The mayor said today that the bridge is safe.") == [("today", "2031-06-14")]
    mention = find_dates("The regatta opens today.", None)[0]
    assert (mention.iso, mention.resolved, label(mention)) == (None, False, "today (unresolved)")


@pytest.mark.parametrize(
    "text",
    [
        "Today, cities are growing faster than ever.",
        "Today the climate is a concern for everyone.",
        "Young people of today read less.",
        "Today's children read less.",
        "He told USA Today about it.",
    ],
)
def test_today_as_the_present_is_not_a_date(text: str) -> None:
    assert dates(text) == []


def test_weekday_with_its_date_in_brackets() -> None:
    text = "The cup final was played on Sunday (March 2, 2031) in the rain."
    assert dates(text) == [("on Sunday", "2031-03-02"), ("March 2, 2031", "2031-03-02")]
    assert dates(text, None) == [("on Sunday", "2031-03-02"), ("March 2, 2031", "2031-03-02")]
    # weekdays that disagree: the bracket does not date the weekday
    text = "The final was played on Monday (March 2, 2031)."
    assert dates(text, None) == [("on Monday", None), ("March 2, 2031", "2031-03-02")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The fair runs from June 3 to June 13, 2029.",
            [("from June 3 to June 13, 2029", "2029-06-03")],
        ),
        ("The fair runs November 11-22, 2029.", [("November 11-22, 2029", "2029-11-11")]),
        (
            "Opening on Monday, June 4 and closing on Friday, June 15, 2029, the fair did well.",
            [("on Monday, June 4", "2029-06-04"), ("on Friday, June 15, 2029", "2029-06-15")],
        ),
        (
            "The exhibition ran from 3 May until 13 June 2029.",
            [("from 3 May until 13 June 2029", "2029-05-03")],
        ),
    ],
)
def test_range_with_its_year_at_the_end(text: str, expected: list[tuple[str, str]]) -> None:
    assert dates(text) == expected
    assert dates(text, None) == expected


def test_year_less_dates_take_the_year_the_article_gives() -> None:
    # without a publication date, the year of the article's own text is used...
    assert dates("The jury met on November 11.", None, 2029) == [("on November 11", "2029-11-11")]
    assert dates("In August, the dam was closed.", None, 2029) == [("In August", "2029-08")]
    # ...an explicit year earlier in the text still comes first...
    text = "The dam opened on 3 May 2027; it closed on November 11."
    assert dates(text, None, 2029)[1] == ("on November 11", "2027-11-11")
    # ...and without any year known they keep the year-less form
    assert dates("The jury met on November 11.", None) == [("on November 11", "--11-11")]
    # the hint is not used when the publication date is known
    assert dates("The jury met on November 11.", PUB, 2029) == [("on November 11", "2030-11-11")]


@pytest.mark.parametrize(
    "text",
    [
        "Some 2,000 delegates and 1,500 observers registered.",
        "Donors pledged $300bn a year, or $1.3tn in all.",
        "Rich nations offered 300bn dollars; the target was 2035bn yuan.",
        "Call +44 20 7946 2031 or 020-7946-2031 for tickets.",
        "Article 6 of the treaty covers carbon markets.",
        "The COP29 and COP30 talks, the G20 and the C40 met.",
        "Resolution 2139 and Article 2031 were cited.",
        "Ring 555-2031, extension 12.",
        "The motion passed by 2030 votes.",
        "About 2030 households lost power.",
        "Room 1204, 12-14 Harbour Street.",
        "Prices rose by 2031 points.",
    ],
)
def test_numbers_that_are_not_dates(text: str) -> None:
    assert dates(text) == []


EXTREMES = [dt.date.min, dt.date(1, 12, 31), dt.date(9999, 1, 1), dt.date.max]
RELATIVE = (
    "Last year, yesterday, tomorrow, today it was said, 10 days ago, 3 years ago, two months "
    "ago, on Monday, next Monday, last Friday, last month, next month, the year before last, "
    "next year, in October, this October, next October, last October, last winter, next "
    "spring, October of next year, in October of the following year, the autumn of next year, "
    "on May 4, said Monday, in the spring of last year, on Saturday (March 2, 2031)."
)


@pytest.mark.parametrize("published", EXTREMES)
def test_any_publication_date_resolves_without_raising(published: dt.date) -> None:
    mentions = find_dates(RELATIVE, published)
    assert len(mentions) > 20
    for m in mentions:
        if m.iso is not None and not m.iso.startswith("--"):
            assert 1 <= int(m.iso[:4]) <= 9999 and len(m.iso.split("-")[0]) == 4
        label(m)
    years = {m.expression: m.iso for m in mentions}
    if published == dt.date.min:
        assert years["Last year"] is None and years["yesterday"] is None
    if published == dt.date.max:
        assert years["next year"] is None and years["tomorrow"] is None


@settings(max_examples=200, deadline=None)
@given(st.dates(), st.sampled_from(RELATIVE.split(", ")), st.integers(0, 3000))
def test_no_date_raises(published: dt.date, phrase: str, hint: int) -> None:
    for m in find_dates(f"It happened {phrase} in the town.", published, hint):
        label(m)
    find_dates(f"It happened {phrase}.", None, hint)
