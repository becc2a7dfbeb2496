"""Tests of `index.dates`: the tense nearest a year-less date decides which side of the
publication date it lies on."""

from __future__ import annotations

import datetime as dt

import pytest

from index.dates import find_dates

SUNDAY = dt.date(2031, 3, 9)  # a Sunday in March
NOVEMBER = dt.date(2031, 11, 12)  # a Wednesday in November
MAY = dt.date(2031, 5, 6)


def dates(text: str, published: dt.date | None) -> list[tuple[str, str | None]]:
    return [(m.expression, m.iso) for m in find_dates(text, published)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wage talks collapsed on Saturday.", [("on Saturday", "2031-03-08")]),
        ("The two unions will meet on Saturday.", [("on Saturday", "2031-03-15")]),
        # "due to" giving a cause is not the future
        (
            "The ferry was cancelled on Saturday due to high winds.",
            [("on Saturday", "2031-03-08")],
        ),
        # the verb nearest the weekday decides, not a "will" elsewhere in the sentence
        (
            "The mayor will not attend the fair, her office said Thursday.",
            [("Thursday", "2031-03-06")],
        ),
        (
            "The bridge, which reopened on Tuesday, will close again for repairs.",
            [("on Tuesday", "2031-03-04")],
        ),
    ],
)
def test_weekday_follows_the_nearest_tense(text: str, expected: list[tuple[str, str]]) -> None:
    assert dates(text, SUNDAY) == expected


def test_last_december_in_a_november_article() -> None:
    text = "The rules were adopted at the plenary of the previous round on December 11."
    assert dates(text, NOVEMBER) == [("on December 11", "2030-12-11")]
    text = "The next round will open on December 11."
    assert dates(text, NOVEMBER) == [("on December 11", "2031-12-11")]


def test_a_missing_space_after_a_full_stop_still_ends_the_sentence() -> None:
    text = "The rules were adopted on December 11.The next round will be held on March 3."
    assert dates(text, NOVEMBER) == [
        ("on December 11", "2030-12-11"),
        ("on March 3", "2032-03-03"),
    ]


def test_past_and_future_in_one_sentence() -> None:
    text = "The strike that began in August will end in February, the union said."
    assert dates(text, NOVEMBER) == [("in August", "2031-08"), ("in February", "2032-02")]


def test_this_year_in_the_past_tense_is_not_after_the_publication_date() -> None:
    text = "The harvest festival that took place in October of this year drew large crowds."
    assert dates(text, MAY) == [("in October of this year", "2030-10")]
    text = "The harvest festival will take place in October of this year."
    assert dates(text, MAY) == [("in October of this year", "2031-10")]
    assert dates("Prices rose this October.", MAY) == [("this October", "2030-10")]
    # a month already passed stays in the publication year
    assert dates("Prices rose in March of this year.", MAY) == [
        ("in March of this year", "2031-03")
    ]


def test_passive_future_is_future() -> None:
    text = "The regional games will be held on September 20."
    assert dates(text, NOVEMBER) == [("on September 20", "2032-09-20")]
