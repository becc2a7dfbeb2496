"""Finding date expressions: each pattern tried at its cheap anchors, the longest kept."""

from __future__ import annotations

import datetime as dt
import itertools
import re

from index.dates.context import Cand, Part, Text, month_of, skip_mod
from index.dates.patterns import (
    A_DIGITS,
    A_MONTH,
    A_MONTH_LOWER,
    A_MONTH_TOKEN,
    BRACKET_GAP,
    LEADING_PREP,
    NAME_AFTER_MONTH,
    RANGE_GAP,
    RE_AGO,
    RE_BEFORE_LAST,
    RE_DAY_MONTH,
    RE_EVENT_AFTER,
    RE_ISO,
    RE_MONTH_DAY,
    RE_MONTH_TAIL,
    RE_MONTH_YEAR,
    RE_NUMBER_AFTER,
    RE_NUMERIC,
    RE_SEASON,
    RE_SPAN_END,
    RE_UNIT,
    RE_WEEKDAY,
    RE_YEAR_RANGE,
    UNIT_WORDS,
    YEAR_BAD_AFTER,
    YEAR_BAD_BEFORE,
    YEAR_LIST_GAP,
)
from index.dates.resolve import (
    add_months,
    day_iso,
    fmt,
    in_calendar,
    inherit,
    md_part,
    relative_season,
    year_part,
)
from index.dates.words import (
    COUNT_NOUNS,
    CTX_OFFSETS,
    EVENT_NOUNS,
    FALL_CUES,
    MAY_CUES,
    MONTH_CUES,
    MONTH_FULL,
    NOT_PLURAL,
    NUMBER_LABELS,
    NUMBER_WORDS,
    PUB_OFFSETS,
    QUANTITY_WORDS,
    REL_WORDS,
    SEASON_CUES,
    SEASON_NAME,
    SEASON_WORDS,
    STRONG_PREPS,
    WEAK_PREPS,
    WEEKDAY_REL,
    WEEKDAY_VERBS,
    WEEKDAY_WORDS,
    WEEKDAYS,
    YEAR_CUE_WORDS,
)
from index.models import DateMention, Precision


def _add(out: list[Cand], part: Part | None) -> None:
    if part is not None:
        out.append(Cand(part.start, part.end, [part]))


# --------------------------------------------------------------------------- matchers


def _year_ok(ctx: Text, start: int, end: int, year: int, listed: bool) -> bool:
    """Whether a bare four-digit number at [start, end) reads as a year."""
    nxt = ctx.next_word(end)
    if nxt in COUNT_NOUNS:
        return False
    if listed:
        return True
    raw, raw_start = ctx.prev_word_at(start)
    before = raw.lower()
    if before in NUMBER_LABELS:
        return False
    if before in ("from", "between"):
        m = RE_NUMBER_AFTER.match(ctx.text, end)
        if m and not (len(m[1]) == 4 and m[1].isdigit() and year < int(m[1]) <= 2100):
            return False  # "from 2000 to 3000", "between 1500 and 2,000"
    if before in STRONG_PREPS:
        plural = nxt.endswith("s") and len(nxt) > 3 and nxt not in NOT_PLURAL
        return year >= 1900 or not plural
    if before in WEAK_PREPS:
        return year >= 1900 and ctx.prev_word(raw_start) not in QUANTITY_WORDS
    if before in YEAR_CUE_WORDS or before in SEASON_NAME:
        return True
    if before in MONTH_FULL and month_of(raw, True) is not None:
        return True
    if nxt == "year":
        return True
    if before != "the":
        return False
    # "the 2020 war", "the 2020 Patriotic War", "the 2019 Baku Summit"; not "the 2030 Agenda"
    m = RE_EVENT_AFTER.match(ctx.text, end)
    return m is not None and m.group(1).lower() in EVENT_NOUNS


