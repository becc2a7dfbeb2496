"""Words and numbers for people, with no markup: shared by the HTML and the plain renderers.

Nothing here escapes or formats for Telegram or a terminal; bot.render (Telegram HTML) and
bot.render_plain (terminal text) build on it, and so do plain verdicts like bot.setup_checks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

ELLIPSIS = "…"

_MONTHS = (
    "January February March April May June July August September October November December"
).split()


def shorten(text: str, limit: int) -> str:
    """`text` with whitespace collapsed, cut at a word boundary to at most `limit` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: max(1, limit - 1)]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + ELLIPSIS


def date_text(day: dt.date | None) -> str:
    """5 May 2020 (no locale involved)."""
    if day is None:
        return ""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def plural(count: int, one: str, many: str) -> str:
    """`one` or `many` formatted with `count`."""
    return (one if count == 1 else many).format(count=count)


def years_text(years: Sequence[int]) -> str:
    """1961, 1991, 2011, 2019–2020: runs of consecutive years joined; a span when many."""
    if not years:
        return ""
    ordered = sorted(set(years))
    runs: list[list[int]] = []
    for year in ordered:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    if len(runs) > 6:
        return f"{ordered[0]}–{ordered[-1]}"
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def when_text(moment: dt.datetime | None) -> str:
    """22 November 2026 10:53 UTC (naive times are taken as UTC)."""
    if moment is None:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return f"{date_text(moment.date())} {moment:%H:%M} UTC"


def duration_text(seconds: float) -> str:
    """0.04 s, 1.5 s, 12 s, 3 min 5 s, 2 h 10 min, 3 d 4 h."""
    if seconds < 1:
        return f"{max(seconds, 0):.2f} s"
    if seconds < 10:
        return f"{seconds:.1f} s"
    whole = round(seconds)
    days, rest = divmod(whole, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min {secs} s"
    return f"{secs} s"


def size_text(size: int) -> str:
    """1.2 MB, 640 KB, 12 bytes (decimal units)."""
    if size < 1000:
        return f"{size} bytes"
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"  # pragma: no cover
