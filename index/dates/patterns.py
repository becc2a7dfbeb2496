"""The regular expressions of date expressions, and the anchors they are tried at."""

from __future__ import annotations

import re

from index.dates.words import LEADING_PREPS

# Matching runs on an ASCII-lowercased copy of the text (same offsets), so no pattern needs
# IGNORECASE; letter case is checked on the original text where it matters. For speed, no
# pattern is searched through the text: cheap scans find anchors (four-digit numbers, month,
# season, "year"/"month"/"day" and weekday words), each pattern is matched forward from an
# anchor, and the words before an anchor ("the end of", "last", "between") are read back by
# `Text.chain`.

YEAR_NUM = r"(?:1\d{3}|20\d{2}|2100)"
YEAR_END = r"(?![\w%]|[.,/\-–—]\d|['’]s\b)"
MONTH = (
    r"(?:(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december)\b|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)(?:\.|\b))"
)
WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
RELYEAR = (
    r"(?:of\s+)?(?:the\s+)?"
    r"(?P<ry>last|this|next|current|previous|same|following|that)\s+year\b"
)
YEARPART = rf"(?:,?\s*(?P<y>{YEAR_NUM}){YEAR_END}|,?\s+{RELYEAR})"
DAY_END = r"(?![.:]\d|,\d{1,3}(?!\d)|\s*%)"
RANGE_SEP = r"(?:-|–|—|to|and|until|till|through)"


def _day(name: str) -> str:
    return rf"(?P<{name}>0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\b"


# From a day number: "4 May 2020", "4th of May, 2020", "3-5 March 2023", "30 April - 2 May".
RE_DAY_MONTH = re.compile(
    rf"{_day('d1')}(?:(?:\s+(?:of\s+)?(?P<m1>{MONTH}))?\s*{RANGE_SEP}\s*(?:the\s+)?"
    rf"{_day('d2')})?(?:\s+of)?\s+(?P<m2>{MONTH})(?:{YEARPART})?"
)
# From a month: "May 4, 2020", "May 3-5, 2023", "May 30 to June 2", "May 4 last year".
RE_MONTH_DAY = re.compile(
    rf"(?P<m1>{MONTH})\s*(?:the\s+)?{_day('d1')}"
    rf"(?:\s*{RANGE_SEP}\s*(?:(?P<m2>{MONTH})\s*)?(?:the\s+)?{_day('d2')})?"
    rf"{DAY_END}(?:{YEARPART})?"
)
# From a month: "May 2020", "Sept. 2019", "October of last year", "October".
RE_MONTH_YEAR = re.compile(
    rf"(?P<m>{MONTH})"
    rf"(?:,?\s*(?:of\s+)?(?:the\s+year\s+)?(?P<y>{YEAR_NUM}){YEAR_END}|,?\s+{RELYEAR})?"
)
# From a season: "autumn of 2019", "winter 2019/2020", "autumn of last year", "autumn".
RE_SEASON = re.compile(
    r"(?P<s>spring|summer|autumn|fall|winter)\b(?:(?:\s+of)?\s+(?:the\s+year\s+)?"
    rf"(?:(?P<y>{YEAR_NUM})(?:\s*[/\-–]\s*(?P<y2>{YEAR_NUM}|\d{{2}}))?{YEAR_END}"
    rf"|{RELYEAR}))?"
)
# From a year.
RE_ISO = re.compile(
    rf"(?<![\w.\-/])(?P<y>{YEAR_NUM})(?P<sep>[-/])(?P<m>0[1-9]|1[0-2])(?P=sep)"
    r"(?P<d>0[1-9]|[12]\d|3[01])(?!\d|[-/.:]\d)"
)
RE_NUMERIC = re.compile(
    rf"(?<![\w.\-/:,])(?P<a>\d{{1,2}})(?P<sep>[./-])(?P<b>\d{{1,2}})(?P=sep)(?P<y>{YEAR_NUM})"
    r"(?!\w|[./\-:,]\d)"
)
RE_YEAR_RANGE = re.compile(
    rf"(?<![\w.,/\-–—$€£#№+])(?P<y1>{YEAR_NUM})\s*(?P<sep>[-–—/])\s*"
    rf"(?P<y2>{YEAR_NUM}|\d{{2}})(?![\w%]|[.,/\-–—]\d)"
)
RE_SPAN_END = re.compile(rf"\s+(?:to|and|until|till|through)\s+(?P<y2>{YEAR_NUM}){YEAR_END}")
# From "year"/"month"/"day".
RE_UNIT = re.compile(r"(?P<unit>year|month|day)(?P<pl>s)?\b")
RE_BEFORE_LAST = re.compile(r"year\s+before\s+last\b")
RE_AGO = re.compile(r"(?P<unit>year|month|day)s?\s+ago\b")
RE_WEEKDAY = re.compile(
    rf"(?P<wd>{WEEKDAY})\b(?P<pos>['’]s)?(?:\s+(?P<part>morning|afternoon|evening|night)\b)?"
)

