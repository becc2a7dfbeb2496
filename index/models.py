"""The frozen records that `index` hands out: articles, passages, dates, reports.

These are the whole contract between the search core and its users (the command
line and the Telegram bot): plain data, no Whoosh and no Telegram types.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Precision = Literal["day", "month", "season", "year"]
Season = Literal["spring", "summer", "autumn", "winter"]


@dataclass(frozen=True)
class Article:
    """One article of the corpus, as loaded from `content/`."""

    article_id: str  # path relative to content/, with forward slashes
    title: str
    body: str  # the article text (Markdown stripped to plain paragraphs)
    url: str | None = None
    published: dt.date | None = None
    published_at: dt.datetime | None = None  # when the front matter gives a time too
    author: str | None = None
    source: str | None = None
    tags: tuple[str, ...] = ()
    content_hash: str = ""  # sha256 of the file's bytes; drives incremental builds
    # True when `published` was read from a dateline at the top of the body ("LISBON,
    # March 3 (Agency) -"), the front matter giving no date.
    published_inferred: bool = False


@dataclass(frozen=True)
class SourceInfo:
    """What a reader needs to cite an article: no body."""

    article_id: str
    title: str
    url: str | None
    published: dt.date | None
    author: str | None
    source: str | None
    passages: int = 0
    dates: int = 0
    published_inferred: bool = False  # `published` read from the article's dateline


@dataclass(frozen=True)
class Passage:
    """A verbatim quote of one to three adjacent sentences of one article."""

    article_id: str
    title: str
    url: str | None
    published: dt.date | None
    author: str | None
    source: str | None
    quote: str  # verbatim: a substring of the stored article text
    terms: tuple[str, ...]  # words of the quote to highlight, as they appear in the quote
    score: float
    also_in: tuple[str, ...] = ()  # ids of other articles that carry the same quote
    published_inferred: bool = False  # `published` read from the article's dateline
    # "passage": `quote` is verbatim article text; "metadata": a line of the article's
    # details ("By <author>", "Published on <date>"), never shown as a quote.
    kind: Literal["passage", "metadata"] = "passage"


def quoting(
    article: Article,
    quote: str,
    terms: tuple[str, ...],
    score: float,
    also_in: tuple[str, ...] = (),
    kind: Literal["passage", "metadata"] = "passage",
) -> Passage:
    """A Passage of `article`: its citation fields copied, with the given quote."""
    return Passage(
        article_id=article.article_id,
        title=article.title,
        url=article.url,
        published=article.published,
        author=article.author,
        source=article.source,
        quote=quote,
        terms=terms,
        score=score,
        also_in=also_in,
        published_inferred=article.published_inferred,
        kind=kind,
    )


@dataclass(frozen=True)
class DateMention:
    """A date expression found in a text, resolved where it can be.

    `iso` is as precise as known: "2020-05-04", "2019-10", "2019"; for a season
    it is the year ("2019") and `season` names it; a month and day without a known
    year is "--05-04" (ISO 8601 truncated form); an unresolved relative
    expression ("last year" without a publication date) has `iso` None.
    """

    expression: str  # the words as written: "in October of last year"
    start: int  # character offsets of `expression` in the text searched
    end: int
    iso: str | None
    precision: Precision
    resolved: bool  # False when it needs a reference date that was not known
    season: Season | None = None
    relative: bool = False  # stated relative to the publication date

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """A key that orders mentions chronologically; unknown parts sort first."""
        return _sort_key(self.iso, self.season)


_SEASON_MONTH = {"winter": 1, "spring": 3, "summer": 6, "autumn": 9}


def _sort_key(iso: str | None, season: str | None) -> tuple[int, int, int]:
    if not iso or iso.startswith("--"):
        return (9999, 99, 99)
    parts = [int(p) for p in iso.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else (_SEASON_MONTH.get(season or "", 0))
    day = parts[2] if len(parts) > 2 else 0
    return (year, month, day)


@dataclass(frozen=True)
class KeyDate:
    """A date an article states, with the sentence that states it and its source."""

    iso: str | None
    precision: Precision
    resolved: bool
    label: str  # readable: "4 May 2020", "October 2019", "autumn 2019", "last year"
    expression: str  # the words as written in the sentence
    text: str  # the sentence that states it, verbatim
    article_id: str
    title: str
    url: str | None
    published: dt.date | None
    source: str | None
    season: Season | None = None
    also_in: tuple[str, ...] = ()  # other articles stating the same date in the same words
    published_inferred: bool = False  # `published` read from the article's dateline

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Chronological order; dates without a known year go last."""
        return _sort_key(self.iso, self.season)


@dataclass(frozen=True)
class Answer:
    """The result of asking a question."""

    question: str
    passages: tuple[Passage, ...]
    suggestion: str | None = None  # a "did you mean" question that has an answer
    corrected: str | None = None  # the question actually answered, when typos were fixed
    took_ms: float = 0.0


@dataclass(frozen=True)
class SearchHit:
    """One keyword-search result: a passage and its place in the ranking."""

    passage: Passage
    rank: int


@dataclass(frozen=True)
class SearchPage:
    """A page of keyword-search results."""

    query: str
    hits: tuple[SearchHit, ...]
    total: int
    page: int
    pages: int
    error: str | None = None  # the query could not be read as syntax and was run as words


@dataclass(frozen=True)
class SkippedFile:
    """A file of content/ that was not indexed, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class BuildReport:
    """What a build changed."""

    full: bool
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    skipped: tuple[SkippedFile, ...] = ()
    seconds: float = 0.0
    generation: str = ""
    passages: int = 0

    @property
    def changed(self) -> bool:
        """True when the build changed what answers contain."""
        return bool(self.added or self.updated or self.removed or self.full)


@dataclass(frozen=True)
class IndexStats:
    """Figures about the live index."""

    articles: int
    passages: int
    dates: int
    size_bytes: int
    generation: str
    built_at: dt.datetime | None
    build_seconds: float | None
    years: tuple[int, ...] = field(default=())
