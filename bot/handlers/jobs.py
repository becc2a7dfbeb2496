"""Admin jobs that outlive their update: background tasks, and a message edited as they go.

A job (a /reindex) runs as an asyncio task of its own so the handler returns at once; the
tasks are kept in bot_data and cancelled when the application stops (`stop_jobs`, from
post_stop), which stops a running build's child process and says so in its message.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from typing import Any

from telegram import Message
from telegram.error import BadRequest, TelegramError

log = logging.getLogger(__name__)

JOBS_KEY = "corpusbot.jobs"
EDIT_EVERY = 2.0  # seconds between two edits of a progress message at least


def start_job(bot_data: dict[Any, Any], job: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
    """Run `job` in the background; it is cancelled when the application stops."""
    jobs: set[asyncio.Task[None]] = bot_data.setdefault(JOBS_KEY, set())
    task = asyncio.create_task(job)
    jobs.add(task)
    task.add_done_callback(jobs.discard)
    return task


async def stop_jobs(bot_data: dict[Any, Any]) -> None:
    """Cancel the running jobs and wait for them to wind up."""
    jobs: set[asyncio.Task[None]] = bot_data.get(JOBS_KEY, set())
    for task in list(jobs):
        task.cancel()
    if jobs:
        await asyncio.gather(*jobs, return_exceptions=True)


class ProgressMessage:
    """A message showing a job's progress: at most one edit every `every` seconds, never the
    same text twice (Telegram rejects that as "message is not modified")."""

    def __init__(
        self,
        message: Message,
        text: str,
        every: float = EDIT_EVERY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.message = message  # as sent, with `text` (HTML)
        self.every = every
        self.clock = clock
        self.shown = text
        self.wanted = text
        self.started = clock()
        self.last_edit: float | None = None
        self.gone = False  # deleted, or no longer editable: the end is sent as a new message

    def want(self, html_text: str) -> None:
        """The text to show at the next edit (the latest wins)."""
        self.wanted = html_text

    @contextlib.asynccontextmanager
    async def live(self) -> AsyncIterator[ProgressMessage]:
        """Edit the message in the background, as `want` changes it, while in the block."""
        ticker = asyncio.create_task(self._tick())
        try:
            yield self
        finally:
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticker

    async def finish(self, messages: Sequence[str]) -> None:
        """Show the first message in place of the progress, and send the others after it."""
        if not messages:
            return
        if self.last_edit is not None and not self.gone and messages[0] != self.shown:
            await asyncio.sleep(max(0.0, self.last_edit + self.every - self.clock()))
        if not self.gone and messages[0] != self.shown:
            await self._edit(messages[0])
        rest = messages[1:] if not self.gone else messages
        for text in rest:
            try:
                await self.message.get_bot().send_message(
                    self.message.chat_id,
                    text,
                    message_thread_id=self.message.message_thread_id
                    if self.message.is_topic_message
                    else None,
                )
            except TelegramError as error:
                log.warning("could not send the end of a job: %s", error)

    async def _tick(self) -> None:
        while not self.gone:
            since = self.started if self.last_edit is None else self.last_edit
            await asyncio.sleep(max(0.0, since + self.every - self.clock()))
            if self.wanted != self.shown:
                await self._edit(self.wanted)
            else:
                await asyncio.sleep(self.every / 4)

    async def _edit(self, text: str) -> None:
        self.last_edit = self.clock()
        try:
            await self.message.edit_text(text)
        except BadRequest as error:
            reason = error.message.lower()
            if "not modified" in reason:
                self.shown = text
                return
            log.warning("progress message not editable any more: %s", error.message)
            self.gone = True
            return
        except TelegramError as error:
            log.warning("could not edit a progress message: %s", error)
            return
        self.shown = text