def _years(ctx: Text, runs: list[tuple[int, int]], out: list[Cand]) -> None:
    """Dates and years found from four-digit numbers."""
    text, low = ctx.text, ctx.low
    n = len(text)
    last_end, last_year = -1, 0
    for start, end in runs:
        if end - start != 4:
            last_end = -1
            continue
        y = int(text[start:end])
        if not 1000 <= y <= 2100:
            last_end = -1
            continue
        m = RE_ISO.match(low, start)
        if m:
            _add(out, md_part(ctx, start, m.end(), int(m["m"]), int(m["d"]), m["y"], None))
        if start >= 4 and low[start - 1] in "./-":
            m = RE_NUMERIC.search(low, start - 6, min(n, end + 8))
            if m and m.start("y") == start:
                _numeric(ctx, m, out)
        m = RE_YEAR_RANGE.match(low, start)
        if m:
            _year_range(ctx, m, out)
        words, starts = ctx.chain(start)
        if words and words[0] in ("from", "between"):
            m = RE_SPAN_END.match(low, end)
            y2 = int(m["y2"]) if m else 0
            if (
                m
                and 0 < y2 - y <= 200
                and ctx.next_word(m.end()) not in COUNT_NOUNS
                and ctx.prev_word(starts[0]) not in QUANTITY_WORDS
            ):
                parts = [
                    Part(starts[0], end, fmt(y), "year", True, lends=y),
                    Part(m.start("y2"), m.end(), fmt(y2), "year", True, lends=y2),
                ]
                out.append(Cand(starts[0], m.end(), parts))
        # "mid-2019", "early 2020", "the end of 2019", "the first half of 2020", "the year 2020"
        k = 0
        if words and words[0] == "year":
            k = 2 if len(words) > 1 and words[1] == "the" else 1
        k = skip_mod(words, k, year=True)
        good_end = not (
            (end < n and (text[end].isalnum() or text[end] in "%_"))
            or (end + 1 < n and text[end] in YEAR_BAD_AFTER and text[end + 1].isdigit())
            or (end + 1 < n and text[end] in "'’" and text[end + 1] in "sS")
        )
        if k and good_end:
            _add(out, Part(starts[k - 1], end, fmt(y), "year", True, lends=y))
        # a bare year, in a date context
        if not good_end or (
            start > 0 and (text[start - 1].isalnum() or text[start - 1] in YEAR_BAD_BEFORE)
        ):
            last_end = -1
            continue
        listed = (
            last_end >= 0
            and abs(y - last_year) <= 50
            and YEAR_LIST_GAP.fullmatch(low, last_end, start) is not None
        )
        if not _year_ok(ctx, start, end, y, listed):
            last_end = -1
            continue
        last_end, last_year = end, y
        _add(out, Part(start, end, fmt(y), "year", True, lends=y))


def _numeric(ctx: Text, m: re.Match[str], out: list[Cand]) -> None:
    """04.05.2020 and 09-12-2023 (day first unless the second part is over 12), 25/04/2020,
    04/25/2020; ambiguous slashes are skipped."""
    a, b = int(m["a"]), int(m["b"])
    if (m["sep"] in ".-" and b <= 12) or a > 12 >= b or a == b:
        day, month = a, b
    elif b > 12 >= a:
        day, month = b, a
    else:
        return  # 04/05/2020: April or May?
    if 1 <= month <= 12 and 1 <= day <= 31:
        _add(out, md_part(ctx, m.start(), m.end(), month, day, m["y"], None))


def _year_range(ctx: Text, m: re.Match[str], out: list[Cand]) -> None:
    """2019-2020, 2019–23, 2019/2020: one mention per year."""
    y1 = int(m["y1"])
    raw2 = m["y2"]
    y2 = int(raw2)
    if len(raw2) == 2:
        y2 += y1 // 100 * 100
        if y2 <= y1:
            y2 += 100
        if y2 - y1 > 10:
            return
    if y2 <= y1 or y2 - y1 > 100 or (m["sep"] == "/" and y2 != y1 + 1):
        return
    if ctx.prev_word(m.start()) in NUMBER_LABELS or ctx.next_word(m.end()) in COUNT_NOUNS:
        return
    parts = [
        Part(m.start("y1"), m.end("y1"), fmt(y1), "year", True, lends=y1),
        Part(m.start("y2"), m.end("y2"), fmt(y2), "year", True, lends=y2),
    ]
    out.append(Cand(m.start(), m.end(), parts))


def _day_prefix(ctx: Text, pos: int, the: bool) -> int:
    """Start of "between", a weekday and (before a day) "the" before `pos`."""
    words, starts = ctx.chain(pos)
    k = 0
    n = len(words)
    if the and k < n and words[k] == "the":
        k += 1
    if k + 1 < n and words[k] == "," and words[k + 1] in WEEKDAYS:
        k += 2
    elif k < n and words[k] in WEEKDAYS:
        k += 1
    if k < n and words[k] == "between":
        k += 1
    return starts[k - 1] if k else pos


