"""The corpus as the bot sees it: an async facade over `index.Corpus`.

Every read runs in a worker thread (`asyncio.to_thread`) so Whoosh never blocks the event
loop. Builds run in a child process (bot.reindex), one at a time: whoever wants to build
claims the one BuildSlot first (`claim_build`), and a second claim fails with BuildBusy at
once. Questions are answered meanwhile from the index as it was, and from the new one as
soon as it is complete. The service also counts questions for /stats (never their text).
The application opens the service in `post_init` and closes it in `post_shutdown`; handlers
reach it through `corpus_service()`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Protocol

from bot.progress import BuildProgress
from bot.reindex import run_build
from index import Answer, BuildReport, Corpus, IndexStats, KeyDate, SearchPage, SourceInfo
from index.errors import BuildInProgress
from index.loader import ARTICLE_SUFFIXES
from index.store import build_lock, read_last_build

log = logging.getLogger(__name__)

SERVICE_KEY = "corpusbot.service"
TAGGED_ARTICLES = 500  # the newest articles whose tags make example questions


class BuildBusy(Exception):
    """A build is running already (one at a time)."""


@dataclass(frozen=True)
class Activity:
    """What the bot has done since it started (for /stats)."""

    uptime: float  # seconds
    questions: int  # questions answered (first pages only; no text is kept)
    unanswered: int  # of those, the ones the corpus had no passage for
    building: bool  # a build runs now


class CorpusService:
    """Asynchronous access to one corpus and its index."""

    _questions = 0  # questions counted since start (class defaults: stubs count too)
    _unanswered = 0

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.index_dir = corpus.index_dir
        self._slot: BuildSlot | None = None
        self._slot_free: asyncio.Event | None = None  # set when the slot is released
        self._tags: tuple[str, tuple[str, ...]] | None = None  # (generation, tags)
        self._started = time.monotonic()

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

    async def last_build(self) -> dict[str, Any]:
        """What the last completed build recorded (last-build.json; empty when unknown)."""
        return await asyncio.to_thread(read_last_build, self.index_dir)

    async def indexed(self, article_id: str) -> bool:
        """True when the index holds `article_id` (whether or not its file is still there)."""
        return await asyncio.to_thread(lambda: self.corpus.article(article_id) is not None)

    async def article_ids(self) -> list[str]:
        """The ids of the article files in the content directory (indexed or not)."""
        return await asyncio.to_thread(self._article_ids)

    # -- builds ---------------------------------------------------------------------------

    @property
    def building(self) -> bool:
        """True while a build slot is claimed."""
        return self._slot is not None

    def claim_build(self) -> BuildSlot:
        """The build slot, claimed at once; BuildBusy when it is taken. Release it (or use
        it as a context manager) when done."""
        if self._slot is not None:
            raise BuildBusy
        self._slot = BuildSlot(self)
        return self._slot

    async def wait_build(self) -> BuildSlot:
        """The build slot, claimed as soon as it is free (for the watcher and feeds, which
        wait their turn where a command refuses)."""
        while self._slot is not None:
            if self._slot_free is None:
                self._slot_free = asyncio.Event()
            await self._slot_free.wait()
        return self.claim_build()

    def _release(self, slot: BuildSlot) -> None:
        if self._slot is slot:
            self._slot = None
            if self._slot_free is not None:
                self._slot_free.set()
                self._slot_free = None

    async def build_lock_taken(self) -> bool:
        """True while another process (`corpusbot index`, `add`, `remove`) holds the index's
        build lock: /add and /remove then refuse before writing anything, rather than save a
        file the index cannot take in. Ask it holding the build slot (then no build of this
        bot holds the lock). Taking the lock for the test is a moment's work."""
        return await asyncio.to_thread(self._build_lock_taken)

    def _build_lock_taken(self) -> bool:
        try:
            with build_lock(self.index_dir):
                return False
        except BuildInProgress:
            return True

    async def _build(
        self,
        full: bool,
        on_progress: Callable[[BuildProgress], None] | None,
        only: Sequence[str] | None,
    ) -> BuildReport:
        report = await run_build(
            self.corpus.content_dir,
            self.index_dir,
            full=full,
            on_progress=on_progress,
            only=only,
        )
        await self.open()  # switch to the new index now rather than at the next question
        return report

    # -- counters -------------------------------------------------------------------------

    def count_question(self, *, answered: bool) -> None:
        """Count one question asked (answered with passages or not)."""
        self._questions += 1
        if not answered:
            self._unanswered += 1

    def activity(self) -> Activity:
        """Uptime and question counts since start."""
        return Activity(
            uptime=time.monotonic() - self._started,
            questions=self._questions,
            unanswered=self._unanswered,
            building=self.building,
        )

    def _article_ids(self) -> list[str]:
        root = self.corpus.content_dir
        if not root.is_dir():
            return []
        return sorted(
            path.relative_to(root).as_posix()
            for path in root.rglob("*")
            if path.suffix.lower() in ARTICLE_SUFFIXES
            and path.is_file()
            and not any(part.startswith(".") for part in path.relative_to(root).parts)
        )

    def _article_tags(self) -> tuple[str, ...]:
        generation = self.corpus.stats().generation
        if self._tags is None or self._tags[0] != generation:
            found: list[str] = []
            for source in self.corpus.sources()[:TAGGED_ARTICLES]:
                article = self.corpus.article(source.article_id)
                found += article.tags if article else ()
            self._tags = (generation, tuple(found))
        return self._tags[1]


class BuildSlot:
    """The right to build, held by one job at a time (see CorpusService.claim_build)."""

    def __init__(self, service: CorpusService) -> None:
        self._service = service

    async def build(
        self,
        *,
        full: bool = False,
        on_progress: Callable[[BuildProgress], None] | None = None,
        only: Sequence[str] | None = None,
    ) -> BuildReport:
        """Build or update the index in a child process (raises bot.reindex.BuildFailed).

        `only`: the article ids that alone changed (see index.build.build_index).
        """
        if self._service._slot is not self:
            raise RuntimeError("this build slot was released")
        return await self._service._build(full, on_progress, only)

    def release(self) -> None:
        """Give the slot back (idempotent)."""
        self._service._release(self)

    def __enter__(self) -> BuildSlot:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()


class _HasBotData(Protocol):
    @property
    def bot_data(self) -> Any: ...


def corpus_service(holder: _HasBotData) -> CorpusService:
    """The corpus service of the application (from a handler's context or the app itself)."""
    service = holder.bot_data.get(SERVICE_KEY)
    if not isinstance(service, CorpusService):
        raise RuntimeError("no corpus service in bot_data: build the app with build_application")
    return service
