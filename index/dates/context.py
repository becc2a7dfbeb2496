"""The text being read: its lowercased copy, publication date, tense, and the parts found."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from index.dates.patterns import ASCII_LOWER, FUTURE, SENTENCE_END, TOKEN, WORD
from index.dates.words import (
    CHAIN_WORDS,
    DASHES,
    FUTURE_HINTS,
    MOD_NOUNS,
    MOD_WORDS,
    MONTH_AMBIGUOUS,
    MONTH_FULL,
    MONTH_NUMBER,
    ORDINALS,
    PASSIVE_AUX,
    PAST_WORDS,
    YEAR_MOD_WORDS,
)
from index.models import Precision, Season


@dataclass
class Part:
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
    range_year: int | None = None  # the year written at the end of the range it starts
    weekday: int = -1  # a weekday's number (Monday 0): a date in brackets after it may fix it


@dataclass
class Cand:
    """A match: a span and the mentions it yields (a year range yields several)."""

    start: int
    end: int
    parts: list[Part]


class Text:
    """The text being read, its lowercased copy, its publication date and lazy facts."""

    def __init__(self, text: str, published: dt.date | None) -> None:
        self.text = text
        low = text.lower()
        self.low = low if len(low) == len(text) else text.translate(ASCII_LOWER)
        self.pub = published
        self._tenses: dict[int, list[tuple[int, int, bool]]] = {}

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
        if j < i and (j == 0 or not low[j - 1].isalnum()) and low[j:i] not in CHAIN_WORDS:
            return [low[j:i]], [j]  # the common case: one plain word before
        found = [
            (m.group(), m.start(), m.end()) for m in TOKEN.finditer(low, max(0, pos - 40), pos)
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
        """The lowercased word right before `pos`."""
        return self.prev_word_at(pos)[0].lower()

    def next_word(self, pos: int) -> str:
        """The lowercased ASCII word right after `pos` (after spaces)."""
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

    def sentence_at(self, pos: int) -> tuple[int, int]:
        """The bounds of the sentence around `pos`."""
        start = 0
        for m in SENTENCE_END.finditer(self.text, 0, pos):
            start = m.end()
        m_end = SENTENCE_END.search(self.text, pos)
        return start, (m_end.start() + 1 if m_end else len(self.text))

    def _markers(self, start: int, end: int) -> list[tuple[int, int, bool]]:
        """The tense markers of a sentence: (start, end, is_future), in order."""
        found = self._tenses.get(start)
        if found is not None:
            return found
        text, low = self.text, self.low
        sentence = low[start:end]
        found = []
        if any(w in sentence for w in FUTURE_HINTS):
            for m in FUTURE.finditer(low, start, end):
                if m.start() == 0 or not low[m.start() - 1].isalnum() or m.group()[0] in "'’":
                    found.append((m.start(), m.end(), True))
        taken = [(a, b) for a, b, _ in found]
        previous = ""
        for m in WORD.finditer(low, start, end):
            word = m.group()
            a, b = m.start(), m.end()
            past = word in PAST_WORDS or (len(word) > 4 and word.endswith("ed"))
            if (
                past
                and text[a].islower()
                and (a == 0 or not text[a - 1].isalnum())
                and (b == len(text) or not text[b].isalnum())
                and previous not in PASSIVE_AUX
                and not any(x <= a < y for x, y in taken)
            ):
                found.append((a, b, False))
            previous = word
        found.sort()
        self._tenses[start] = found
        return found

    def tense(self, pos: int, end: int | None = None) -> str:
        """ "future", "past" or "" (neither marked): the tense nearest to `pos` in its sentence.

        The markers are future words ("will", "to be held", "is expected to", "next") and
        verbs in the past tense (a lowercase word in -ed, or one of `PAST_WORDS`), a past
        participle after "is/are/be" not counted ("will be held"). The marker nearest to
        the expression at [pos, end) decides: in "France will stay away, she said Wednesday"
        Wednesday is past; in "the deal struck in May will be signed in June" May is past and
        June future.
        """
        start, stop = self.sentence_at(pos)
        end = pos if end is None else end
        best, verdict = len(self.text) + 1, ""
        for a, b, future in self._markers(start, stop):
            distance = pos - b if b <= pos else a - end if a >= end else 0
            if 0 <= distance < best:
                best, verdict = distance, "future" if future else "past"
        return verdict

    def future(self, pos: int) -> bool:
        """Whether the words around `pos` speak of the future (see `tense`)."""
        return self.tense(pos) == "future"


def month_of(token: str, with_number: bool) -> int | None:
    """The month number of a matched month word, or None when it is not a month here."""
    word = token.rstrip(".")
    low = word.lower()
    month = MONTH_NUMBER.get(low)
    if month is None:
        return None
    full = low in MONTH_FULL
    if not full and not with_number:
        return None
    if word.islower():
        if not full or low in MONTH_AMBIGUOUS or not with_number:
            return None
    elif not (word.isupper() or (word[0].isupper() and word[1:].islower())):
        return None
    return month


def skip_mod(words: list[str], i: int, year: bool = False) -> int:
    """Index past a modifier read backwards from words[i]: "early", "mid-", "the end of"..."""
    n = len(words)
    mods = YEAR_MOD_WORDS if year else MOD_WORDS
    if i < n and words[i] in DASHES:
        return i + 2 if i + 1 < n and words[i + 1] in mods else i
    if i < n and words[i] in mods:
        return i + 1
    if i + 1 < n and words[i] == "of":
        k = i + 1
        part = words[k + 1] if k + 1 < n else ""
        half = words[k] == "half" and part in ("first", "second")
        quarter = year and words[k] == "quarter" and part in ORDINALS
        if words[k] in MOD_NOUNS:
            k += 1
        elif half or quarter:
            k += 2
        else:
            return i
        return k + 1 if k < n and words[k] == "the" else k
    return i
