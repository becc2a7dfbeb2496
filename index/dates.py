"""Dates that an article states, found in its text and resolved to the calendar.

`find_dates` reads a sentence (or a paragraph) and returns every date expression in it as a
`DateMention`; `label` renders one for a reader. Pure functions, standard library only, about
ten to thirty microseconds a sentence (patterns are only tried at cheap anchors).

What is found
-------------
* Full dates: "4 May 2020", "May 4, 2020", "May 4 2020", "the 4th of May, 2020", "2020-05-04",
  "04.05.2020" (dots are always day.month.year), "4/25/2020" (slashes only when unambiguous:
  one part above 12, or both parts equal), "Jan. 5, 2021", "Monday, May 4, 2020". An
  impossible day ("31 February 2020") gives nothing at all.
* Day ranges: "3-5 March 2023", "3 – 5 March", "between 3 and 5 March 2023", "May 3-5, 2023",
  "30 April - 2 May 2023": one mention of the first day whose expression covers the range.
* Months: "May 2020", "Sept. 2019", "October of 2019", "early May 2020" (month precision);
  in "January-March 2023" the first month takes the year of the range (two mentions).
* Seasons: "autumn of 2019", "the autumn of 2019", "spring 2020", "late autumn 2019"; "winter
  2019/2020" (or "winter 2019-20") is one mention dated by the year of its January ("2020",
  labelled "winter 2019/2020"), matching how `DateMention.sort_key` places winter first.
  Not names ("the Arab Spring of 2011" gives only the year) nor "fall" the verb.
* Years, only in a date context (see below): "in 2011", "since 1991", "by 2030", "mid-2019",
  "early 2020", "the end of 2019", "the first half of 2020" (year precision); ranges
  "2019-2020", "2019–23", "2019/2020", "from 2019 to 2023", "between 2019 and 2021" and lists
  "in 2018, 2019 and 2020" give one mention per year.
* Relative to the publication date: "last year", "this year", "next year", "earlier this year",
  "the end of last year", "the year before last", "two years ago", "last month", "earlier this
  month", "three months ago", "yesterday", "tomorrow", "10 days ago", "in October of last
  year", "October of this year", "May 4 last year", "last October", "since the autumn of last
  year", "last summer", weekdays, and dates without a year ("on May 4", "In October,").
  These have `relative` True (also when they stay unresolved for want of a publication date).

A leading preposition ("in", "on", "since", "by", "from", "until", "during", "between", ...)
is part of the expression: "in October of last year", "since the autumn of last year".
Overlapping matches keep the longest.

A bare four-digit number is a year only when it lies in 1000..2100 and stands in a date
context: right after "in/since/during/until/till/before/after/through/throughout", after
"by/from/to/of/around/between" (then only 1900..2100, and not after words such as "increased"
or "up"), after "year"/"the year", a month or a season name, before "year" ("2020 year"),
in "the 2020 war", "the 2020 Patriotic War", "the 2019 Baku Summit" (a short list of event
nouns, after at most two capitalised words), or in a year range or list. It is never a year
when followed by a counted noun ("in 1500 people"), nor in "the 2030 Agenda", "Resolution
2334", "No. 1973", "from 2000 to 3000", "COVID-19", "G20", "1990s", "10.5%", "1,500", "17:23".

A month name needs a day, a year or a cue: "in/on/since/by/of/until/till/from/during/through/
before/after/between/around October", "early/mid/late October", "the end of October",
"last/this/next October", or a list ("in May and June"). "May" and "March" (also a verb, a
modal and a surname) take fewer cues (not "on", "by", "of", "around") and are never months in
lowercase; abbreviations ("Oct", "Sept.") need a number next to them. "the October
Revolution" and "May's" are not dates.

Rules for expressions without a year (publication date `published` known)
-----------------------------------------------------------------------
* "this year"/"October of this year" are taken literally: the publication year.
* A month or a day and month without a year ("In October,", "on May 4", "mid-May"):
  first, when an earlier mention in the same text gave a full date or a month with an explicit
  year ("On 3 May 2019 ..., and on 5 June ..."), that year is inherited (then `relative` is
  False). This works within the text given: a caller that passes single sentences does not
  get it across sentences. Otherwise the publication year, except that in a sentence that is
  not in the future tense (no "will", "shall", "to be held", "next", "upcoming", "scheduled",
  "planned", "expected to", "set to", "due to", "to take place", ...) a month after the
  publication month means the previous year ("In October," in an article of May 2020 is
  October 2019), and in a future sentence a month before the publication month means the next
  year. The rule works on months: "May 20" in an article of 5 May 2020 stays 2020-05-20.
* "October of the same year", "the following year", "the previous year", "that year" take the
  year of the nearest earlier mention in the text that has one; otherwise they stay unresolved
  ("--10"). On their own ("the following year") they are not returned.
* Weekdays ("on Monday", "Monday's", "Monday morning", "said Monday"): in a past or present
  sentence the most recent such weekday on or before the publication date (an article
  published on a Monday saying "on Monday" means that very day); in a future sentence the
  next one on or after it. "last Monday" is strictly before the publication date and "next
  Monday" strictly after it. Bare weekdays without one of these cues, and named days ("Good
  Friday", "Black Friday", "The Sunday Times"), are not taken.
* "last October" is the most recent October before the publication month, "next October" the
  first one after it, "this October" the one of the publication year. "last/this/next
  <season>" are counted in seasons (winter = December to February, dated by its January).

Without a publication date, absolute dates are resolved as usual; a day and month without a
year give iso "--05-04" (a month alone "--05") with `resolved` False; other relative
expressions ("last year", "yesterday", "on Monday", "the autumn of last year") give iso None
and `resolved` False. No year is ever guessed.

Left out on purpose (precision first): generic "today", "now", "nowadays", "these days", "in
the coming years", "the past year", "over the last year", "last week"/"weeks ago" (no week
precision), decades and centuries ("the 1990s", "the 21st century"), bare ordinals ("the
18th"), two-digit years ("'19"), year-month "2020-05", ambiguous "04/05/2020", "the 2030
Agenda", names of days ("Good Friday") and bare seasons without a year ("in the summer").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from index.models import DateMention, Precision, Season

__all__ = ["find_dates", "label"]

# --------------------------------------------------------------------------- vocabulary

_MONTH_NUMBER = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_MONTH_FULL = frozenset(k for k in _MONTH_NUMBER if len(k) > 4 or k in ("may", "june", "july"))
_MONTH_LABEL = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Months that are also common English words: never lowercase, and fewer cue words.
_MONTH_AMBIGUOUS = frozenset({"may", "march"})

_SEASON_NAME: dict[str, Season] = {
    "spring": "spring",
    "summer": "summer",
    "autumn": "autumn",
    "fall": "autumn",
    "winter": "winter",
}
_SEASON_INDEX: dict[Season, int] = {"winter": 0, "spring": 1, "summer": 2, "autumn": 3}
_MONTH_SEASON: tuple[Season, ...] = (
    "winter",
    "winter",
    "spring",
    "spring",
    "spring",
    "summer",
    "summer",
    "summer",
    "autumn",
    "autumn",
    "autumn",
    "winter",
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}

# Words before a bare year that make it a year.
_STRONG_PREPS = frozenset(
    {"in", "since", "during", "until", "till", "before", "after", "through", "throughout"}
)
_WEAK_PREPS = frozenset({"by", "from", "to", "of", "around", "between"})
# Words before a weak preposition that make the number a quantity ("increased by 2000").
_QUANTITY_WORDS = frozenset(
    {
        "increased",
        "increase",
        "increases",
        "decreased",
        "decrease",
        "decreases",
        "rose",
        "risen",
        "rise",
        "rises",
        "fell",
        "fallen",
        "grew",
        "grown",
        "growth",
        "reduced",
        "reduction",
        "dropped",
        "drop",
        "jumped",
        "climbed",
        "raised",
        "cut",
        "up",
        "down",
        "total",
        "totalling",
        "totaling",
        "number",
        "numbers",
        "amount",
        "sum",
        "reached",
        "reaching",
        "exceeded",
        "than",
        "out",
        "ratio",
        "score",
        "multiplied",
        "divided",
        "added",
        "about",
        "ranged",
        "ranging",
        "range",
        "varied",
        "varying",
        "vary",
        "between",
    }
)
# Nouns after a number that make it a count ("in 1500 people").
_COUNT_NOUNS = frozenset(
    {
        "people",
        "persons",
        "person",
        "residents",
        "citizens",
        "inhabitants",
        "deaths",
        "dead",
        "victims",
        "casualties",
        "cases",
        "troops",
        "soldiers",
        "servicemen",
        "men",
        "women",
        "families",
        "houses",
        "homes",
        "buildings",
        "apartments",
        "km",
        "kilometers",
        "kilometres",
        "metres",
        "meters",
        "m",
        "miles",
        "tons",
        "tonnes",
        "kg",
        "dollars",
        "euros",
        "manats",
        "manat",
        "usd",
        "eur",
        "azn",
        "units",
        "pieces",
        "hectares",
        "ha",
        "students",
        "pupils",
        "children",
        "workers",
        "employees",
        "members",
        "delegates",
        "participants",
        "refugees",
        "idps",
        "applications",
        "projects",
        "times",
        "years",
        "months",
        "days",
        "hours",
        "minutes",
        "seconds",
        "copies",
        "votes",
        "jobs",
        "companies",
        "vehicles",
        "cars",
        "schools",
        "villages",
        "mines",
        "items",
        "documents",
        "words",
        "pages",
        "visitors",
        "tourists",
        "guests",
        "new",
        "more",
        "million",
        "billion",
        "thousand",
        "percent",
        "per",
    }
)
# Plural-looking words that still may follow a year ("in 1918 was").
_NOT_PLURAL = frozenset(
    {
        "was",
        "is",
        "has",
        "as",
        "its",
        "his",
        "this",
        "thus",
        "whereas",
        "across",
        "unless",
        "always",
        "perhaps",
        "besides",
        "towards",
        "afterwards",
    }
)
# Nouns after "the 2020 ..." that make the number a year.
_EVENT_NOUNS = frozenset(
    {
        "war",
        "wars",
        "election",
        "elections",
        "summit",
        "referendum",
        "census",
        "crisis",
        "conflict",
        "earthquake",
        "revolution",
        "coup",
        "protests",
        "agreement",
        "ceasefire",
        "declaration",
        "olympics",
        "campaign",
        "invasion",
        "pandemic",
        "budget",
        "constitution",
        "treaty",
        "accord",
        "accords",
        "victory",
        "events",
        "offensive",
        "escalation",
        "clashes",
        "uprising",
        "massacre",
        "tragedy",
        "genocide",
        "occupation",
        "session",
        "meeting",
        "conference",
        "visit",
        "report",
        "championship",
        "season",
        "parliamentary",
        "presidential",
        "municipal",
        "statement",
        "cup",
        "games",
        "forum",
        "congress",
        "festival",
        "expo",
        "olympiad",
        "championships",
        "summits",
        "decree",
        "law",
        "attack",
        "attacks",
    }
)
_YEAR_CUE_WORDS = frozenset({"year", "years"})
# Words that introduce a number that is not a year.
_NUMBER_LABELS = frozenset(
    {"no", "nr", "number", "resolution", "tel", "phone", "fax", "id", "code", "page", "pages"}
)
_WEEKDAY_VERBS = frozenset(
    {"said", "says", "announced", "reported", "stated", "told", "met", "held", "signed", "opened"}
)
# Cue words before a bare month name ("in October"); May is also a verb and a surname.
_MONTH_CUES = frozenset(
    {
        "in",
        "on",
        "since",
        "by",
        "of",
        "until",
        "till",
        "from",
        "during",
        "through",
        "throughout",
        "before",
        "after",
        "between",
        "around",
        "early",
        "late",
        "mid",
    }
)
_FALL_CUES = _STRONG_PREPS | {"by", "from"}
_SEASON_CUES = (
    _STRONG_PREPS | _WEAK_PREPS | {"the", "last", "this", "next", "early", "mid", "late"}
)
_MAY_CUES = _MONTH_CUES - {"on", "by", "of", "around"}
# Prepositions kept at the front of an expression ("since the autumn of last year").
_LEADING_PREPS = (
    "in",
    "on",
    "since",
    "by",
    "from",
    "until",
    "till",
    "during",
    "before",
    "after",
    "through",
    "throughout",
    "around",
    "between",
    "as of",
)

# --------------------------------------------------------------------------- regex pieces
# Matching runs on an ASCII-lowercased copy of the text (same offsets), so no pattern needs
# IGNORECASE; letter case is checked on the original text where it matters. For speed, no
# pattern is searched through the text: cheap scans find anchors (four-digit numbers, month,
# season, "year"/"month"/"day" and weekday words), each pattern is matched forward from an
# anchor, and the words before an anchor ("the end of", "last", "between") are read back by
# `_Text.chain`.

_YEAR_NUM = r"(?:1\d{3}|20\d{2}|2100)"
_YEAR_END = r"(?![\w%]|[.,/\-–—]\d|['’]s\b)"
_MONTH = (
    r"(?:(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december)\b|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)(?:\.|\b))"
)
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_RELYEAR = (
    r"(?:of\s+)?(?:the\s+)?"
    r"(?P<ry>last|this|next|current|previous|same|following|that)\s+year\b"
)
_YEARPART = rf"(?:,?\s*(?P<y>{_YEAR_NUM}){_YEAR_END}|,?\s+{_RELYEAR})"
_DAY_END = r"(?![.:]\d|,\d{1,3}(?!\d)|\s*%)"
_RANGE_SEP = r"(?:-|–|—|to|and|until|till|through)"


def _day(name: str) -> str:
    return rf"(?P<{name}>0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\b"


# From a day number: "4 May 2020", "4th of May, 2020", "3-5 March 2023", "30 April - 2 May".
_RE_DAY_MONTH = re.compile(
    rf"{_day('d1')}(?:(?:\s+(?:of\s+)?(?P<m1>{_MONTH}))?\s*{_RANGE_SEP}\s*(?:the\s+)?"
    rf"{_day('d2')})?(?:\s+of)?\s+(?P<m2>{_MONTH})(?:{_YEARPART})?"
)
# From a month: "May 4, 2020", "May 3-5, 2023", "May 30 to June 2", "May 4 last year".
_RE_MONTH_DAY = re.compile(
    rf"(?P<m1>{_MONTH})\s*(?:the\s+)?{_day('d1')}"
    rf"(?:\s*{_RANGE_SEP}\s*(?:(?P<m2>{_MONTH})\s*)?(?:the\s+)?{_day('d2')})?"
    rf"{_DAY_END}(?:{_YEARPART})?"
)
# From a month: "May 2020", "Sept. 2019", "October of last year", "October".
_RE_MONTH_YEAR = re.compile(
    rf"(?P<m>{_MONTH})"
    rf"(?:,?\s*(?:of\s+)?(?:the\s+year\s+)?(?P<y>{_YEAR_NUM}){_YEAR_END}|,?\s+{_RELYEAR})?"
)
# From a season: "autumn of 2019", "winter 2019/2020", "autumn of last year", "autumn".
_RE_SEASON = re.compile(
    r"(?P<s>spring|summer|autumn|fall|winter)\b(?:(?:\s+of)?\s+(?:the\s+year\s+)?"
    rf"(?:(?P<y>{_YEAR_NUM})(?:\s*[/\-–]\s*(?P<y2>{_YEAR_NUM}|\d{{2}}))?{_YEAR_END}"
    rf"|{_RELYEAR}))?"
)
# From a year.
_RE_ISO = re.compile(
    rf"(?<![\w.\-/])(?P<y>{_YEAR_NUM})(?P<sep>[-/])(?P<m>0[1-9]|1[0-2])(?P=sep)"
    r"(?P<d>0[1-9]|[12]\d|3[01])(?!\d|[-/.:]\d)"
)
_RE_NUMERIC = re.compile(
    rf"(?<![\w.\-/:,])(?P<a>\d{{1,2}})(?P<sep>[./])(?P<b>\d{{1,2}})(?P=sep)(?P<y>{_YEAR_NUM})"
    r"(?!\w|[./\-:,]\d)"
)
_RE_YEAR_RANGE = re.compile(
    rf"(?<![\w.,/\-–—$€£#№+])(?P<y1>{_YEAR_NUM})\s*(?P<sep>[-–—/])\s*"
    rf"(?P<y2>{_YEAR_NUM}|\d{{2}})(?![\w%]|[.,/\-–—]\d)"
)
_RE_SPAN_END = re.compile(rf"\s+(?:to|and|until|till|through)\s+(?P<y2>{_YEAR_NUM}){_YEAR_END}")
# From "year"/"month"/"day".
_RE_UNIT = re.compile(r"(?P<unit>year|month|day)(?P<pl>s)?\b")
_RE_BEFORE_LAST = re.compile(r"year\s+before\s+last\b")
_RE_AGO = re.compile(r"(?P<unit>year|month|day)s?\s+ago\b")
_RE_WEEKDAY = re.compile(
    rf"(?P<wd>{_WEEKDAY})\b(?P<pos>['’]s)?(?:\s+(?P<part>morning|afternoon|evening|night)\b)?"
)

# Anchors.
_A_DIGITS = re.compile(r"[0-9]+")
_A_MONTH = re.compile(
    r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
    r"|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC"
)
_A_MONTH_LOWER = re.compile(
    r"january|february|april|june|july|august|september|october|november|december"
)
_A_MONTH_TOKEN = re.compile(_MONTH)
_RE_MONTH_TAIL = re.compile(
    rf"\s*(?:-|–|—|to|through|until|till|and|or)\s*(?P<m2>{_MONTH})"
    rf"(?:,?\s*(?:of\s+)?(?P<y>{_YEAR_NUM}){_YEAR_END}|,?\s+{_RELYEAR})"
)
_RE_NUMBER_AFTER = re.compile(r"\s*(?:to|and|-|–|—)\s*(\d[\d,.]*\d|\d)")
_RE_EVENT_AFTER = re.compile(r"(?:\s+[A-Z][\w’'-]*){0,2}\s+([A-Za-z]+)")
_SEASON_WORDS = ("spring", "summer", "autumn", "fall", "winter")
_UNIT_WORDS = ("year", "month", "yesterday", "tomorrow", "ago")
_WEEKDAY_WORDS = tuple(w.title() for w in _WEEKDAYS) + tuple(w.upper() for w in _WEEKDAYS)
# Words before an anchor that call for reading further back than one word.
_CHAIN_WORDS = frozenset(
    {"the", "of", "from", "between", "year", "before", "after", "and", "or", "to", "through"}
    | {"until", "till", "early", "mid", "late", "earlier", "later", "last", "this", "next"}
    | {"current", *_WEEKDAYS}
)

_TOKEN = re.compile(r"[a-z]+|[0-9]+|[,\-–—]")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_NAME_AFTER_MONTH = re.compile(r"\s+(?:Revolution|War|Uprising|Crisis|Days?|Events?|Madness)\b")
_YEAR_LIST_GAP = re.compile(
    r"\s*(?:,\s*(?:and\s+|or\s+)?(?:in\s+)?|(?:and|or|to|through|until|till)\s+(?:in\s+)?)"
)
_LEADING_PREP = re.compile(
    r"(?<!\w)(?:" + "|".join(p.replace(" ", r"\s+") for p in _LEADING_PREPS) + r")\s+$"
)
_SENTENCE_END = re.compile(r"[.!?]\s")
_FUTURE = re.compile(
    r"(?:will|shall|won['’]t|to\s+be\s+held|next|upcoming|scheduled|planned|plans?\s+to"
    r"|expected\s+to|set\s+to|due\s+to|forthcoming|to\s+take\s+place|is\s+to\s+be"
    r"|are\s+to\s+be|intends?\s+to|['’]ll)\b"
)
_FUTURE_HINTS = (
    "will", "shall", "won", "held", "next", "upcoming", "schedul", "plan", "expect", "set to",
    "due to", "forthcoming", "take place", "to be", "intend", "'ll", "’ll",
)  # fmt: skip
_STRIP_LABEL = re.compile(
    r"^(?:(?:" + "|".join(p.replace(" ", r"\s+") for p in _LEADING_PREPS) + r")\s+)?"
    r"(?:the\s+(?=(?:spring|summer|autumn|fall|winter)\b))?",
    re.IGNORECASE,
)
_LOWER_MONTHS = tuple(sorted(k for k in _MONTH_FULL if k not in _MONTH_AMBIGUOUS))
_YEAR_BAD_BEFORE = frozenset(".,/-–—$€£#№+")
_YEAR_BAD_AFTER = frozenset(".,/-–—")
_DASHES = frozenset("-–—")
_MOD_WORDS = frozenset({"early", "mid", "late"})
_YEAR_MOD_WORDS = _MOD_WORDS | {"earlier", "later"}
_MOD_NOUNS = frozenset({"end", "beginning", "start", "middle"})
_ORDINALS = frozenset({"first", "second", "third", "fourth", "last"})
_REL_WORDS = frozenset({"last", "this", "next"})
_WEEKDAY_REL = frozenset({"last", "next", "this", "past", "on", "since", "until", "till", "by"})

# --------------------------------------------------------------------------- internals


@dataclass
class _Part:
    """One mention under construction."""

    start: int
    end: int
    iso: str | None
    precision: Precision
    resolved: bool
    season: Season | None = None
    relative: bool = False
    # A month (and day) whose year may come from an earlier mention of the same text.
    month: int = 0
    day: int = 0
    yearless: bool = False  # no year written: inherit from an earlier full date
    ctx_offset: int | None = None  # "the same/previous/following year": from any earlier year
    # Year this part lends to later parts; `lends_to_yearless` when it may date a bare month.
    lends: int | None = None
    lends_to_yearless: bool = False


@dataclass
class _Cand:
    """A match: a span and the mentions it yields (a year range yields several)."""

    start: int
    end: int
    parts: list[_Part]


class _Text:
    """The text being read, its lowercased copy, its publication date and lazy facts."""

    def __init__(self, text: str, published: dt.date | None) -> None:
        self.text = text
        low = text.lower()
        self.low = low if len(low) == len(text) else text.translate(_ASCII_LOWER)
        self.pub = published
        self._future: dict[int, bool] = {}

    def chain(self, pos: int) -> tuple[list[str], list[int]]:
        """The tokens right before `pos`, nearest first, while only spaces separate them.

        Words, numbers, commas and dashes; "mid-May" gives ["-", "mid"] before "may".
        """
        low = self.low
        i = pos
        while i > 0 and low[i - 1] == " ":
            i -= 1
        j = i
        while j > 0 and low[j - 1].isalpha() and low[j - 1].isascii():
            j -= 1
        if j < i and (j == 0 or not low[j - 1].isalnum()) and low[j:i] not in _CHAIN_WORDS:
            return [low[j:i]], [j]  # the common case: one plain word before
        found = [
            (m.group(), m.start(), m.end()) for m in _TOKEN.finditer(low, max(0, pos - 40), pos)
        ]
        words: list[str] = []
        starts: list[int] = []
        edge = pos
        for word, start, end in reversed(found):
            if end != edge and not low[end:edge].isspace():
                break
            words.append(word)
            starts.append(start)
            edge = start
        return words, starts

    def prev_word_at(self, pos: int) -> tuple[str, int]:
        """The ASCII word right before `pos` (only whitespace between) and its start."""
        text = self.text
        i = pos
        while i > 0 and text[i - 1].isspace():
            i -= 1
        if i == pos:
            return "", pos
        j = i
        while j > 0 and text[j - 1].isascii() and text[j - 1].isalpha():
            j -= 1
        if j > 0 and text[j - 1].isalnum():
            return "", pos
        return text[j:i], j

    def prev_word(self, pos: int) -> str:
        return self.prev_word_at(pos)[0].lower()

    def next_word(self, pos: int) -> str:
        text = self.text
        n = len(text)
        i = pos
        while i < n and text[i].isspace():
            i += 1
        if i == pos:
            return ""
        j = i
        while j < n and text[j].isascii() and text[j].isalpha():
            j += 1
        return text[i:j].lower()

    def future(self, pos: int) -> bool:
        """Whether the sentence around `pos` speaks of the future."""
        low = self.low
        start = 0
        for m in _SENTENCE_END.finditer(low, 0, pos):
            start = m.end()
        if start not in self._future:
            m_end = _SENTENCE_END.search(low, pos)
            end = m_end.start() + 1 if m_end else len(low)
            sentence = low[start:end]
            self._future[start] = any(w in sentence for w in _FUTURE_HINTS) and any(
                m.start() == 0 or not low[m.start() - 1].isalnum() or m.group()[0] in "'’"
                for m in _FUTURE.finditer(low, start, end)
            )
        return self._future[start]


def _month_of(token: str, with_number: bool) -> int | None:
    """The month number of a matched month word, or None when it is not a month here."""
    word = token.rstrip(".")
    low = word.lower()
    month = _MONTH_NUMBER.get(low)
    if month is None:
        return None
    full = low in _MONTH_FULL
    if not full and not with_number:
        return None
    if word.islower():
        if not full or low in _MONTH_AMBIGUOUS or not with_number:
            return None
    elif not (word.isupper() or (word[0].isupper() and word[1:].islower())):
        return None
    return month


def _fmt(year: int, month: int | None = None, day: int | None = None) -> str:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _valid_day(year: int | None, month: int, day: int) -> bool:
    try:
        dt.date(year if year is not None else 2000, month, day)
    except ValueError:
        return False
    return True


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _season_index(day: dt.date) -> int:
    season = _MONTH_SEASON[day.month - 1]
    year = day.year + (1 if day.month == 12 else 0)
    return year * 4 + _SEASON_INDEX[season]


def _skip_mod(words: list[str], i: int, year: bool = False) -> int:
    """Index past a modifier read backwards from words[i]: "early", "mid-", "the end of"..."""
    n = len(words)
    mods = _YEAR_MOD_WORDS if year else _MOD_WORDS
    if i < n and words[i] in _DASHES:
        return i + 2 if i + 1 < n and words[i + 1] in mods else i
    if i < n and words[i] in mods:
        return i + 1
    if i + 1 < n and words[i] == "of":
        k = i + 1
        part = words[k + 1] if k + 1 < n else ""
        half = words[k] == "half" and part in ("first", "second")
        quarter = year and words[k] == "quarter" and part in _ORDINALS
        if words[k] in _MOD_NOUNS:
            k += 1
        elif half or quarter:
            k += 2
        else:
            return i
        return k + 1 if k < n and words[k] == "the" else k
    return i


_PUB_OFFSETS = {"last": -1, "this": 0, "current": 0, "next": 1}
_CTX_OFFSETS = {"previous": -1, "same": 0, "that": 0, "following": 1}


def _md_part(
    ctx: _Text,
    start: int,
    end: int,
    month: int,
    day: int | None,
    year: str | None,
    ry: str | None,
) -> _Part | None:
    """A day-and-month or month mention with its year written, relative or missing."""
    precision: Precision = "day" if day is not None else "month"
    if year is not None:
        y = int(year)
        if day is not None and not _valid_day(y, month, day):
            return None
        iso = _fmt(y, month, day)
        return _Part(start, end, iso, precision, True, lends=y, lends_to_yearless=True)
    if day is not None and not _valid_day(None, month, day):
        return None
    unknown = f"--{month:02d}" + (f"-{day:02d}" if day is not None else "")
    if ry is not None:
        if ry in _CTX_OFFSETS:
            part = _Part(start, end, unknown, precision, False, month=month, day=day or 0)
            part.ctx_offset = _CTX_OFFSETS[ry]
            return part
        if ctx.pub is None:
            return _Part(start, end, unknown, precision, False, relative=True)
        y = ctx.pub.year + _PUB_OFFSETS[ry]
        if day is not None and not _valid_day(y, month, day):
            return None
        part = _Part(start, end, _fmt(y, month, day), precision, True, relative=True, lends=y)
        part.lends_to_yearless = True
        return part
    part = _Part(start, end, unknown, precision, False, relative=True, month=month, day=day or 0)
    part.yearless = True
    if ctx.pub is not None:
        y = ctx.pub.year
        if month > ctx.pub.month and not ctx.future(start):
            y -= 1
        elif month < ctx.pub.month and ctx.future(start):
            y += 1
        if day is not None and not _valid_day(y, month, day):
            return None
        part.iso = _fmt(y, month, day)
        part.resolved = True
    return part


def _year_part(ctx: _Text, start: int, end: int, year: str | None, ry: str | None) -> _Part:
    """A year written out, or "last/this/next year"."""
    if year is not None:
        y = int(year)
        return _Part(start, end, _fmt(y), "year", True, lends=y)
    assert ry is not None
    if ctx.pub is None:
        return _Part(start, end, None, "year", False, relative=True)
    y = ctx.pub.year + _PUB_OFFSETS[ry]
    return _Part(start, end, _fmt(y), "year", True, relative=True, lends=y)


def _relative_season(ctx: _Text, start: int, end: int, season: Season, rel: str) -> _Part:
    """ "last/this/next <season>", counted in seasons from the publication date."""
    if ctx.pub is None:
        return _Part(start, end, None, "season", False, season, relative=True)
    current = _season_index(ctx.pub)
    k = _SEASON_INDEX[season]
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
    return _Part(start, end, _fmt(i // 4), "season", True, season, relative=True)


def _add(out: list[_Cand], part: _Part | None) -> None:
    if part is not None:
        out.append(_Cand(part.start, part.end, [part]))


# --------------------------------------------------------------------------- matchers


def _year_ok(ctx: _Text, start: int, end: int, year: int, listed: bool) -> bool:
    """Whether a bare four-digit number at [start, end) reads as a year."""
    nxt = ctx.next_word(end)
    if nxt in _COUNT_NOUNS:
        return False
    if listed:
        return True
    raw, raw_start = ctx.prev_word_at(start)
    before = raw.lower()
    if before in _NUMBER_LABELS:
        return False
    if before in ("from", "between"):
        m = _RE_NUMBER_AFTER.match(ctx.text, end)
        if m and not (len(m[1]) == 4 and m[1].isdigit() and year < int(m[1]) <= 2100):
            return False  # "from 2000 to 3000", "between 1500 and 2,000"
    if before in _STRONG_PREPS:
        plural = nxt.endswith("s") and len(nxt) > 3 and nxt not in _NOT_PLURAL
        return year >= 1900 or not plural
    if before in _WEAK_PREPS:
        return year >= 1900 and ctx.prev_word(raw_start) not in _QUANTITY_WORDS
    if before in _YEAR_CUE_WORDS or before in _SEASON_NAME:
        return True
    if before in _MONTH_FULL and _month_of(raw, True) is not None:
        return True
    if nxt == "year":
        return True
    if before != "the":
        return False
    # "the 2020 war", "the 2020 Patriotic War", "the 2019 Baku Summit"; not "the 2030 Agenda"
    m = _RE_EVENT_AFTER.match(ctx.text, end)
    return m is not None and m.group(1).lower() in _EVENT_NOUNS


def _years(ctx: _Text, runs: list[tuple[int, int]], out: list[_Cand]) -> None:
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
        m = _RE_ISO.match(low, start)
        if m:
            _add(out, _md_part(ctx, start, m.end(), int(m["m"]), int(m["d"]), m["y"], None))
        if start >= 4 and low[start - 1] in "./":
            m = _RE_NUMERIC.search(low, start - 6, min(n, end + 8))
            if m and m.start("y") == start:
                _numeric(ctx, m, out)
        m = _RE_YEAR_RANGE.match(low, start)
        if m:
            _year_range(ctx, m, out)
        words, starts = ctx.chain(start)
        if words and words[0] in ("from", "between"):
            m = _RE_SPAN_END.match(low, end)
            y2 = int(m["y2"]) if m else 0
            if (
                m
                and 0 < y2 - y <= 200
                and ctx.next_word(m.end()) not in _COUNT_NOUNS
                and ctx.prev_word(starts[0]) not in _QUANTITY_WORDS
            ):
                parts = [
                    _Part(starts[0], end, _fmt(y), "year", True, lends=y),
                    _Part(m.start("y2"), m.end(), _fmt(y2), "year", True, lends=y2),
                ]
                out.append(_Cand(starts[0], m.end(), parts))
        # "mid-2019", "early 2020", "the end of 2019", "the first half of 2020", "the year 2020"
        k = 0
        if words and words[0] == "year":
            k = 2 if len(words) > 1 and words[1] == "the" else 1
        k = _skip_mod(words, k, year=True)
        good_end = not (
            (end < n and (text[end].isalnum() or text[end] in "%_"))
            or (end + 1 < n and text[end] in _YEAR_BAD_AFTER and text[end + 1].isdigit())
            or (end + 1 < n and text[end] in "'’" and text[end + 1] in "sS")
        )
        if k and good_end:
            _add(out, _Part(starts[k - 1], end, _fmt(y), "year", True, lends=y))
        # a bare year, in a date context
        if not good_end or (
            start > 0 and (text[start - 1].isalnum() or text[start - 1] in _YEAR_BAD_BEFORE)
        ):
            last_end = -1
            continue
        listed = (
            last_end >= 0
            and abs(y - last_year) <= 50
            and _YEAR_LIST_GAP.fullmatch(low, last_end, start) is not None
        )
        if not _year_ok(ctx, start, end, y, listed):
            last_end = -1
            continue
        last_end, last_year = end, y
        _add(out, _Part(start, end, _fmt(y), "year", True, lends=y))


def _numeric(ctx: _Text, m: re.Match[str], out: list[_Cand]) -> None:
    """04.05.2020 (day first), 25/04/2020, 04/25/2020; ambiguous slashes are skipped."""
    a, b = int(m["a"]), int(m["b"])
    if m["sep"] == "." or a > 12 >= b or a == b:
        day, month = a, b
    elif b > 12 >= a:
        day, month = b, a
    else:
        return  # 04/05/2020: April or May?
    if 1 <= month <= 12 and 1 <= day <= 31:
        _add(out, _md_part(ctx, m.start(), m.end(), month, day, m["y"], None))


def _year_range(ctx: _Text, m: re.Match[str], out: list[_Cand]) -> None:
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
    if ctx.prev_word(m.start()) in _NUMBER_LABELS or ctx.next_word(m.end()) in _COUNT_NOUNS:
        return
    parts = [
        _Part(m.start("y1"), m.end("y1"), _fmt(y1), "year", True, lends=y1),
        _Part(m.start("y2"), m.end("y2"), _fmt(y2), "year", True, lends=y2),
    ]
    out.append(_Cand(m.start(), m.end(), parts))


def _day_prefix(ctx: _Text, pos: int, the: bool) -> int:
    """Start of "between", a weekday and (before a day) "the" before `pos`."""
    words, starts = ctx.chain(pos)
    k = 0
    n = len(words)
    if the and k < n and words[k] == "the":
        k += 1
    if k + 1 < n and words[k] == "," and words[k + 1] in _WEEKDAYS:
        k += 2
    elif k < n and words[k] in _WEEKDAYS:
        k += 1
    if k < n and words[k] == "between":
        k += 1
    return starts[k - 1] if k else pos


def _day_months(
    ctx: _Text, runs: list[tuple[int, int]], months: list[int], out: list[_Cand]
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
        m = _RE_DAY_MONTH.match(low, start)
        if m:
            _day_month_match(ctx, m, _day_prefix(ctx, start, the=True), out)
    for p in months:
        m = _RE_MONTH_DAY.match(low, p)
        if m:
            _day_month_match(ctx, m, _day_prefix(ctx, p, the=False), out)


def _day_month_match(ctx: _Text, m: re.Match[str], start: int, out: list[_Cand]) -> None:
    text = ctx.text
    m1 = _month_of(text[m.start("m1") : m.end("m1")], True) if m["m1"] else None
    m2 = _month_of(text[m.start("m2") : m.end("m2")], True) if m["m2"] else None
    if (m["m1"] and m1 is None) or (m["m2"] and m2 is None):
        return
    month = m1 or m2
    assert month is not None
    day = int(m["d1"])
    if m["d2"] is not None and (month, day) >= (m2 or month, int(m["d2"])):
        return  # not a range: "5-3 March"
    if not (m["y"] or m["ry"]) and ctx.next_word(m.end()) in _COUNT_NOUNS:
        return  # "May 2 people were hurt"
    part = _md_part(ctx, start, m.end(), month, day, m["y"], m["ry"])
    # An impossible day ("31 February 2020") blocks the shorter matches inside it.
    out.append(_Cand(start, m.end(), [part] if part else []))


def _months(ctx: _Text, months: list[int], out: list[_Cand]) -> None:
    """Months with a year, relative months ("last October") and bare months after a cue."""
    text, low = ctx.text, ctx.low
    for p in months:
        m = _RE_MONTH_YEAR.match(low, p)
        if not m:
            continue
        token = text[p : m.end("m")]
        words, starts = ctx.chain(p)
        k = _skip_mod(words, 0)
        start = starts[k - 1] if k else p
        if m["y"] or m["ry"]:
            month = _month_of(token, True)
            if month is not None:
                _add(out, _md_part(ctx, start, m.end(), month, None, m["y"], m["ry"]))
            continue
        tail = _RE_MONTH_TAIL.match(low, m.end())
        if tail and _month_of(text[tail.start("m2") : tail.end("m2")], True):
            # "January-March 2023", "January-September of this year": the year of the range
            month = _month_of(token, True)
            if month is not None:
                _add(out, _md_part(ctx, start, m.end(), month, None, tail["y"], tail["ry"]))
            continue
        month = _month_of(token, False)
        if month is None or text.startswith(("'s", "’s"), m.end()):
            continue
        if _NAME_AFTER_MONTH.match(text, m.end()):
            continue  # "the October Revolution"
        rel = words[0] if words and not k and words[0] in _REL_WORDS else None
        if rel is None:
            if not k:
                cues = _MAY_CUES if month in (3, 5) else _MONTH_CUES
                before = words[0] if words else ""
                after_month = (
                    len(words) > 1
                    and before in ("and", "or", "to", "through", "until", "till", "-", "–", "—")
                    and words[1] in _MONTH_FULL
                )
                if before not in cues and not after_month:
                    continue
            _add(out, _md_part(ctx, start, m.end(), month, None, None, None))
            continue
        start = starts[0]
        if ctx.pub is None:
            _add(out, _Part(start, m.end(), f"--{month:02d}", "month", False, relative=True))
            continue
        pub = ctx.pub
        if rel == "last":
            y = pub.year if month < pub.month else pub.year - 1
        elif rel == "next":
            y = pub.year if month > pub.month else pub.year + 1
        else:
            y = pub.year
        _add(out, _Part(start, m.end(), _fmt(y, month), "month", True, relative=True))


def _seasons(ctx: _Text, seasons: list[int], out: list[_Cand]) -> None:
    """Seasons with a year, with "of last year", or "last/this/next <season>"."""
    low = ctx.low
    for p in seasons:
        m = _RE_SEASON.match(low, p)
        if not m or (p > 0 and low[p - 1].isalnum()):
            continue
        words, starts = ctx.chain(p)
        k = 0
        the = False
        if words and words[0] == "the":
            k, the = 1, True
        k2 = _skip_mod(words, k)
        if k2 > k:
            k = k2
            if k < len(words) and words[k] == "the":
                k, the = k + 1, True
        start = starts[k - 1] if k else p
        word = m["s"]
        season = _SEASON_NAME[word]
        if ctx.text[p].isupper():
            raw = ctx.prev_word_at(p)[0]
            if raw[:1].isupper() and raw.lower() not in _SEASON_CUES:
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
            _add(out, _Part(start, m.end(), _fmt(y), "season", True, season, lends=y))
        elif m["ry"] is not None:
            if (
                word == "fall"
                and not the
                and " of " not in m.group(0)
                and (words[0] if words else "") not in _FALL_CUES
            ):
                continue  # "prices will fall next year": a verb, not a season
            ry = m["ry"]
            if ry in _CTX_OFFSETS:
                part = _Part(start, m.end(), None, "season", False, season)
                part.ctx_offset = _CTX_OFFSETS[ry]
                _add(out, part)
            elif ctx.pub is None:
                _add(out, _Part(start, m.end(), None, "season", False, season, True))
            else:
                y = ctx.pub.year + _PUB_OFFSETS[ry]
                _add(out, _Part(start, m.end(), _fmt(y), "season", True, season, True))
        elif k == 0 and words and words[0] in _REL_WORDS:
            if word == "fall" and ctx.next_word(m.end()) in ("in", "of"):
                continue  # "this fall in prices"
            _add(out, _relative_season(ctx, starts[0], m.end(), season, words[0]))


def _relatives(ctx: _Text, units: list[int], out: list[_Cand]) -> None:
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
            iso = None
            if pub is not None:
                d = pub + dt.timedelta(days=shift)
                iso = _fmt(d.year, d.month, d.day)
            _add(out, _Part(start, end, iso, "day", pub is not None, relative=True))
            continue
        m = _RE_UNIT.match(low, p)
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
            k2 = _skip_mod(words, k, year=True)
            if the and which in ("last", "next") and k2 == k:
                continue  # "over the last year": a period, not a date
            start = starts[k2 - 1]
            if unit == "year":
                _add(out, _year_part(ctx, start, m.end(), None, which))
            elif pub is None:
                _add(out, _Part(start, m.end(), None, "month", False, relative=True))
            else:
                y, mo = _add_months(pub.year, pub.month, _PUB_OFFSETS[which])
                _add(out, _Part(start, m.end(), _fmt(y, mo), "month", True, relative=True))
            continue
        if unit == "year" and not m["pl"]:
            m2 = _RE_BEFORE_LAST.match(low, p)
            if m2:
                start = starts[0] if words and words[0] == "the" else p
                iso = _fmt(pub.year - 2) if pub else None
                _add(out, _Part(start, m2.end(), iso, "year", pub is not None, relative=True))
                continue
        m2 = _RE_AGO.match(low, p)
        if m2 and words:
            raw = words[0]
            if raw.isdigit() and len(raw) <= 3:
                count = int(raw)
            elif raw in _NUMBER_WORDS:
                count = _NUMBER_WORDS[raw]
            else:
                continue
            precision: Precision = (
                "year" if unit == "year" else "month" if unit == "month" else "day"
            )
            iso = None
            if pub is not None:
                if unit == "year":
                    iso = _fmt(pub.year - count)
                elif unit == "month":
                    iso = _fmt(*_add_months(pub.year, pub.month, -count))
                else:
                    d = pub - dt.timedelta(days=count)
                    iso = _fmt(d.year, d.month, d.day)
            _add(out, _Part(starts[0], m2.end(), iso, precision, pub is not None, relative=True))


def _weekdays(ctx: _Text, anchors: list[int], out: list[_Cand]) -> None:
    """ "on Monday", "last Friday", "Monday's", "Monday morning", "said Monday"."""
    text, low = ctx.text, ctx.low
    for p in anchors:
        m = _RE_WEEKDAY.match(low, p)
        if not m or (p > 0 and low[p - 1].isalnum()):
            continue
        word = text[p : m.end("wd")]
        if not (word.isupper() or (word[1:].islower() and word[0].isupper())):
            continue
        words, starts = ctx.chain(p)
        rel = words[0] if words and words[0] in _WEEKDAY_REL else None
        start = starts[0] if rel else p
        if rel is None:
            raw = ctx.prev_word_at(p)[0]
            if raw and raw[0].isupper() and raw.lower() not in _MONTH_CUES:
                continue  # "Good Friday", "Black Friday"
            if not (m["pos"] or m["part"] or raw.lower() in _WEEKDAY_VERBS):
                continue
        pub = ctx.pub
        if pub is None:
            _add(out, _Part(start, m.end(), None, "day", False, relative=True))
            continue
        wd = _WEEKDAYS.index(m["wd"])
        back = (pub.weekday() - wd) % 7  # days back to the latest such weekday, 0..6
        ahead = (wd - pub.weekday()) % 7
        if rel in ("last", "past"):
            d = pub - dt.timedelta(days=back or 7)
        elif rel == "next":
            d = pub + dt.timedelta(days=ahead or 7)
        elif ctx.future(p):
            d = pub + dt.timedelta(days=ahead)
        else:
            d = pub - dt.timedelta(days=back)
        _add(out, _Part(start, m.end(), _fmt(d.year, d.month, d.day), "day", True, None, True))


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


def _candidates(ctx: _Text) -> list[_Cand]:
    """Every match of every pattern, each tried only at its anchors."""
    text, low = ctx.text, ctx.low
    out: list[_Cand] = []
    has_digit = any(c in text for c in "0123456789")
    runs = [(m.start(), m.end()) for m in _A_DIGITS.finditer(text)] if has_digit else []
    if runs:
        _years(ctx, runs, out)
    found = [m.start() for m in _A_MONTH.finditer(text)]
    if has_digit:  # lowercase, only full unambiguous names are months, next to a number
        found += [m.start() for m in _A_MONTH_LOWER.finditer(text)]
        found.sort()
    months = [
        p
        for p in found
        if (p == 0 or not low[p - 1].isalnum()) and _A_MONTH_TOKEN.match(low, p) is not None
    ]
    if months:
        _months(ctx, months, out)
        if runs:
            _day_months(ctx, runs, months, out)
    seasons = _find_all(low, _SEASON_WORDS)
    if seasons:
        _seasons(ctx, seasons, out)
    units = _find_all(low, _UNIT_WORDS)
    if units:
        _relatives(ctx, units, out)
    weekdays = _find_all(text, _WEEKDAY_WORDS) if "day" in low else []
    if weekdays:
        _weekdays(ctx, weekdays, out)
    return out


# --------------------------------------------------------------------------- public API


def find_dates(text: str, published: dt.date | None) -> list[DateMention]:
    """Every date expression in `text` (a sentence or a paragraph), in order of appearance.

    `published` is the article's publication date, the reference for relative expressions
    ("last year", "yesterday", "In October,"); without it they are returned unresolved.
    Overlapping matches keep the longest; a leading preposition ("in", "since", "on", ...)
    is included in the expression. See the module docstring for the rules.
    """
    if not text:
        return []
    ctx = _Text(text, published)
    cands = _candidates(ctx)
    if not cands:
        return []

    chosen: list[_Cand] = []
    for cand in sorted(cands, key=lambda c: (c.start - c.end, c.start)):
        if all(cand.end <= c.start or cand.start >= c.end for c in chosen):
            chosen.append(cand)
    chosen.sort(key=lambda c: c.start)

    mentions: list[DateMention] = []
    lend_day_month: int | None = None  # year of the latest full date or month with a year
    lend_any: int | None = None  # year of the latest mention with a year
    prev_end = 0
    for cand in chosen:
        for i, part in enumerate(cand.parts):
            if part.yearless and lend_day_month is not None:
                _inherit(part, lend_day_month)
            elif part.ctx_offset is not None and lend_any is not None:
                _inherit(part, lend_any + part.ctx_offset)
            if part.lends is not None:
                lend_any = part.lends
                if part.lends_to_yearless:
                    lend_day_month = part.lends
            start = part.start
            if i == 0:
                m = _LEADING_PREP.search(ctx.low, max(prev_end, start - 12), start)
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


def _inherit(part: _Part, year: int) -> None:
    """Give a year-less part the year of its context."""
    if part.season is not None:
        part.iso = _fmt(year)
    elif part.precision == "day":
        if not _valid_day(year, part.month, part.day):
            return
        part.iso = _fmt(year, part.month, part.day)
    else:
        part.iso = _fmt(year, part.month)
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
        words = _STRIP_LABEL.sub("", mention.expression, count=1) or mention.expression
        return f"{words} (unresolved)"
    if iso.startswith("--"):
        parts = iso[2:].split("-")
        month = _MONTH_LABEL[int(parts[0])]
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
        return f"{pieces[2]} {_MONTH_LABEL[pieces[1]]} {year}"
    if len(pieces) == 2:
        return f"{_MONTH_LABEL[pieces[1]]} {year}"
    return str(year)