# Anchors.
A_DIGITS = re.compile(r"[0-9]+")
A_MONTH = re.compile(
    r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
    r"|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC"
)
A_MONTH_LOWER = re.compile(
    r"january|february|april|june|july|august|september|october|november|december"
)
A_MONTH_TOKEN = re.compile(MONTH)
RE_MONTH_TAIL = re.compile(
    rf"\s*(?:-|–|—|to|through|until|till|and|or)\s*(?P<m2>{MONTH})"
    rf"(?:,?\s*(?:of\s+)?(?P<y>{YEAR_NUM}){YEAR_END}|,?\s+{RELYEAR})"
)
RE_NUMBER_AFTER = re.compile(r"\s*(?:to|and|-|–|—)\s*(\d[\d,.]*\d|\d)")
RE_EVENT_AFTER = re.compile(r"(?:\s+[A-Z][\w’'-]*){0,2}\s+([A-Za-z]+)")
UNIT_WORDS = ("year", "month", "yesterday", "tomorrow", "today", "ago")

TOKEN = re.compile(r"[a-z]+|[0-9]+|[,\-–—]")
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
NAME_AFTER_MONTH = re.compile(r"\s+(?:Revolution|War|Uprising|Crisis|Days?|Events?|Madness)\b")
YEAR_LIST_GAP = re.compile(
    r"\s*(?:,\s*(?:and\s+|or\s+)?(?:in\s+)?|(?:and|or|to|through|until|till)\s+(?:in\s+)?)"
)
LEADING_PREP = re.compile(
    r"(?<!\w)(?:" + "|".join(p.replace(" ", r"\s+") for p in LEADING_PREPS) + r")\s+$"
)
# A sentence ends at ". " or, where a space went missing, at "end.Next" (on the text as
# written: the letter after the stop is a capital).
SENTENCE_END = re.compile(r"[.!?]\s|(?<=[a-z0-9])[.!?](?=[A-Z][a-z])")
FUTURE = re.compile(
    r"(?:will|shall|won['’]t|to\s+be\s+held|next|upcoming|scheduled|planned|plans?\s+to"
    r"|expected\s+to|set\s+to|forthcoming|to\s+take\s+place|is\s+to\s+be"
    r"|are\s+to\s+be|intends?\s+to|['’]ll"
    r"|due\s+to\s+(?:be|take|start|begin|open|close|end|meet|arrive|sign|hold|launch|run"
    r"|return|vote|conclude|resume|visit|finish))\b"
)
# A lowercase word: a past-tense marker when it is in PAST_WORDS or ends in -ed.
WORD = re.compile(r"[a-z]+")
STRIP_LABEL = re.compile(
    r"^(?:(?:" + "|".join(p.replace(" ", r"\s+") for p in LEADING_PREPS) + r")\s+)?"
    r"(?:the\s+(?=(?:spring|summer|autumn|fall|winter)\b))?",
    re.IGNORECASE,
)
YEAR_BAD_BEFORE = frozenset(".,/-–—$€£#№+")
YEAR_BAD_AFTER = frozenset(".,/-–—")
# Between the start of a range and its end with the year: " to ", " - ", " and running until ".
RANGE_GAP = re.compile(
    r"\s*,?\s*(?:-|–|—|to|until|till|through"
    r"|(?:and|then)(?:\s+[a-z]+(?:\s+(?:on|until|till|through|to))?)?)\s*"
)
# Between a weekday and its date in brackets: "Saturday (".
BRACKET_GAP = re.compile(r"\s*\(\s*")