def _day_months(
    ctx: Text, runs: list[tuple[int, int]], months: list[int], out: list[Cand]
) -> None:
    """Dates with a day number and a month name, single days or ranges."""
    text, low = ctx.text, ctx.low
    for start, end in runs:
        if end - start > 2 or not any(start < p <= start + 40 for p in months):
            continue
        if start > 0 and (
            text[start - 1].isalnum()
            or text[start - 1] in ".,/:"
            or (start > 1 and text[start - 1] == "-" and text[start - 2].isalpha())
        ):
            continue
        m = RE_DAY_MONTH.match(low, start)
        if m:
            _day_month_match(ctx, m, _day_prefix(ctx, start, the=True), out)
    for p in months:
        m = RE_MONTH_DAY.match(low, p)
        if m:
            _day_month_match(ctx, m, _day_prefix(ctx, p, the=False), out)


def _day_month_match(ctx: Text, m: re.Match[str], start: int, out: list[Cand]) -> None:
    text = ctx.text
    m1 = month_of(text[m.start("m1") : m.end("m1")], True) if m["m1"] else None
    m2 = month_of(text[m.start("m2") : m.end("m2")], True) if m["m2"] else None
    if (m["m1"] and m1 is None) or (m["m2"] and m2 is None):
        return
    month = m1 or m2
    assert month is not None
    day = int(m["d1"])
    if m["d2"] is not None and (month, day) >= (m2 or month, int(m["d2"])):
        return  # not a range: "5-3 March"
    if not (m["y"] or m["ry"]) and ctx.next_word(m.end()) in COUNT_NOUNS:
        return  # "May 2 people were hurt"
    part = md_part(ctx, start, m.end(), month, day, m["y"], m["ry"])
    # An impossible day ("31 February 2020") blocks the shorter matches inside it.
    out.append(Cand(start, m.end(), [part] if part else []))


def _months(ctx: Text, months: list[int], out: list[Cand]) -> None:
    """Months with a year, relative months ("last October") and bare months after a cue."""
    text, low = ctx.text, ctx.low
    for p in months:
        m = RE_MONTH_YEAR.match(low, p)
        if not m:
            continue
        token = text[p : m.end("m")]
        words, starts = ctx.chain(p)
        k = skip_mod(words, 0)
        start = starts[k - 1] if k else p
        if m["y"] or m["ry"]:
            month = month_of(token, True)
            if month is not None:
                _add(out, md_part(ctx, start, m.end(), month, None, m["y"], m["ry"]))
            continue
        tail = RE_MONTH_TAIL.match(low, m.end())
        month2 = tail and month_of(text[tail.start("m2") : tail.end("m2")], True)
        if tail and month2:
            # "January-March 2023", "January-September of this year": the year of the range
            month = month_of(token, True)
            if month is None:
                continue
            part = md_part(ctx, start, m.end(), month, None, tail["y"], tail["ry"])
            last = md_part(ctx, tail.start("m2"), tail.end(), month2, None, None, tail["ry"])
            if part and last and tail["ry"] and last.iso and part.iso and month <= month2:
                part.iso = last.iso[:4] + part.iso[4:]  # the year the range ends in
            _add(out, part)
            continue
        month = month_of(token, False)
        if month is None or text.startswith(("'s", "’s"), m.end()):
            continue
        if NAME_AFTER_MONTH.match(text, m.end()):
            continue  # "the October Revolution"
        rel = words[0] if words and not k and words[0] in REL_WORDS else None
        if rel is None:
            if not k:
                cues = MAY_CUES if month in (3, 5) else MONTH_CUES
                before = words[0] if words else ""
                after_month = (
                    len(words) > 1
                    and before in ("and", "or", "to", "through", "until", "till", "-", "–", "—")
                    and words[1] in MONTH_FULL
                )
                if before not in cues and not after_month:
                    continue
            _add(out, md_part(ctx, start, m.end(), month, None, None, None))
            continue
        start = starts[0]
        if ctx.pub is None:
            _add(out, Part(start, m.end(), f"--{month:02d}", "month", False, relative=True))
            continue
        pub = ctx.pub
        if rel == "last":
            y = pub.year if month < pub.month else pub.year - 1
        elif rel == "next":
            y = pub.year if month > pub.month else pub.year + 1
        else:  # "this October": of the publication year, unless told of in the past tense
            y = pub.year - (month > pub.month and ctx.tense(start) == "past")
        _add(out, Part(start, m.end(), fmt(y, month), "month", True, relative=True))


