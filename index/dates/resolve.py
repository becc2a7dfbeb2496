"""Resolving what was found to the calendar: years inherited, relative dates, labels."""

from __future__ import annotations

import datetime as dt

from index.dates.context import Part, Text
from index.dates.patterns import STRIP_LABEL
from index.dates.words import CTX_OFFSETS, MONTH_LABEL, MONTH_SEASON, PUB_OFFSETS, SEASON_INDEX
from index.models import DateMention, Precision, Season


def fmt(year: int, month: int | None = None, day: int | None = None) -> str:
    """ISO form of a year, a year and month, or a full date: "2020", "2020-05", "2020-05-04"."""
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def valid_day(year: int | None, month: int, day: int) -> bool:
    """Whether the day exists (in a leap year when the year is not known)."""
    try:
        dt.date(year if year is not None else 2000, month, day)
    except ValueError:
        return False
    return True


def day_iso(day: dt.date, shift: int) -> str | None:
    """The ISO date `shift` days after `day`; None past the calendar's ends."""
    try:
        moved = day + dt.timedelta(days=shift)
    except OverflowError:
        return None
    return moved.isoformat()


def in_calendar(iso: str | None) -> bool:
    """Whether an ISO date's year lies in 1..9999 (a year-less "--05-04" does)."""
    if iso is None or iso.startswith("--"):
        return True
    year = iso.split("-")[0]
    return len(year) == 4 and year != "0000"


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """The (year, month) `delta` months after `year`-`month`."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def season_index(day: dt.date) -> int:
    """A running count of seasons (four a year, winter dated by its January)."""
    season = MONTH_SEASON[day.month - 1]
    year = day.year + (1 if day.month == 12 else 0)
    return year * 4 + SEASON_INDEX[season]


def md_part(
    ctx: Text,
    start: int,
    end: int,
    month: int,
    day: int | None,
    year: str | None,
    ry: str | None,
) -> Part | None:
    """A day-and-month or month mention with its year written, relative or missing."""
    precision: Precision = "day" if day is not None else "month"
    if year is not None:
        y = int(year)
        if day is not None and not valid_day(y, month, day):
            return None
        iso = fmt(y, month, day)
        return Part(start, end, iso, precision, True, lends=y, lends_to_yearless=True)
    if day is not None and not valid_day(None, month, day):
        return None
    unknown = f"--{month:02d}" + (f"-{day:02d}" if day is not None else "")
    if ry is not None:
        if ry in CTX_OFFSETS:
            part = Part(start, end, unknown, precision, False, month=month, day=day or 0)
            part.ctx_offset = CTX_OFFSETS[ry]
            return part
        if ctx.pub is None:
            return Part(start, end, unknown, precision, False, relative=True)
        y = ctx.pub.year + PUB_OFFSETS[ry]
        if ry in ("this", "current") and month > ctx.pub.month and ctx.tense(start) == "past":
            y -= 1  # "took place in October of this year" in May: it cannot be the future
        if day is not None and not valid_day(y, month, day):
            return None
        part = Part(start, end, fmt(y, month, day), precision, True, relative=True, lends=y)
        part.lends_to_yearless = True
        return part
    part = Part(start, end, unknown, precision, False, relative=True, month=month, day=day or 0)
    part.yearless = True
    if ctx.pub is not None:
        y = ctx.pub.year
        if month > ctx.pub.month and not ctx.future(start):
            y -= 1
        elif month < ctx.pub.month and ctx.future(start):
            y += 1
        if day is not None and not valid_day(y, month, day):
            return None
        part.iso = fmt(y, month, day)
        part.resolved = True
    return part


def year_part(ctx: Text, start: int, end: int, year: str | None, ry: str | None) -> Part:
    """A year written out, or "last/this/next year"."""
    if year is not None:
        y = int(year)
        return Part(start, end, fmt(y), "year", True, lends=y)
    assert ry is not None
    if ctx.pub is None:
        return Part(start, end, None, "year", False, relative=True)
    y = ctx.pub.year + PUB_OFFSETS[ry]
    return Part(start, end, fmt(y), "year", True, relative=True, lends=y)


def relative_season(ctx: Text, start: int, end: int, season: Season, rel: str) -> Part:
    """ "last/this/next <season>", counted in seasons from the publication date."""
    if ctx.pub is None:
        return Part(start, end, None, "season", False, season, relative=True)
    current = season_index(ctx.pub)
    k = SEASON_INDEX[season]
    if rel == "last":
        i = current - 1
        while i % 4 != k:
            i -= 1
    elif rel == "next":
        i = current + 1
        while i % 4 != k:
            i += 1
    else:  # "this": the nearest such season, the coming one on a tie
        options = [j for j in range(current - 3, current + 4) if j % 4 == k]
        i = min(options, key=lambda j: (abs(j - current), -j))
    return Part(start, end, fmt(i // 4), "season", True, season, relative=True)


def inherit(part: Part, year: int) -> None:
    """Give a year-less part the year of its context."""
    if part.season is not None:
        part.iso = fmt(year)
    elif part.precision == "day":
        if not valid_day(year, part.month, part.day):
            return
        part.iso = fmt(year, part.month, part.day)
    else:
        part.iso = fmt(year, part.month)
    part.resolved = True
    part.relative = False


def label(mention: DateMention) -> str:
    """Readable form of a mention.

    '4 May 2020', 'October 2019', 'autumn 2019', 'winter 2019/2020', '2011'; a day or month
    without a year gives '4 May (year unknown)' / 'October (year unknown)'; an unresolved
    relative expression gives its words: 'last year (unresolved)', 'Monday (unresolved)'.
    """
    iso = mention.iso
    if iso is None:
        words = STRIP_LABEL.sub("", mention.expression, count=1) or mention.expression
        return f"{words} (unresolved)"
    if iso.startswith("--"):
        parts = iso[2:].split("-")
        month = MONTH_LABEL[int(parts[0])]
        if len(parts) > 1:
            return f"{int(parts[1])} {month} (year unknown)"
        return f"{month} (year unknown)"
    pieces = [int(p) for p in iso.split("-")]
    year = pieces[0]
    if mention.precision == "season" and mention.season is not None:
        if mention.season == "winter" and (
            mention.relative or str(year - 1) in mention.expression
        ):
            return f"winter {year - 1}/{year}"
        return f"{mention.season} {year}"
    if len(pieces) == 3:
        return f"{pieces[2]} {MONTH_LABEL[pieces[1]]} {year}"
    if len(pieces) == 2:
        return f"{MONTH_LABEL[pieces[1]]} {year}"
    return str(year)
