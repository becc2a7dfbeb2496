"""An article as Whoosh documents: its passages, its key dates and its record.

Also the inverse: records read back from stored fields into frozen dataclasses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from index.dates import find_dates, label
from index.dates.dateline import content_year, published_from_dateline
from index.models import Article, KeyDate
from index.schema import KIND_ARTICLE, KIND_DATE, KIND_LEXICON, KIND_PASSAGE
from index.text import Sentence, split_sentences

WINDOW = 3  # sentences per passage window
STRIDE = 2  # windows overlap by one sentence, so every adjacent pair shares a window


def windows(sentences: list[Sentence]) -> Iterator[tuple[int, int]]:
    """Index ranges [first, last) of passage windows, overlapping by one sentence.

    Windows run across paragraph breaks: a paragraph's first sentence often
    answers a question about the one before ("The Meeting was attended by...").
    """
    first = 0
    while first < len(sentences):
        last = min(first + WINDOW, len(sentences))
        yield first, last
        if last >= len(sentences):
            break
        first += STRIDE


def key_dates(article: Article, sentences: list[Sentence]) -> list[KeyDate]:
    """Every date the article states, with the sentence stating it, in reading order."""
    return [key_date for key_date, _ in dated_sentences(article, sentences)]


def dated_sentences(article: Article, sentences: list[Sentence]) -> list[tuple[KeyDate, str]]:
    """Every date the article states, each with its context for topic filters.

    The context is the stating sentence with its neighbours in the paragraph:
    "In October of last year, the Baku Summit ... took place. This summit also
    allowed us to deliver ... the events occurring around Garabagh." is a date
    about Garabagh. Dates are read a paragraph at a time, so that "In November"
    after "In October 1991" in the same paragraph takes its year from there. In an
    article without a publication date, a day or month without a year takes the year of
    the latest full date of an earlier paragraph, else the year the article's dates give
    (`content_year`); without any, it stays year-less ("--11-11").
    """
    found: list[tuple[KeyDate, str]] = []
    by_paragraph: dict[int, list[Sentence]] = {}
    for sentence in sentences:
        by_paragraph.setdefault(sentence.paragraph, []).append(sentence)
    hint = content_year(article.body) if article.published is None else None
    for group in by_paragraph.values():
        start = group[0].start
        text = article.body[start : group[-1].end]
        for mention in find_dates(text, article.published, hint):
            iso = mention.iso or "--"
            explicit = not iso.startswith("--") and not mention.relative
            if article.published is None and explicit and mention.precision in ("day", "month"):
                hint = int(iso[:4])
            at = start + mention.start
            number = max(n for n, s in enumerate(group) if s.start <= at)
            sentence = group[number]
            context = " ".join(s.text for s in group[max(0, number - 1) : number + 2])
            key_date = KeyDate(
                iso=mention.iso,
                precision=mention.precision,
                resolved=mention.resolved,
                label=label(mention),
                expression=mention.expression,
                text=sentence.text,
                article_id=article.article_id,
                title=article.title,
                url=article.url,
                published=article.published,
                source=article.source,
                season=mention.season,
                published_inferred=article.published_inferred,
            )
            found.append((key_date, context))
    return found


def with_dateline(article: Article) -> Article:
    """The article, dated by the dateline at the top of its body when it has no date.

    "LISBON, March 3 (Agency) -" in an undated article gives it `published` (the year from
    its own dates when the dateline has none) with `published_inferred` True.
    """
    if article.published is not None:
        return article
    day = published_from_dateline(article.body)
    if day is None:
        return article
    at = dt.datetime(day.year, day.month, day.day)
    return replace(article, published=day, published_at=at, published_inferred=True)


def article_documents(article: Article) -> Iterator[dict[str, Any]]:
    """The Whoosh documents of one article: its record, passages and dates.

    An undated article with a dateline is dated by it first (`with_dateline`).
    """
    article = with_dateline(article)
    sentences = split_sentences(article.body)
    dates = dated_sentences(article, sentences)
    yield {
        "kind": KIND_ARTICLE,
        "article_id": article.article_id,
        "meta": " ".join(filter(None, (article.source, article.author))),
        "title": article.title,
        "data": {
            "title": article.title,
            "url": article.url,
            "published": article.published_at.isoformat() if article.published_at else None,
            "published_inferred": article.published_inferred,
            "author": article.author,
            "source": article.source,
            "tags": list(article.tags),
            "hash": article.content_hash,
            "body": article.body,
            "sentences": [(s.start, s.end, s.paragraph) for s in sentences],
            "dates": len(dates),
        },
    }
    for first, last in windows(sentences):
        start, end = sentences[first].start, sentences[last - 1].end
        yield {
            "kind": KIND_PASSAGE,
            "article_id": article.article_id,
            "text": article.body[start:end],
            "data": {"first": first, "last": last},
        }
    for key_date, context in dates:
        year = _year(key_date.iso)
        document: dict[str, Any] = {
            "kind": KIND_DATE,
            "article_id": article.article_id,
            "date_text": context,
            "data": _date_data(key_date),
        }
        if year is not None:
            document["year"] = year
        key = key_date.sort_key
        document["sortkey"] = key[0] * 10000 + key[1] * 100 + key[2]
        yield document


def lexicon_document(words: set[str]) -> dict[str, Any]:
    """The document carrying the words of the articles one commit wrote (see schema)."""
    return {"kind": KIND_LEXICON, "words": " ".join(sorted(words))}


def _year(iso: str | None) -> int | None:
    if not iso or iso.startswith("--"):
        return None
    return int(iso[:4])


def _date_data(key_date: KeyDate) -> dict[str, Any]:
    return {
        "iso": key_date.iso,
        "precision": key_date.precision,
        "resolved": key_date.resolved,
        "label": key_date.label,
        "expression": key_date.expression,
        "text": key_date.text,
        "season": key_date.season,
    }


def article_from_record(article_id: str, data: dict[str, Any]) -> Article:
    """The Article stored in an article document."""
    published_at = dt.datetime.fromisoformat(data["published"]) if data["published"] else None
    return Article(
        article_id=article_id,
        title=data["title"],
        body=data["body"],
        url=data["url"],
        published=published_at.date() if published_at else None,
        published_at=published_at,
        author=data["author"],
        source=data["source"],
        tags=tuple(data["tags"]),
        content_hash=data["hash"],
        published_inferred=bool(data.get("published_inferred", False)),
    )


def key_date_from_record(article: Article, data: dict[str, Any]) -> KeyDate:
    """The KeyDate stored in a date document, with its article's metadata."""
    return KeyDate(
        iso=data["iso"],
        precision=data["precision"],
        resolved=data["resolved"],
        label=data["label"],
        expression=data["expression"],
        text=data["text"],
        article_id=article.article_id,
        title=article.title,
        url=article.url,
        published=article.published,
        source=article.source,
        season=data["season"],
        published_inferred=article.published_inferred,
    )
