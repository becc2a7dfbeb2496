"""The dateline of a news article, and the year its own text gives.

An article without a publication date in its front matter often states it at the top of its
body: "LISBON, March 3 (Agency) -", "Lisbon, 3 March 2031, AGENCY", "(Wire) OSLO, Norway,
June 4.", "Lisbon, Portugal (March 3)", "March 3, 2031 LISBON:", a line holding only a date,
or "Published - March 3, 2031". `published_from_dateline` reads it; a dateline without a year
takes the year of the article's latest full date (the next year when the dateline's day
comes earlier in the year), and without one the dateline is not used (no year is guessed).
"""

from __future__ import annotations

import datetime as dt
import re

from index.dates.find import find_dates
from index.dates.words import MONTH_NUMBER

TOP_LINES = 3  # lines of the body looked at
TOP_CHARS = 400

# What may stand before the date: a place ("LISBON", "Oslo, Norway", "(Wire) OSLO, Norway")
# with a separator, or a "Published"/"Updated" label. Place words are capitalised; the
# separator (a comma, a bracket, a colon or a dash) is required, so that a sentence opening
# ("On March 3, ...", "Lisbon hosted ...") is not a dateline.
_PLACE_WORD = r"[A-Z][\w'’.-]*"
_PLACE = rf"{_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,3}}"
_BEFORE = re.compile(
    r"\W{0,3}(?:\([^()]{1,60}\)\s*)?"
    rf"(?:{_PLACE}(?:\s*,\s*{_PLACE}){{0,2}}\s*(?:,|\(|:|\s[-–—])"
    r"|(?:published|updated|posted|date)\b[^\w]*(?:on\s+)?(?:at\s+[\w: ]{1,20}\s+on\s+)?)\s*",
    re.IGNORECASE,
)
# What may follow it: an agency in brackets, a comma and a name, a dash, a full stop, a
# closing bracket, a time of day, or the end of the line.
_AFTER = re.compile(r"\s*(?:$|[(),.:\-–—]|\d{1,2}[:.]\d{2}|[A-Z]{2,}\b)")
_NOT_PLACES = frozenset(
    {"on", "in", "by", "since", "until", "till", "from", "as", "at", "during", "before", "after"}
)


def latest_full_date(body: str) -> tuple[int, int, int] | None:
    """The latest date the article writes out with its year, as (year, month, day), the day
    0 for a month ("3 March 2031", "May 2030"); None when it writes none. Years alone ("in
    2015", "by 2035") do not count: they are as often history or targets as the present."""
    found = [
        (int(m.iso[:4]), int(m.iso[5:7]), int(m.iso[8:10] or 0))
        for m in find_dates(body, None)
        if m.iso
        and not m.iso.startswith("--")
        and m.precision in ("day", "month")
        and not m.relative
    ]
    return max(found, default=None)


def content_year(body: str) -> int | None:
    """The year the article's own dates give: that of its latest full date (see above)."""
    latest = latest_full_date(body)
    return latest[0] if latest else None


def published_from_dateline(body: str) -> dt.date | None:
    """The publication date a dateline at the top of `body` states, or None (see module)."""
    top = body[:TOP_CHARS]
    lines = [line for line in top.splitlines() if line.strip()][:TOP_LINES]
    for line in lines:
        for mention in find_dates(line, None):
            if mention.precision != "day" or mention.iso is None:
                continue
            if not _is_dateline(line, mention.start, mention.end, mention.expression):
                continue
            iso = mention.iso
            if iso.startswith("--"):
                # the year of the latest full date, or the next one when the dateline's day
                # comes before that date's in the year: a report follows what it reports
                latest = latest_full_date(body)
                if latest is None:
                    return None
                month, day = int(iso[2:4]), int(iso[5:7])
                year = latest[0] + ((month, day) < latest[1:])
                iso = f"{year:04d}{iso[1:]}"
            try:
                return dt.date.fromisoformat(iso)
            except ValueError:
                return None
    return None


def _is_dateline(line: str, start: int, end: int, expression: str) -> bool:
    before = line[:start]
    if not _AFTER.match(line, end):
        return False
    if not before.strip(" \t([-–—*•"):
        # the line opens with the date itself: "March 3, 2031 LISBON:", "3 March 2031"
        first = re.match(r"[A-Za-z]+|\d", expression)
        return first is not None and (
            first.group().isdigit() or first.group().lower().rstrip(".") in MONTH_NUMBER
        )
    m = _BEFORE.fullmatch(before)
    if m is None:
        return False
    words = re.findall(r"[A-Za-z]+", before)
    return bool(words) and words[0].lower() not in _NOT_PLACES
