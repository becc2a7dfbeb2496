"""Tests of `index.dates`: every date an article states, resolved to the calendar."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.dates import find_dates, label
from index.models import DateMention

PUB = dt.date(2020, 5, 5)  # a Tuesday: the publication date of article A

Row = tuple[str, str | None, str]


def found(text: str, published: dt.date | None) -> list[Row]:
    """(expression, iso, precision) of every mention, after checking the offsets."""
    mentions = find_dates(text, published)
    for m in mentions:
        assert text[m.start : m.end] == m.expression
    starts = [m.start for m in mentions]
    assert starts == sorted(starts)
    for a, b in itertools.pairwise(mentions):
        assert a.end <= b.start
    return [(m.expression, m.iso, m.precision) for m in mentions]


def only(text: str, published: dt.date | None) -> DateMention:
    mentions = find_dates(text, published)
    assert len(mentions) == 1, mentions
    return mentions[0]


# --------------------------------------------------------------------------- the first corpus

ARTICLE_A = [
    (
        "The Summit meeting in the format of Contact Group of the Non-Aligned Movement under the "
        "motto “United against COVID-19” dedicated to fight against coronavirus was held on May 4 "
        "through videoconference by the initiative of President Ilham Aliyev.",
        [("on May 4", "2020-05-04", "day")],
    ),
    (
        "The Non-Aligned Countries is one of the tribunes of exclusive significance for the "
        "implementation of our national and state interests by our country chairing the "
        "Non-Aligned Movement since the autumn of last year.",
        [("since the autumn of last year", "2019", "season")],
    ),
    (
        "There were several paths of development in front of our state gaining its independence "
        "in 1991 as other former Soviet republics.",
        [("in 1991", "1991", "year")],
    ),
    (
        "In 2011, when quite serious geopolitical processes were taking place, our country joined "
        "the Non-Aligned Movement.",
        [("In 2011", "2011", "year")],
    ),
    (
        "Despite our membership in the Movement for a short period of time, Azerbaijan has been "
        "chairing the world’s largest organization beginning from autumn of 2019.",
        [("from autumn of 2019", "2019", "season")],
    ),
    (
        "In October of last year, the Baku Summit of heads of state and government of the "
        "Non-Aligned Movement uniting 120 states took place.",
        [("In October of last year", "2019-10", "month")],
    ),
    (
        "This fact was also clearly confirmed in the final document adopted at the meeting of the "
        "Ministerial Council of the Non-Aligned Movement organization held in July of last year "
        "in Karakas City – the capital of Venezuela.",
        [("in July of last year", "2019-07", "month")],
    ),
    (
        "At the same time, in the framework of Baku Summit that took place in October of this "
        "year, this time going forward further, the members of the Movement called Armenia by its "
        "true name – the OCCUPANT!",
        # past tense in May: the October of "this year" already passed, so it is last October
        [("in October of this year", "2019-10", "month")],
    ),
    (
        "It is worthy of special mentioning that one more event also took place for the first "
        "time in the history of the Non-Aligned Movement yesterday.",
        [("yesterday", "2020-05-04", "day")],
    ),
]

ARTICLE_B = [
    (
        "Established in 1961, NAM currently comprises 120 member states, making it the largest "
        "grouping of states outside the United Nations.",
        [("in 1961", "1961", "year")],
    ),
    (
        "Azerbaijan assumed its presidency in 2019, a critical time when the world was hit by a "
        "global calamity; coronavirus.",
        [("in 2019", "2019", "year")],
    ),
    (
        "President Aliyev also called on the United Nations in 2020 to host the United Nations "
        "General Assembly Special Session to deliberate on the concerns of NAM members.",
        [("in 2020", "2020", "year")],
    ),
    (
        "Baku further played a pivotal role in establishing the NAM Youth Organization in 2022 "
        "during Shusha Accords.",
        [("in 2022", "2022", "year")],
    ),
    (
        "But with the emergence of non-traditional security threats in the 21st century, NAM "
        "adapted itself",
        [],
    ),
    ("The Meeting was attended by nearly 70 heads of state", []),
]


@pytest.mark.parametrize(("text", "expected"), ARTICLE_A)
def test_article_a_published_2020_05_05(text: str, expected: list[Row]) -> None:
    assert found(text, PUB) == expected


@pytest.mark.parametrize(("text", "expected"), ARTICLE_B)
def test_article_b_without_publication_date(text: str, expected: list[Row]) -> None:
    assert found(text, None) == expected
    assert all(m.resolved for m in find_dates(text, None))


def test_article_a_seasons_and_flags() -> None:
    autumn = only(ARTICLE_A[1][0], PUB)
    assert (autumn.season, autumn.relative, autumn.resolved) == ("autumn", True, True)
    absolute = only(ARTICLE_A[4][0], PUB)
    assert (absolute.season, absolute.relative, absolute.resolved) == ("autumn", False, True)
    held = only(ARTICLE_A[0][0], PUB)
    assert (held.relative, held.resolved) == (True, True)


# --------------------------------------------------------------------------- absolute dates

ABSOLUTE: list[tuple[str, list[Row]]] = [
    ("It happened on 4 May 2020.", [("on 4 May 2020", "2020-05-04", "day")]),
    ("It happened May 4, 2020, in Baku.", [("May 4, 2020", "2020-05-04", "day")]),
    ("Signed May 4 2020 in Baku", [("May 4 2020", "2020-05-04", "day")]),
    ("Signed 4th of May 2020 in Baku", [("4th of May 2020", "2020-05-04", "day")]),
    ("It was signed on the 4th of May, 2020.", [("on the 4th of May, 2020", "2020-05-04", "day")]),
    ("Signed 4th May 2020.", [("4th May 2020", "2020-05-04", "day")]),
    ("Dated 05 May 2020.", [("05 May 2020", "2020-05-05", "day")]),
    ("The May 21st, 2019 decree", [("May 21st, 2019", "2019-05-21", "day")]),
    ("Dated 2020-05-04.", [("2020-05-04", "2020-05-04", "day")]),
    ("Dated 04.05.2020.", [("04.05.2020", "2020-05-04", "day")]),
    ("Dated 4.5.2020 in Baku", [("4.5.2020", "2020-05-04", "day")]),
    ("Dated 25/04/2020", [("25/04/2020", "2020-04-25", "day")]),
    ("Dated 04/25/2020", [("04/25/2020", "2020-04-25", "day")]),
    ("Dated 05/05/2020", [("05/05/2020", "2020-05-05", "day")]),
    ("It rose in May 2020.", [("in May 2020", "2020-05", "month")]),
    ("It rose in May, 2020.", [("in May, 2020", "2020-05", "month")]),
    ("It rose in Sept. 2019 sharply.", [("in Sept. 2019", "2019-09", "month")]),
    ("Oct 2019 figures", [("Oct 2019", "2019-10", "month")]),
    ("in October of 2019", [("in October of 2019", "2019-10", "month")]),
    ("Jan. 5, 2021 was cold", [("Jan. 5, 2021", "2021-01-05", "day")]),
    ("Dec 31, 1999 was the last day", [("Dec 31, 1999", "1999-12-31", "day")]),
    ("on 29 February 2020", [("on 29 February 2020", "2020-02-29", "day")]),
    ("MAY 4, 2020", [("MAY 4, 2020", "2020-05-04", "day")]),
    ("since june 4, 2020", [("since june 4, 2020", "2020-06-04", "day")]),
    ("Monday, May 4, 2020", [("Monday, May 4, 2020", "2020-05-04", "day")]),
    ("on Monday, 4 May 2020", [("on Monday, 4 May 2020", "2020-05-04", "day")]),
    ("in 2011", [("in 2011", "2011", "year")]),
    ("Independent since 1991.", [("since 1991", "1991", "year")]),
    ("Established in 1961, NAM grew.", [("in 1961", "1961", "year")]),
    ("in 2022 during the talks", [("in 2022", "2022", "year")]),
    ("The goal is net zero by 2030.", [("by 2030", "2030", "year")]),
    (
        "before 1918 and after 1920",
        [("before 1918", "1918", "year"), ("after 1920", "1920", "year")],
    ),
    ("It lasted until 1994.", [("until 1994", "1994", "year")]),
    ("during 1992 the war spread", [("during 1992", "1992", "year")]),
    ("the Constitution of 1995", [("1995", "1995", "year")]),
    ("in the year 2020", [("in the year 2020", "2020", "year")]),
    ("in 2020 year", [("in 2020", "2020", "year")]),
    ("the 2020 war ended", [("2020", "2020", "year")]),
    ("the 2019 elections", [("2019", "2019", "year")]),
    ("at the 2019 Baku Summit", [("2019", "2019", "year")]),
    ("In the 2020 Patriotic War, the army won.", [("2020", "2020", "year")]),
    ("The Arab Spring of 2011 changed the region.", [("2011", "2011", "year")]),
    ("in 1453 the city fell", [("in 1453", "1453", "year")]),
    ("from 2019 to 2023", [("from 2019", "2019", "year"), ("2023", "2023", "year")]),
    ("from 1918 to 1920", [("from 1918", "1918", "year"), ("1920", "1920", "year")]),
    ("between 2019 and 2021", [("between 2019", "2019", "year"), ("2021", "2021", "year")]),
    ("2019-2020", [("2019", "2019", "year"), ("2020", "2020", "year")]),
    ("in 2019–2023", [("in 2019", "2019", "year"), ("2023", "2023", "year")]),
    ("the 2019 – 2020 season", [("2019", "2019", "year"), ("2020", "2020", "year")]),
    ("in 2019-20", [("in 2019", "2019", "year"), ("20", "2020", "year")]),
    ("the 1941-45 war", [("1941", "1941", "year"), ("45", "1945", "year")]),
    ("the 2019/2020 academic year", [("2019", "2019", "year"), ("2020", "2020", "year")]),
    (
        "in 2018, 2019 and 2020",
        [("in 2018", "2018", "year"), ("2019", "2019", "year"), ("2020", "2020", "year")],
    ),
    ("in 2019 and in 2021", [("in 2019", "2019", "year"), ("in 2021", "2021", "year")]),
    ("the years 2019 and 2020", [("2019", "2019", "year"), ("2020", "2020", "year")]),
    ("in May 2019 and 2020", [("in May 2019", "2019-05", "month"), ("2020", "2020", "year")]),
    ("autumn of 2019", [("autumn of 2019", "2019", "season")]),
    ("the autumn of 2019", [("the autumn of 2019", "2019", "season")]),
    ("in spring 2020", [("in spring 2020", "2020", "season")]),
    ("in the summer of 2018", [("in the summer of 2018", "2018", "season")]),
    ("Fall 2019 enrolment", [("Fall 2019", "2019", "season")]),
    ("the fall of 2019", [("the fall of 2019", "2019", "season")]),
    ("in winter 2019/2020", [("in winter 2019/2020", "2020", "season")]),
    ("winter 2019-20", [("winter 2019-20", "2020", "season")]),
    ("in the winter of 2019", [("in the winter of 2019", "2019", "season")]),
    ("late autumn 2019", [("late autumn 2019", "2019", "season")]),
    ("mid-2019", [("mid-2019", "2019", "year")]),
    ("in mid 2019", [("in mid 2019", "2019", "year")]),
    ("early 2020", [("early 2020", "2020", "year")]),
    ("by late 2019", [("by late 2019", "2019", "year")]),
    ("by the end of 2019", [("by the end of 2019", "2019", "year")]),
    ("at the beginning of 2020", [("the beginning of 2020", "2020", "year")]),
    ("in the first half of 2020", [("in the first half of 2020", "2020", "year")]),
    ("in the third quarter of 2021", [("in the third quarter of 2021", "2021", "year")]),
    ("in early May 2020", [("in early May 2020", "2020-05", "month")]),
    ("mid-May 2020", [("mid-May 2020", "2020-05", "month")]),
    ("by the end of March 2021", [("by the end of March 2021", "2021-03", "month")]),
    (
        "GDP grew in January-March 2023.",
        [("in January", "2023-01", "month"), ("March 2023", "2023-03", "month")],
    ),
    (
        "Between May and July 2019 prices rose.",
        [("Between May", "2019-05", "month"), ("July 2019", "2019-07", "month")],
    ),
    ("Law No. 12 of 2019", [("2019", "2019", "year")]),
    ("Decree No. 1234 dated 12.05.2019", [("12.05.2019", "2019-05-12", "day")]),
    ("Nov. 3, 2020", [("Nov. 3, 2020", "2020-11-03", "day")]),
    ("Jul 4 1976", [("Jul 4 1976", "1976-07-04", "day")]),
    (
        "From 1988 to 1994 the conflict escalated.",
        [("From 1988", "1988", "year"), ("1994", "1994", "year")],
    ),
    ("Heydar Aliyev (1923-2003)", [("1923", "1923", "year"), ("2003", "2003", "year")]),
    (
        "The Second Karabakh War (27 September – 10 November 2020) ended.",
        [("27 September – 10 November 2020", "2020-09-27", "day")],
    ),
    ("The 2026 FIFA World Cup", [("2026", "2026", "year")]),
    ("resolutions 822, 853, 874 and 884 of 1993", [("1993", "1993", "year")]),
]


@pytest.mark.parametrize(("text", "expected"), ABSOLUTE)
def test_absolute_dates_need_no_publication_date(text: str, expected: list[Row]) -> None:
    assert found(text, None) == expected
    assert found(text, PUB) == expected
    for m in find_dates(text, None):
        assert m.resolved
        assert not m.relative


def test_absolute_seasons() -> None:
    assert only("in spring 2020", None).season == "spring"
    assert only("Fall 2019 enrolment", None).season == "autumn"
    assert only("in winter 2019/2020", None).season == "winter"
    assert only("mid-2019", None).season is None


# --------------------------------------------------------------------------- day ranges

RANGES: list[tuple[str, list[Row]]] = [
    ("held on 3-5 March 2023", [("on 3-5 March 2023", "2023-03-03", "day")]),
    ("held on 3–5 March 2023", [("on 3–5 March 2023", "2023-03-03", "day")]),
    ("held 3 – 5 March 2023 in Baku", [("3 – 5 March 2023", "2023-03-03", "day")]),
    ("between 3 and 5 March 2023", [("between 3 and 5 March 2023", "2023-03-03", "day")]),
    ("from 3 to 5 March 2023", [("from 3 to 5 March 2023", "2023-03-03", "day")]),
    ("May 3-5, 2023", [("May 3-5, 2023", "2023-05-03", "day")]),
    ("from 30 April to 2 May 2023", [("from 30 April to 2 May 2023", "2023-04-30", "day")]),
    ("on 30 April - 2 May 2023", [("on 30 April - 2 May 2023", "2023-04-30", "day")]),
    ("from May 30 to June 2, 2021", [("from May 30 to June 2, 2021", "2021-05-30", "day")]),
    ("the 3rd-5th of March 2023", [("the 3rd-5th of March 2023", "2023-03-03", "day")]),
]


@pytest.mark.parametrize(("text", "expected"), RANGES)
def test_day_ranges_are_one_mention_of_the_first_day(text: str, expected: list[Row]) -> None:
    assert found(text, None) == expected


def test_day_range_without_year_uses_the_publication_year() -> None:
    assert found("on 3-5 March", PUB) == [("on 3-5 March", "2020-03-03", "day")]
    assert found("on 3-5 March", None) == [("on 3-5 March", "--03-03", "day")]


# --------------------------------------------------------------------------- relative dates

RELATIVE: list[tuple[str, list[Row]]] = [
    ("It grew last year.", [("last year", "2019", "year")]),
    ("It grew this year.", [("this year", "2020", "year")]),
    ("It will grow next year.", [("next year", "2021", "year")]),
    ("in the current year", [("in the current year", "2020", "year")]),
    ("earlier this year", [("earlier this year", "2020", "year")]),
    ("later this year", [("later this year", "2020", "year")]),
    ("by the end of last year", [("by the end of last year", "2019", "year")]),
    ("early last year", [("early last year", "2019", "year")]),
    ("the year before last", [("the year before last", "2018", "year")]),
    ("two years ago", [("two years ago", "2018", "year")]),
    ("a year ago", [("a year ago", "2019", "year")]),
    ("30 years ago", [("30 years ago", "1990", "year")]),
    ("It fell last month.", [("last month", "2020-04", "month")]),
    ("earlier this month", [("earlier this month", "2020-05", "month")]),
    ("next month", [("next month", "2020-06", "month")]),
    ("three months ago", [("three months ago", "2020-02", "month")]),
    ("10 days ago", [("10 days ago", "2020-04-25", "day")]),
    ("a day ago", [("a day ago", "2020-05-04", "day")]),
    ("It happened yesterday.", [("yesterday", "2020-05-04", "day")]),
    ("Yesterday's meeting", [("Yesterday", "2020-05-04", "day")]),
    ("the day before yesterday", [("the day before yesterday", "2020-05-03", "day")]),
    ("They will meet tomorrow.", [("tomorrow", "2020-05-06", "day")]),
    ("in October of last year", [("in October of last year", "2019-10", "month")]),
    ("in July of last year", [("in July of last year", "2019-07", "month")]),
    ("in October last year", [("in October last year", "2019-10", "month")]),
    ("October of this year", [("October of this year", "2020-10", "month")]),
    ("in March next year", [("in March next year", "2021-03", "month")]),
    ("since the autumn of last year", [("since the autumn of last year", "2019", "season")]),
    ("in the spring of this year", [("in the spring of this year", "2020", "season")]),
    ("last summer", [("last summer", "2019", "season")]),
    ("this summer", [("this summer", "2020", "season")]),
    ("next winter", [("next winter", "2021", "season")]),
    ("last winter", [("last winter", "2020", "season")]),
    ("last spring", [("last spring", "2019", "season")]),
    ("last October", [("last October", "2019-10", "month")]),
    ("next March", [("next March", "2021-03", "month")]),
    ("this October", [("this October", "2020-10", "month")]),
    ("last April", [("last April", "2020-04", "month")]),
    ("held on May 4", [("on May 4", "2020-05-04", "day")]),
    ("held on 4 May", [("on 4 May", "2020-05-04", "day")]),
    ("It was held on May 20.", [("on May 20", "2020-05-20", "day")]),
    ("It was held on January 1.", [("on January 1", "2020-01-01", "day")]),
    ("on May 4 last year", [("on May 4 last year", "2019-05-04", "day")]),
    ("on 4 May of last year", [("on 4 May of last year", "2019-05-04", "day")]),
    ("It rose in mid-May.", [("in mid-May", "2020-05", "month")]),
    ("by the end of April", [("by the end of April", "2020-04", "month")]),
    ("prices will fall next year", [("next year", "2021", "year")]),
    (
        "In January-September of this year, trade is to grow.",
        [("In January", "2020-01", "month"), ("September of this year", "2020-09", "month")],
    ),
    (  # told in the past tense in May: a September already passed, and the range with it
        "In January-September of this year, trade grew.",
        [("In January", "2019-01", "month"), ("September of this year", "2019-09", "month")],
    ),
    ("In the first quarter of this year", [("In the first quarter of this year", "2020", "year")]),
    ("This year marks the anniversary.", [("This year", "2020", "year")]),
    ("Last year's results were good.", [("Last year", "2019", "year")]),
]


@pytest.mark.parametrize(("text", "expected"), RELATIVE)
def test_relative_dates_resolve_from_the_publication_date(text: str, expected: list[Row]) -> None:
    assert found(text, PUB) == expected
    for m in find_dates(text, PUB):
        assert m.resolved
        assert m.relative


BARE_MONTHS: list[tuple[str, list[Row]]] = [
    # past sentence, month after the publication month: the previous year
    ("In October, the summit took place.", [("In October", "2019-10", "month")]),
    ("The summit was held on December 12.", [("on December 12", "2019-12-12", "day")]),
    ("Since September, prices have risen.", [("Since September", "2019-09", "month")]),
    # past sentence, month up to the publication month: the publication year
    ("In March, the summit took place.", [("In March", "2020-03", "month")]),
    ("In May, prices rose.", [("In May", "2020-05", "month")]),
    ("until February", [("until February", "2020-02", "month")]),
    # future sentence
    ("The summit will be held in October.", [("in October", "2020-10", "month")]),
    ("The forum will take place in March.", [("in March", "2021-03", "month")]),
    ("The summit will be held on December 12.", [("on December 12", "2020-12-12", "day")]),
    ("The vote is scheduled for early June.", [("early June", "2020-06", "month")]),
    ("An upcoming visit in January", [("in January", "2021-01", "month")]),
    # lists of months
    ("in March and April", [("in March", "2020-03", "month"), ("April", "2020-04", "month")]),
    ("in April and June", [("in April", "2020-04", "month"), ("June", "2019-06", "month")]),
    ("from March to April", [("from March", "2020-03", "month"), ("April", "2020-04", "month")]),
]


@pytest.mark.parametrize(("text", "expected"), BARE_MONTHS)
def test_months_without_a_year(text: str, expected: list[Row]) -> None:
    assert found(text, PUB) == expected


CONTEXT_YEARS: list[tuple[str, list[Row]]] = [
    (
        "On 3 May 2019 it began; on 5 June it ended.",
        [("On 3 May 2019", "2019-05-03", "day"), ("on 5 June", "2019-06-05", "day")],
    ),
    (
        "In October 2018 talks began and in December they failed.",
        [("In October 2018", "2018-10", "month"), ("in December", "2018-12", "month")],
    ),
    (
        "In 2011 it joined, and in October of the same year it hosted a summit.",
        [("In 2011", "2011", "year"), ("in October of the same year", "2011-10", "month")],
    ),
    (
        "It was founded in 1961; in September of the following year it met.",
        [("in 1961", "1961", "year"), ("in September of the following year", "1962-09", "month")],
    ),
    (
        # a bare year only says when something started, not when the month falls
        "Since 1991 the country has grown; in October, it hosted the summit.",
        [("Since 1991", "1991", "year"), ("in October", "2019-10", "month")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CONTEXT_YEARS)
def test_a_year_given_earlier_in_the_text_dates_a_bare_month(
    text: str, expected: list[Row]
) -> None:
    assert found(text, PUB) == expected


def test_inherited_year_is_absolute() -> None:
    second = find_dates("On 3 May 2019 it began; on 5 June it ended.", PUB)[1]
    assert (second.resolved, second.relative) == (True, False)
    second = find_dates("On 3 May 2019 it began; on 5 June it ended.", None)[1]
    assert (second.iso, second.resolved) == ("2019-06-05", True)


def test_same_year_without_an_earlier_year_stays_unresolved() -> None:
    m = only("in October of the same year", PUB)
    assert (m.iso, m.precision, m.resolved, m.relative) == ("--10", "month", False, False)


# Tuesday 5 May 2020
WEEKDAYS: list[tuple[str, dt.date, list[Row]]] = [
    ("They met on Monday.", PUB, [("on Monday", "2020-05-04", "day")]),
    ("They met on Tuesday.", PUB, [("on Tuesday", "2020-05-05", "day")]),
    ("They met on Wednesday.", PUB, [("on Wednesday", "2020-04-29", "day")]),
    ("They met last Tuesday.", PUB, [("last Tuesday", "2020-04-28", "day")]),
    ("They met last Friday.", PUB, [("last Friday", "2020-05-01", "day")]),
    ("They will meet next Monday.", PUB, [("next Monday", "2020-05-11", "day")]),
    ("They will meet next Tuesday.", PUB, [("next Tuesday", "2020-05-12", "day")]),
    ("They will meet on Friday.", PUB, [("on Friday", "2020-05-08", "day")]),
    ("They will meet on Tuesday.", PUB, [("on Tuesday", "2020-05-05", "day")]),
    ("We'll meet on Friday.", PUB, [("on Friday", "2020-05-08", "day")]),
    ("Monday's meeting was long.", PUB, [("Monday's", "2020-05-04", "day")]),
    ("The minister said Sunday that", PUB, [("Sunday", "2020-05-03", "day")]),
    ("Talks resumed Thursday evening.", PUB, [("Thursday evening", "2020-04-30", "day")]),
    ("They met on Friday.", dt.date(2021, 1, 1), [("on Friday", "2021-01-01", "day")]),
    ("They met on Thursday.", dt.date(2021, 1, 1), [("on Thursday", "2020-12-31", "day")]),
]


@pytest.mark.parametrize(("text", "published", "expected"), WEEKDAYS)
def test_weekdays(text: str, published: dt.date, expected: list[Row]) -> None:
    assert found(text, published) == expected


def test_year_boundaries() -> None:
    jan = dt.date(2021, 1, 3)
    assert found("last month", jan) == [("last month", "2020-12", "month")]
    assert found("yesterday", dt.date(2021, 1, 1)) == [("yesterday", "2020-12-31", "day")]
    assert found("In December, it snowed.", jan) == [("In December", "2020-12", "month")]
    assert found("last winter", dt.date(2020, 12, 15)) == [("last winter", "2020", "season")]
    assert found("this winter", dt.date(2020, 11, 15)) == [("this winter", "2021", "season")]
    assert found("last autumn", dt.date(2020, 12, 15)) == [("last autumn", "2020", "season")]


# --------------------------------------------------------------------------- no publication date

UNRESOLVED: list[tuple[str, str, str | None, str, bool]] = [
    ("held on May 4", "on May 4", "--05-04", "day", False),
    ("on 4 May", "on 4 May", "--05-04", "day", False),
    ("In October, the summit took place.", "In October", "--10", "month", False),
    ("in mid-May", "in mid-May", "--05", "month", False),
    ("in October of last year", "in October of last year", "--10", "month", False),
    ("last October", "last October", "--10", "month", False),
    ("It grew last year.", "last year", None, "year", False),
    ("this year", "this year", None, "year", False),
    ("two years ago", "two years ago", None, "year", False),
    ("last month", "last month", None, "month", False),
    ("yesterday", "yesterday", None, "day", False),
    ("They met on Monday.", "on Monday", None, "day", False),
    ("since the autumn of last year", "since the autumn of last year", None, "season", False),
    ("last summer", "last summer", None, "season", False),
    ("in 2019", "in 2019", "2019", "year", True),
    ("on 4 May 2020", "on 4 May 2020", "2020-05-04", "day", True),
]


@pytest.mark.parametrize(("text", "expression", "iso", "precision", "resolved"), UNRESOLVED)
def test_without_publication_date_nothing_is_guessed(
    text: str, expression: str, iso: str | None, precision: str, resolved: bool
) -> None:
    m = only(text, None)
    assert (m.expression, m.iso, m.precision, m.resolved) == (expression, iso, precision, resolved)
    assert m.relative is not resolved


def test_unresolved_season_keeps_its_season() -> None:
    m = only("since the autumn of last year", None)
    assert m.season == "autumn"


# --------------------------------------------------------------------------- not dates

NOT_DATES = [
    "NAM uniting 120 states",
    "nearly 70 heads of state",
    "on the 18th",
    "in the 21st century",
    "the 18th",
    "We met them. And we left.",
    "we",
    "It may help the economy.",
    "May I ask a question?",
    "May God bless you.",
    "They march on the capital.",
    "MAY I",
    "Write 2-3 sentences.",
    "see pages 12-15",
    "a 3-5 day trip",
    "1,500 people came",
    "COVID-19 pandemic",
    "Resolution 2334 was adopted",
    "UN Security Council resolution 1973",
    "Call +994 12 555 2020 now",
    "Call 050-555-2020",
    "grew by 10.5%",
    "at 17:23 local time",
    "today",
    "now and nowadays",
    "Today, the global order is changing.",
    "Nowadays the world is different.",
    "in the coming years",
    "the 2030 Agenda for Sustainable Development",
    "Agenda 2030",
    "Vision 2030",
    "in 2500",
    "in 999",
    "since 3000",
    "the G20 summit",
    "No. 1973",
    "the 1990s",
    "in the 1990s",
    "the mid-1990s",
    "in the 1990's",
    "it resulted in 1500 deaths",
    "exports increased by 2000 tons",
    "exports increased by 2000",
    "up to 2000 people",
    "a total of 2000",
    "in 1500 years",
    "In 1500 troops",
    "since 2000 people",
    "around 2000 people",
    "from 1200 to 1500 people",
    "between 1000 and 2000 soldiers",
    "increased from 1200 to 1500.",
    "Black Friday sales",
    "on Good Friday",
    "Theresa May said",
    "in May's government",
    "the October Revolution",
    "In March Madness",
    "in spring",
    "in the summer",
    "this fall in prices",
    "the fall of the Berlin Wall",
    "ID 20200504",
    "order 2020-12345",
    "version 1.2.2020.5",
    "the 44-day war",
    "Article 51 of the Charter",
    "in 12345",
    "code 2019",
    "The number ranged from 2000 to 3000.",
    "between 1500 and 2,000 people",
    "The Arab Spring changed the region.",
    "the Prague Spring protests",
    "Within 2 years and in 3 months",
    "24/7 service",
    "the 1st place",
    "The mayor was marching on Augustine Street.",
    "for decades",
    "The Sunday Times reported the story.",
    "The following year, it grew.",
    "in 2020-05",
    "Independence Day",
    "over the last year",
    "during the past year",
    "in the next year",
    "the previous year",
    "the world of tomorrow",
    "Dated 04/05/2020",
    "on 31 February 2020",
    "on 30 Feb",
    "May 2 people were hurt",
    "it may 4 times",
    "they marched 20 miles",
    "he was 5 march-ers",
    "the market grew",
    "a decision in december",
    "in january",
    "sept 2019",
    "Jan said so",
    "The Oct rate",
    "the 2nd and 3rd rounds",
    "Chapter 12, Section 2020",
    "€2020 was paid",
    "$1999 price",
    "#2020 hashtag",
    "The deal was worth 2019.5 million",
    "2020.05.04.01",
    "a weekday",
    "Mondays are busy",
    "later years",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(text: str) -> None:
    assert found(text, PUB) == []
    assert found(text, None) == []


# --------------------------------------------------------------------------- several mentions


def test_several_mentions_in_order_of_appearance() -> None:
    text = (
        "Azerbaijan joined NAM in 2011, chaired it since October 2019 and held a summit on "
        "May 4, 2020; the next summit is planned for next year."
    )
    assert found(text, PUB) == [
        ("in 2011", "2011", "year"),
        ("since October 2019", "2019-10", "month"),
        ("on May 4, 2020", "2020-05-04", "day"),
        ("next year", "2021", "year"),
    ]


def test_a_paragraph() -> None:
    text = (
        "The war lasted from 1992 to 1994. A ceasefire was signed on 12 May 1994. "
        "Yesterday the ministers met again, and they will meet in July."
    )
    assert found(text, PUB) == [
        ("from 1992", "1992", "year"),
        ("1994", "1994", "year"),
        ("on 12 May 1994", "1994-05-12", "day"),
        ("Yesterday", "2020-05-04", "day"),
        ("in July", "1994-07", "month"),
    ]


def test_overlaps_keep_the_longest() -> None:
    assert found("on 4 May 2020", PUB) == [("on 4 May 2020", "2020-05-04", "day")]
    assert found("in October of last year", PUB) == [
        ("in October of last year", "2019-10", "month")
    ]
    assert found("since the autumn of last year", PUB) == [
        ("since the autumn of last year", "2019", "season")
    ]


def test_empty_text() -> None:
    assert find_dates("", PUB) == []
    assert find_dates("   ", None) == []


# --------------------------------------------------------------------------- labels

LABELS: list[tuple[str, dt.date | None, str]] = [
    ("on 4 May 2020", None, "4 May 2020"),
    ("May 2020", None, "May 2020"),
    ("in October of last year", PUB, "October 2019"),
    ("since the autumn of last year", PUB, "autumn 2019"),
    ("in 2011", None, "2011"),
    ("in winter 2019/2020", None, "winter 2019/2020"),
    ("in winter 2020", None, "winter 2020"),
    ("last winter", PUB, "winter 2019/2020"),
    ("held on May 4", None, "4 May (year unknown)"),
    ("In October, it rained.", None, "October (year unknown)"),
    ("It grew last year.", None, "last year (unresolved)"),
    ("since the autumn of last year", None, "autumn of last year (unresolved)"),
    ("They met on Monday.", None, "Monday (unresolved)"),
    ("yesterday", None, "yesterday (unresolved)"),
    ("Jan. 5, 2021", None, "5 January 2021"),
    ("2020-05-04", None, "4 May 2020"),
]


@pytest.mark.parametrize(("text", "published", "expected"), LABELS)
def test_label(text: str, published: dt.date | None, expected: str) -> None:
    assert label(only(text, published)) == expected


def test_label_of_hand_made_mentions() -> None:
    day = DateMention("x", 0, 1, "2020-05-04", "day", True)
    assert label(day) == "4 May 2020"
    month = DateMention("x", 0, 1, "2019-10", "month", True)
    assert label(month) == "October 2019"
    season = DateMention("x", 0, 1, "2019", "season", True, season="autumn")
    assert label(season) == "autumn 2019"
    year = DateMention("x", 0, 1, "2011", "year", True)
    assert label(year) == "2011"
    unknown = DateMention("x", 0, 1, "--05-04", "day", False, relative=True)
    assert label(unknown) == "4 May (year unknown)"
    unresolved = DateMention("in last year", 0, 12, None, "year", False, relative=True)
    assert label(unresolved) == "last year (unresolved)"


# --------------------------------------------------------------------------- robustness


FUZZ_TOKENS = [
    *"0123456789 -–/.,:'’%abdeghilmnorstuy",
    *("May ", "March ", "Monday ", "autumn ", "of ", "last ", "year ", "in ", "19", "20"),
    *("the ", "since ", "ago ", "days "),
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(FUZZ_TOKENS),
        max_size=40,
    ).map("".join),
    st.sampled_from([None, PUB, dt.date(2021, 1, 1), dt.date(2020, 12, 31)]),
)
def test_never_crashes_and_offsets_hold(text: str, published: dt.date | None) -> None:
    mentions = find_dates(text, published)
    end = 0
    for m in mentions:
        assert text[m.start : m.end] == m.expression
        assert m.start >= end
        end = m.end
        assert m.precision in ("day", "month", "season", "year")
        assert (m.season is not None) == (m.precision == "season")
        if m.iso is not None and not m.iso.startswith("--"):
            assert m.resolved
            year = int(m.iso[:4])
            assert 900 <= year <= 2200
        assert label(m)
