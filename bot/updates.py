"""The one place that changes the corpus and schedules index updates, whoever asks.

- Commands (/add, /remove) take the build slot at once or are refused (`command`): an admin
  is told "a reindex is running" rather than kept waiting; /reindex claims it the same way.
- Feeds wait their turn (`queued`).
- The content watcher (bot.watch) reports changed files (`content_changed`); they are
  gathered while a build runs and indexed together by one background update (`run`), so a
  burst of changes is one build. Changes the bot made itself (noted in OwnWrites by
  bot.articles) are not built again.

Every write goes through bot.articles in a worker thread, every build through the one build
slot of bot.service, in the build process of bot.reindex: the same generation switch as
/reindex. Nothing here talks to Telegram: what admins should hear goes to the `on_skipped`
and `on_failed` callbacks the application sets.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from typing import Any

from bot.articles import Imported, OwnWrites, delete_article, import_article
from bot.reindex import BuildFailed
from bot.service import BuildSlot, CorpusService
from index.models import BuildReport, SkippedFile

log = logging.getLogger(__name__)

UPDATES_KEY = "corpusbot.updates"
LOCK_WAIT = 1.0  # seconds between looks at a build lock held by the command line


class BuildElsewhere(Exception):
    """A build started from the command line holds the index's build lock."""


class Writer:
    """Changes to content/ and the index, made while holding the build slot."""

    def __init__(self, updates: IndexUpdates, slot: BuildSlot) -> None:
        self.updates = updates
        self.slot = slot

    async def save(
        self, name: str, data: bytes, *, replace: bool = False, url: str | None = None
    ) -> Imported:
        """Validate and save an article (see bot.articles.import_article)."""
        content = self.updates.service.corpus.content_dir
        own = self.updates.own
        return await asyncio.to_thread(
            import_article, content, name, data, replace=replace, url=url, own=own
        )

    async def delete(self, article_id: str) -> None:
        """Delete an article's file (see bot.articles.delete_article)."""
        content = self.updates.service.corpus.content_dir
        await asyncio.to_thread(delete_article, content, article_id, own=self.updates.own)

    async def index(self, article_ids: Sequence[str]) -> BuildReport:
        """Bring the index up to date with these articles alone (raises BuildFailed)."""
        return await self.slot.build(only=article_ids)


class IndexUpdates:
    """Scheduling of every index update of the running bot (see the module's docstring)."""

    def __init__(self, service: CorpusService) -> None:
        self.service = service
        self.own = OwnWrites()
        self.on_skipped: Callable[[Sequence[SkippedFile]], Awaitable[None]] | None = None
        self.on_failed: Callable[[str], Awaitable[None]] | None = None
        self._pending: set[str] = set()
        self._everything = False  # something other than an article file changed
        self._wake = asyncio.Event()
        self._reported: dict[str, str] = {}  # skipped file -> the reason admins were told
        self.watching = asyncio.Event()  # set once the content watcher watches
        self.updated = 0  # background updates done
        self.last_report: BuildReport | None = None  # of the last background update

    # -- commands and feeds ---------------------------------------------------------------

    def claim_reindex(self) -> BuildSlot:
        """The build slot for /reindex, now, or BuildBusy."""
        return self.service.claim_build()

    @contextlib.asynccontextmanager
    async def command(self) -> AsyncIterator[Writer]:
        """The build slot now (BuildBusy when taken; BuildElsewhere when a command-line build
        holds the lock), for one command's changes."""
        with self.service.claim_build() as slot:
            if await self.service.build_lock_taken():
                raise BuildElsewhere
            yield Writer(self, slot)

    @contextlib.asynccontextmanager
    async def queued(self) -> AsyncIterator[Writer]:
        """The build slot as soon as it is free, and no command-line build running."""
        with await self.service.wait_build() as slot:
            while await self.service.build_lock_taken():
                await asyncio.sleep(LOCK_WAIT)
            yield Writer(self, slot)

    # -- watched content ------------------------------------------------------------------

    def content_changed(self, article_ids: Iterable[str] | None) -> None:
        """Files of content/ changed: these article ids, or (None) something else, such as a
        directory, which has the whole of content/ looked at."""
        if article_ids is None:
            self._everything = True
        else:
            self._pending.update(article_ids)
        if self._pending or self._everything:
            self._wake.set()

    async def run(self) -> None:
        """Index what `content_changed` reported, one build per gathered batch; forever.

        The bot's own writes are sorted out before the build slot is asked for, so that an
        /add's own change never keeps the slot from the next command."""
        while True:
            await self._wake.wait()
            self._wake.clear()
            ids, everything = await self._take()
            if not ids and not everything:
                continue
            async with self.queued() as writer:
                more, more_everything = await self._take()  # gathered while waiting
                everything = everything or more_everything
                await self._update(writer.slot, None if everything else sorted({*ids, *more}))

    async def _take(self) -> tuple[list[str], bool]:
        """The pending changes (the bot's own writes left out), and whether all of content/
        is to be looked at; nothing is pending after."""
        ids, everything = sorted(self._pending), self._everything
        self._pending, self._everything = set(), False
        if everything:
            return [], True
        return await asyncio.to_thread(self._not_own, ids), False

    def _not_own(self, ids: list[str]) -> list[str]:
        content = self.service.corpus.content_dir
        return [i for i in ids if not self.own.is_own(content, i)]

    async def _update(self, slot: BuildSlot, ids: list[str] | None) -> None:
        try:
            report = await slot.build(only=ids)
        except BuildFailed as error:
            log.warning("update of watched content failed: %s", error)
            if self.on_failed is not None:
                await self.on_failed(str(error))
            return
        self.updated += 1
        self.last_report = report
        log.info(
            "watched content indexed: added=%d updated=%d removed=%d skipped=%d seconds=%.1f",
            len(report.added),
            len(report.updated),
            len(report.removed),
            len(report.skipped),
            report.seconds,
        )
        await self._report(report)

    async def _report(self, report: BuildReport) -> None:
        """Tell the admins about skipped files, once per file and reason."""
        for article_id in (*report.added, *report.updated, *report.removed):
            self._reported.pop(article_id, None)
        new = [s for s in report.skipped if self._reported.get(s.path) != s.reason]
        for skipped in new:
            self._reported[skipped.path] = skipped.reason
        if new and self.on_skipped is not None:
            await self.on_skipped(new)


def index_updates(holder: Any) -> IndexUpdates:
    """The index updates of the application (from a handler's context or the app itself)."""
    updates = holder.bot_data.get(UPDATES_KEY)
    if not isinstance(updates, IndexUpdates):
        raise RuntimeError("no index updates in bot_data: build the app with build_application")
    return updates