def _seasons(ctx: Text, seasons: list[int], out: list[Cand]) -> None:
    """Seasons with a year, with "of last year", or "last/this/next <season>"."""
    low = ctx.low
    for p in seasons:
        m = RE_SEASON.match(low, p)
        if not m or (p > 0 and low[p - 1].isalnum()):
            continue
        words, starts = ctx.chain(p)
        k = 0
        the = False
        if words and words[0] == "the":
            k, the = 1, True
        k2 = skip_mod(words, k)
        if k2 > k:
            k = k2
            if k < len(words) and words[k] == "the":
                k, the = k + 1, True
        start = starts[k - 1] if k else p
        word = m["s"]
        season = SEASON_NAME[word]
        if ctx.text[p].isupper():
            raw = ctx.prev_word_at(p)[0]
            if raw[:1].isupper() and raw.lower() not in SEASON_CUES:
                continue  # "the Arab Spring of 2011", "the Prague Spring": names
        if m["y"] is not None:
            y = int(m["y"])
            if m["y2"] is not None and season == "winter":
                y2 = int(m["y2"])
                if len(m["y2"]) == 2:
                    y2 += y // 100 * 100
                    if y2 <= y:
                        y2 += 100
                if y2 == y + 1:
                    y = y2
            _add(out, Part(start, m.end(), fmt(y), "season", True, season, lends=y))
        elif m["ry"] is not None:
            if (
                word == "fall"
                and not the
                and " of " not in m.group(0)
                and (words[0] if words else "") not in FALL_CUES
            ):
                continue  # "prices will fall next year": a verb, not a season
            ry = m["ry"]
            if ry in CTX_OFFSETS:
                part = Part(start, m.end(), None, "season", False, season)
                part.ctx_offset = CTX_OFFSETS[ry]
                _add(out, part)
            elif ctx.pub is None:
                _add(out, Part(start, m.end(), None, "season", False, season, True))
            else:
                y = ctx.pub.year + PUB_OFFSETS[ry]
                _add(out, Part(start, m.end(), fmt(y), "season", True, season, True))
        elif k == 0 and words and words[0] in REL_WORDS:
            if word == "fall" and ctx.next_word(m.end()) in ("in", "of"):
                continue  # "this fall in prices"
            _add(out, relative_season(ctx, starts[0], m.end(), season, words[0]))


def _relatives(ctx: Text, units: list[int], out: list[Cand]) -> None:
    """ "last year", "earlier this month", "two years ago", "yesterday"..."""
    low = ctx.low
    pub = ctx.pub
    iso: str | None
    for p in units:
        if p > 0 and low[p - 1].isalpha():
            continue
        words, starts = ctx.chain(p)
        if low.startswith("ago", p):  # "10 days ago"; years and months have their anchors
            if not (words and words[0] in ("day", "days")):
                continue
            p = starts[0]
            words, starts = ctx.chain(p)
        if low.startswith("today", p):
            _today(ctx, p, words, out)
            continue
        if low.startswith(("yesterday", "tomorrow"), p):
            word = "yesterday" if low.startswith("yesterday", p) else "tomorrow"
            end = p + len(word)
            if end < len(low) and low[end].isalnum():
                continue
            if words and words[0] == "of":
                continue  # "the world of tomorrow"
            start, shift = p, -1 if word == "yesterday" else 1
            if words[:3] in (["before", "day", "the"], ["after", "day", "the"]):
                start, shift = starts[2], shift * 2
            iso = day_iso(pub, shift) if pub is not None else None
            _add(out, Part(start, end, iso, "day", iso is not None, relative=True))
            continue
        m = RE_UNIT.match(low, p)
        if not m:
            continue
        unit = m["unit"]
        if (
            not m["pl"]
            and unit != "day"
            and words
            and words[0] in ("last", "this", "next", "current")
        ):
            which = words[0]
            k = 1
            the = len(words) > 1 and words[1] == "the"
            if the:
                k = 2
            k2 = skip_mod(words, k, year=True)
            if the and which in ("last", "next") and k2 == k:
                continue  # "over the last year": a period, not a date
            start = starts[k2 - 1]
            if unit == "year":
                _add(out, year_part(ctx, start, m.end(), None, which))
            elif pub is None:
                _add(out, Part(start, m.end(), None, "month", False, relative=True))
            else:
                y, mo = add_months(pub.year, pub.month, PUB_OFFSETS[which])
                _add(out, Part(start, m.end(), fmt(y, mo), "month", True, relative=True))
            continue
        if unit == "year" and not m["pl"]:
            m2 = RE_BEFORE_LAST.match(low, p)
            if m2:
                start = starts[0] if words and words[0] == "the" else p
                iso = fmt(pub.year - 2) if pub else None
                _add(out, Part(start, m2.end(), iso, "year", pub is not None, relative=True))
                continue
        m2 = RE_AGO.match(low, p)
        if m2 and words:
            raw = words[0]
            if raw.isdigit() and len(raw) <= 3:
                count = int(raw)
            elif raw in NUMBER_WORDS:
                count = NUMBER_WORDS[raw]
            else:
                continue
            precision: Precision = (
                "year" if unit == "year" else "month" if unit == "month" else "day"
            )
            iso = None
            if pub is not None:
                if unit == "year":
                    iso = fmt(pub.year - count)
                elif unit == "month":
                    iso = fmt(*add_months(pub.year, pub.month, -count))
                else:
                    iso = day_iso(pub, -count)
            _add(out, Part(starts[0], m2.end(), iso, precision, pub is not None, relative=True))


