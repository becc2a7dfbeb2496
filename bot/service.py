"""The corpus as the bot sees it: an async facade over `index.Corpus`.

Every call runs in a worker thread (`asyncio.to_thread`) so Whoosh never blocks the event
loop; builds run one at a time under an `asyncio.Lock`. The application opens the service in
`post_init` and closes it in `post_shutdown`; handlers reach it through `corpus_service()`.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Protocol

from index import Answer, BuildReport, Corpus, IndexStats, KeyDate, SearchPage, SourceInfo

log = logging.getLogger(__name__)

SERVICE_KEY = "corpusbot.service"
TAGGED_ARTICLES = 500  # the newest articles whose tags make example questions


class CorpusService:
    """Asynchronous access to one corpus and its index."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.index_dir = corpus.index_dir
        self._build_lock = asyncio.Lock()
        self._tags: tuple[str, tuple[str, ...]] | None = None  # (generation, tags)

    async def open(self) -> None:
        """Open the index (and warm its searcher) if one has been built."""
        if await asyncio.to_thread(self.corpus.has_index):
            stats = await asyncio.to_thread(self.corpus.stats)
            log.info("index open: %d articles, %d passages", stats.articles, stats.passages)
        else:
            log.warning("no index at %s yet: questions fail until it is built", self.index_dir)

    async def close(self) -> None:
        """Release the searcher."""
        await asyncio.to_thread(self.corpus.close)

    async def has_index(self) -> bool:
        """True once an index has been built."""
        return await asyncio.to_thread(self.corpus.has_index)

    async def ask(self, question: str, limit: int) -> Answer:
        """Passages answering `question` (see Corpus.ask)."""
        return await asyncio.to_thread(self.corpus.ask, question, limit)

    async def dates(self, topic: str) -> list[KeyDate]:
        """The key dates of `topic` (words and/or years), in order (see Corpus.dates)."""
        return await asyncio.to_thread(self.corpus.dates, topic)

    async def search(self, query: str, page: int, per_page: int) -> SearchPage:
        """One page of keyword-search results (see Corpus.search)."""
        return await asyncio.to_thread(self.corpus.search, query, page, per_page)

    async def sources(self) -> list[SourceInfo]:
        """The articles of the corpus, newest first."""
        return await asyncio.to_thread(self.corpus.sources)

    async def stats(self) -> IndexStats:
        """Figures about the live index."""
        return await asyncio.to_thread(self.corpus.stats)

    async def tags(self) -> tuple[str, ...]:
        """The tags of the articles, one entry per article and tag (for example questions)."""
        return await asyncio.to_thread(self._article_tags)

    @property
    def building(self) -> bool:
        """True while a build started through this service runs."""
        return self._build_lock.locked()

    async def build(self, *, full: bool = False) -> BuildReport:
        """Build or update the index; one build at a time (answers go on meanwhile)."""
        async with self._build_lock:
            return await asyncio.to_thread(self.corpus.build, full=full)

    def _article_tags(self) -> tuple[str, ...]:
        generation = self.corpus.stats().generation
        if self._tags is None or self._tags[0] != generation:
            found: list[str] = []
            for source in self.corpus.sources()[:TAGGED_ARTICLES]:
                article = self.corpus.article(source.article_id)
                found += article.tags if article else ()
            self._tags = (generation, tuple(found))
        return self._tags[1]


class _HasBotData(Protocol):
    @property
    def bot_data(self) -> Any: ...


def corpus_service(holder: _HasBotData) -> CorpusService:
    """The corpus service of the application (from a handler's context or the app itself)."""
    service = holder.bot_data.get(SERVICE_KEY)
    if not isinstance(service, CorpusService):
        raise RuntimeError("no corpus service in bot_data: build the app with build_application")
    return service
