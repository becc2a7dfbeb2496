"""Index updates in the background: the content watcher, and what admins hear of it.

`start_updates` (from post_init) starts, unless `watch: false`, the watcher of content/
(bot.watch) and bot.updates' background update, both as admin jobs: they stop with the
application. A file the index skips is told to the admins once, with the reason; a failed
update once per failure.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from telegram.error import TelegramError
from telegram.ext import Application

from bot import render, texts
from bot.config import Settings
from bot.handlers.common import SETTINGS_KEY
from bot.handlers.jobs import start_job
from bot.updates import index_updates
from bot.watch import watch_content
from index.models import SkippedFile

log = logging.getLogger(__name__)

App = Application[Any, Any, Any, Any, Any, Any]


async def tell_admins(app: App, messages: Sequence[str]) -> None:
    """Send HTML messages to every admin's private chat (failures are logged)."""
    settings: Settings = app.bot_data[SETTINGS_KEY]
    for admin in sorted(settings.admins):
        for text in messages:
            try:
                await app.bot.send_message(admin, text)
            except TelegramError as error:
                log.warning("could not tell admin %s: %s", admin, error)


def start_updates(app: App) -> None:
    """Start the content watcher and the background updates it asks for (unless `watch` is
    off: then content/ changes by other means wait for /reindex)."""
    settings: Settings = app.bot_data[SETTINGS_KEY]
    updates = index_updates(app)
    if settings.watch == "off":
        return

    async def skipped(files: Sequence[SkippedFile]) -> None:
        await tell_admins(app, render.watch_skipped_html(files))

    async def failed(reason: str) -> None:
        text = texts.WATCH_FAILED.format(reason=render.shorten(reason, render.REASON_MAX))
        await tell_admins(app, [render.failed_html(text)])

    updates.on_skipped = skipped
    updates.on_failed = failed
    start_job(app.bot_data, updates.run())
    content = updates.service.corpus.content_dir
    polling = settings.watch == "polling"
    watcher = watch_content(content, updates, polling=polling, ready=updates.watching)
    start_job(app.bot_data, watcher)
