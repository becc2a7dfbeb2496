"""The timeline: key dates in order, filtered by topic and years, de-duplicated."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from whoosh.query import And, NumericRange, Or, Query, Term

from index.documents import key_date_from_record
from index.live import LiveIndex
from index.models import KeyDate
from index.question import AliasMatcher, Concept, read_question
from index.schema import KIND_DATE

MAX_DATES = 5000
_YEAR_RANGE = re.compile(
    r"(?<!\d)(1\d{3}|2[01]\d{2})\s*(?:-|–|—|\.\.|to|until|till)\s*(1\d{3}|2[01]\d{2})(?!\d)"
)
_YEAR = re.compile(r"(?<!\d)(1\d{3}|2[01]\d{2})(?!\d)")


@dataclass(frozen=True)
class TimelineFilter:
    """A timeline request read from free text: topic words and a year range."""

    topic: str
    year_from: int | None
    year_to: int | None


def parse_filter(text: str) -> TimelineFilter:
    """Split "Karabakh 2019-2020" into the topic "Karabakh" and the years 2019 to 2020."""
    text = " ".join(text.split())[:300]
    year_from = year_to = None
    match = _YEAR_RANGE.search(text)
    if match:
        year_from, year_to = sorted((int(match.group(1)), int(match.group(2))))
        text = text[: match.start()] + " " + text[match.end() :]
    else:
        years = [int(y) for y in _YEAR.findall(text)]
        if years:
            year_from, year_to = min(years), max(years)
            text = _YEAR.sub(" ", text)
    topic = re.sub(
        r"\b(?:in|from|since|between|and|of|year|years|dates?)\b", " ", text, flags=re.I
    )
    return TimelineFilter(" ".join(topic.split()), year_from, year_to)


def timeline(
    live: LiveIndex, matcher: AliasMatcher, wanted: TimelineFilter, limit: int = MAX_DATES
) -> list[KeyDate]:
    """Key dates matching the filter, in chronological order, one per date and statement.

    An article that states the same date twice is listed once (its first
    statement); the same date stated in nearly the same words by several
    articles (a republished story) is one entry with the others in `also_in`.
    Dates whose year is not known come last.
    """
    clauses: list[Query] = []
    if wanted.topic:
        question = read_question(wanted.topic, matcher)
        if not question.concepts:
            return []
        clauses.append(_topic_query(question.concepts))
    if wanted.year_from is not None or wanted.year_to is not None:
        clauses.append(_years_query(wanted.year_from, wanted.year_to))
    # date_text and year are only on date documents: the kind is needed only without them
    # (intersecting with every date document costs more than the rest of the search).
    query = And(clauses) if clauses else Term("kind", KIND_DATE)
    hits = live.searcher.search(query, limit=limit, sortedby="sortkey")
    entries: list[KeyDate] = []
    per_article: set[tuple[str | None, str, str | None, str]] = set()
    for hit in hits:
        record = live.record(hit["article_id"])
        if record is None:
            continue
        key_date = key_date_from_record(record.article, hit["data"])
        key = (key_date.iso, key_date.precision, key_date.season, key_date.article_id)
        if key in per_article:
            continue
        per_article.add(key)
        entries.append(key_date)
    entries.sort(key=lambda d: (d.sort_key, d.published or dt.date.max, d.article_id))
    return _merge_republished(entries)


def _topic_query(concepts: tuple[Concept, ...]) -> Query:
    """Sentences with every concept of the topic; with three or more, all but one.

    A topic is often a whole question (the bot's "Key dates" button), whose
    sentence of interest rarely repeats every word of it.
    """
    per_concept: list[Query] = []
    for concept in concepts:
        forms: list[Query] = [Term("date_text", t) for t in concept.terms]
        # date_text has no positions: a phrase is matched as all of its words
        forms += [And([Term("date_text", t) for t in phrase]) for phrase in concept.phrases]
        per_concept.append(Or(forms))
    if len(per_concept) <= 2:
        return And(per_concept)
    return Or([And(per_concept[:i] + per_concept[i + 1 :]) for i in range(len(per_concept))])


def _years_query(year_from: int | None, year_to: int | None) -> Query:
    """Dates in the years from `year_from` to `year_to` (either may be open).

    A closed range of a few years is one term per year: Whoosh's NumericRange
    expands into many terms of its numeric trie, a tenth of a second at 100k.
    """
    if year_from is not None and year_to is not None and year_to - year_from < 50:
        return Or([Term("year", year) for year in range(year_from, year_to + 1)])
    return NumericRange("year", year_from, year_to)


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", text.lower()))


def _date_key(entry: KeyDate) -> tuple[str | None, str, str | None]:
    return (entry.iso, entry.precision, entry.season)


REPUBLISHED_LOOKBACK = 200  # earlier entries of the same date compared with each entry


def _merge_republished(entries: list[KeyDate]) -> list[KeyDate]:
    merged: list[KeyDate] = []
    words: list[frozenset[str]] = []  # of each merged entry, read once
    for entry in entries:
        target = None
        mine = _words(entry.text)
        for number in range(len(merged) - 1, max(-1, len(merged) - 1 - REPUBLISHED_LOOKBACK), -1):
            if _date_key(merged[number]) != _date_key(entry):
                break
            theirs = words[number]
            if mine and theirs and len(mine & theirs) / len(mine | theirs) >= 0.6:
                target = number
                break
        if target is None:
            merged.append(entry)
            words.append(mine)
        else:
            kept = merged[target]
            merged[target] = replace(kept, also_in=(*kept.also_in, entry.article_id))
    return merged