def _today(ctx: Text, p: int, words: list[str], out: list[Cand]) -> None:
    """ "today" inside a sentence ("talks open today", "said today"): the publication date.

    Not a sentence's first word ("Today, the world is changing" speaks of the present, not of
    a day), nor "today's", "of today", or a name ("USA Today").
    """
    text = ctx.text
    end = p + 5
    if end < len(text) and (text[end].isalnum() or text.startswith(("'s", "’s"), end)):
        return
    if words and words[0] == "of":
        return
    raw = ctx.prev_word_at(p)[0]
    first = ctx.sentence_at(p)[0]
    if not any(c.isalnum() for c in text[first:p]) or (text[p].isupper() and raw[:1].isupper()):
        return
    iso = day_iso(ctx.pub, 0) if ctx.pub is not None else None
    _add(out, Part(p, end, iso, "day", iso is not None, relative=True))


def _weekdays(ctx: Text, anchors: list[int], out: list[Cand]) -> None:
    """ "on Monday", "last Friday", "Monday's", "Monday morning", "said Monday"."""
    text, low = ctx.text, ctx.low
    for p in anchors:
        m = RE_WEEKDAY.match(low, p)
        if not m or (p > 0 and low[p - 1].isalnum()):
            continue
        word = text[p : m.end("wd")]
        if not (word.isupper() or (word[1:].islower() and word[0].isupper())):
            continue
        words, starts = ctx.chain(p)
        rel = words[0] if words and words[0] in WEEKDAY_REL else None
        start = starts[0] if rel else p
        if rel is None:
            raw = ctx.prev_word_at(p)[0]
            if raw and raw[0].isupper() and raw.lower() not in MONTH_CUES:
                continue  # "Good Friday", "Black Friday"
            if not (m["pos"] or m["part"] or raw.lower() in WEEKDAY_VERBS):
                continue
        wd = WEEKDAYS.index(m["wd"])
        part = Part(start, m.end(), None, "day", False, relative=True, weekday=wd)
        pub = ctx.pub
        if pub is not None:
            back = (pub.weekday() - wd) % 7  # days back to the latest such weekday, 0..6
            ahead = (wd - pub.weekday()) % 7
            if rel in ("last", "past"):
                shift = -(back or 7)
            elif rel == "next":
                shift = ahead or 7
            elif ctx.future(p):
                shift = ahead
            else:
                shift = -back
            part.iso = day_iso(pub, shift)
            part.resolved = part.iso is not None
        _add(out, part)


def _find_all(text: str, words: tuple[str, ...]) -> list[int]:
    """Sorted start positions of every occurrence of any of `words` in `text`."""
    found: list[int] = []
    for word in words:
        i = text.find(word)
        while i >= 0:
            found.append(i)
            i = text.find(word, i + 1)
    found.sort()
    return found


def _candidates(ctx: Text) -> list[Cand]:
    """Every match of every pattern, each tried only at its anchors."""
    text, low = ctx.text, ctx.low
    out: list[Cand] = []
    has_digit = any(c in text for c in "0123456789")
    runs = [(m.start(), m.end()) for m in A_DIGITS.finditer(text)] if has_digit else []
    if runs:
        _years(ctx, runs, out)
    found = [m.start() for m in A_MONTH.finditer(text)]
    if has_digit:  # lowercase, only full unambiguous names are months, next to a number
        found += [m.start() for m in A_MONTH_LOWER.finditer(text)]
        found.sort()
    months = [
        p
        for p in found
        if (p == 0 or not low[p - 1].isalnum()) and A_MONTH_TOKEN.match(low, p) is not None
    ]
    if months:
        _months(ctx, months, out)
        if runs:
            _day_months(ctx, runs, months, out)
    seasons = _find_all(low, SEASON_WORDS)
    if seasons:
        _seasons(ctx, seasons, out)
    units = _find_all(low, UNIT_WORDS)
    if units:
        _relatives(ctx, units, out)
    weekdays = _find_all(text, WEEKDAY_WORDS) if "day" in low else []
    if weekdays:
        _weekdays(ctx, weekdays, out)
    return out


def find_dates(
    text: str, published: dt.date | None, year_hint: int | None = None
) -> list[DateMention]:
    """Every date expression in `text` (a sentence or a paragraph), in order of appearance.

    `published` is the article's publication date, the reference for relative expressions
    ("last year", "yesterday", "In October,"); without it they are returned unresolved.
    `year_hint`, used only without `published`, is the year the article's own text gives
    (an earlier full date, its dateline): a day or month without a year takes it.
    Overlapping matches keep the longest; a leading preposition ("in", "since", "on", ...)
    is included in the expression. Never raises for any publication date: what would fall
    outside the calendar stays unresolved. See the package docstring for the rules.
    """
    if not text:
        return []
    ctx = Text(text, published)
    cands = _candidates(ctx)
    if not cands:
        return []

    chosen: list[Cand] = []
    for cand in sorted(cands, key=lambda c: (c.start - c.end, c.start)):
        if all(cand.end <= c.start or cand.start >= c.end for c in chosen):
            chosen.append(cand)
    chosen.sort(key=lambda c: c.start)
    _read_neighbours(ctx, [part for cand in chosen for part in cand.parts])

    mentions: list[DateMention] = []
    # year of the latest full date or month with a year
    lend_day_month: int | None = year_hint if published is None else None
    lend_any: int | None = None  # year of the latest mention with a year
    prev_end = 0
    for cand in chosen:
        for i, part in enumerate(cand.parts):
            if part.range_year is not None:
                inherit(part, part.range_year)
            elif part.yearless and lend_day_month is not None:
                inherit(part, lend_day_month)
            elif part.ctx_offset is not None and lend_any is not None:
                inherit(part, lend_any + part.ctx_offset)
            if part.lends is not None:
                lend_any = part.lends
                if part.lends_to_yearless:
                    lend_day_month = part.lends
            if not in_calendar(part.iso):
                part.iso, part.resolved = None, False
            start = part.start
            if i == 0:
                m = LEADING_PREP.search(ctx.low, max(prev_end, start - 12), start)
                if m is not None:
                    start = m.start()
            mentions.append(
                DateMention(
                    expression=text[start : part.end],
                    start=start,
                    end=part.end,
                    iso=part.iso,
                    precision=part.precision,
                    resolved=part.resolved,
                    season=part.season,
                    relative=part.relative,
                )
            )
            prev_end = part.end
    return mentions


def _read_neighbours(ctx: Text, parts: list[Part]) -> None:
    """What a mention learns from the one right after it.

    A range whose year is written only at its end ("June 3 and until June 13, 2024") gives
    that year to its start; a weekday followed by its date in brackets ("on Saturday
    (November 23, 2024)") is that date when the weekdays agree.
    """
    for part, after in itertools.pairwise(parts):
        if after.relative or after.lends is None or not after.iso:
            continue
        gap = ctx.low[part.end : after.start]
        if part.yearless and RANGE_GAP.fullmatch(gap):
            later = (int(after.iso[5:7] or 0), int(after.iso[8:10] or 0))
            if after.lends_to_yearless and (part.month, part.day) <= later:
                part.range_year = after.lends
        elif part.weekday >= 0 and after.precision == "day" and BRACKET_GAP.fullmatch(gap):
            day = dt.date.fromisoformat(after.iso)
            if day.weekday() == part.weekday:
                part.iso, part.resolved, part.relative = after.iso, True, False
