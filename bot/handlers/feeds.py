"""/feed add <url>, /feed list, /feed remove <n> (admins), and the poll of every feed.

`start_feeds` (from post_init) schedules the poll on PTB's JobQueue every
`feeds.every_minutes`; each poll runs as an admin job (bot.handlers.jobs), so stopping the bot
never waits for a slow feed. What a poll has to tell (bot.feeds.FeedEvent) goes to the admins.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

from telegram import Message, Update

from bot import render, texts
from bot.config import Settings
from bot.conversation import strip_addressing
from bot.feeds import FeedEvent, FeedUnreadable, feeds_of
from bot.fetch import FetchRefused
from bot.handlers.admin import reply
from bot.handlers.common import SETTINGS_KEY, Context, send_text, settings_of
from bot.handlers.jobs import start_job
from bot.handlers.watched import App, tell_admins

log = logging.getLogger(__name__)

POLL_JOB = "feeds"
FIRST_POLL = 60.0  # seconds after start-up of the first poll


async def on_feed(update: Update, context: Context) -> None:
    """/feed add <url> | list | remove <n>."""
    message = update.effective_message
    if message is None:
        return
    words = strip_addressing(message.text or "", context.bot.username).split()
    verb = words[0].lower() if words else "list"
    feeds = feeds_of(context)
    if verb == "list" and len(words) <= 1:
        every = settings_of(context).feeds.every_minutes
        for text in render.feeds_html(feeds.views(), every):
            await reply(context, message, text)
    elif verb == "add" and len(words) == 2:
        await add_feed(context, words[1], message)
    elif verb == "remove" and len(words) == 2:
        await remove_feed(context, words[1], message)
    elif verb == "remove":
        await send_text(context, message, texts.FEED_REMOVE_USAGE, quote=True)
    else:
        await send_text(context, message, texts.FEED_USAGE, quote=True)


async def add_feed(context: Context, url: str, message: Message) -> None:
    """Check that `url` is a feed (fetched by bot.fetch), subscribe, start a poll of it."""
    feeds = feeds_of(context)
    shown = render.shorten(url, render.URL_MAX)
    if not render.is_web_url(url):
        await send_text(context, message, texts.FEED_NOT_A_LINK.format(url=shown), quote=True)
        return
    known = {v.url: v.number for v in feeds.views()}
    if url in known:
        exists = texts.FEED_EXISTS.format(url=shown, number=known[url])
        await send_text(context, message, exists, quote=True)
        return
    try:
        feed = await feeds.check(url)
    except (FetchRefused, FeedUnreadable) as error:
        log.info("feed refused: %s", error)
        refused = texts.FEED_REFUSED.format(url=shown, reason=str(error))
        await reply(context, message, render.failed_html(refused))
        return
    await feeds.subscribe(url, feed)
    log.info("feed added: %s (%d items)", url, len(feed.items))
    every = settings_of(context).feeds.every_minutes
    await reply(context, message, render.feed_added_html(feed.title, url, len(feed.items), every))
    poll_in_background(context, [url])


async def remove_feed(context: Context, number_text: str, message: Message) -> None:
    """Unsubscribe from feed number `number_text` of /feed list (not a configured one)."""
    feeds = feeds_of(context)
    views = {str(v.number): v for v in feeds.views()}
    view = views.get(number_text.lstrip("#"))
    if view is None:
        text = texts.FEED_REMOVE_NONE.format(number=render.shorten(number_text, 20))
        await send_text(context, message, text, quote=True)
        return
    shown = render.shorten(view.url, render.URL_MAX)
    if view.from_config:
        text = texts.FEED_REMOVE_CONFIG.format(number=view.number, url=shown)
        await send_text(context, message, text, quote=True)
        return
    await feeds.unsubscribe(view.url)
    log.info("feed removed: %s", view.url)
    await reply(context, message, render.done_html(texts.FEED_REMOVED.format(url=shown)))


async def poll_job(context: Context) -> None:
    """The JobQueue's callback: a poll of every feed, in the background (skipped while the
    previous one still runs)."""
    feeds = feeds_of(context)
    if feeds.polling:
        log.info("feeds: the previous poll is still running; this one is skipped")
        return
    poll_in_background(context)


def poll_in_background(holder: Any, only: Sequence[str] | None = None) -> asyncio.Task[None]:
    """A poll of every feed (or those of `only`) as an admin job: cancelled when the bot
    stops. The task is kept as `Feeds.background` (the tests await it)."""
    feeds = feeds_of(holder)

    async def job() -> None:
        try:
            await feeds.poll(only)
        except Exception as error:  # a full disk, say: logged, and the next poll tries again
            log.error("feed poll failed", exc_info=error)

    feeds.background = start_job(holder.bot_data, job())
    return feeds.background


def start_feeds(app: App) -> None:
    """Tell the admins what polls find, and poll every `feeds.every_minutes`."""
    feeds = feeds_of(app)

    async def tell(events: Sequence[FeedEvent]) -> None:
        await tell_admins(app, render.feed_events_html(events))

    feeds.on_events = tell
    if app.job_queue is None:  # python-telegram-bot without its job-queue extra
        log.error("no job queue (python-telegram-bot[job-queue]): feeds are not polled")
        return
    settings: Settings = app.bot_data[SETTINGS_KEY]
    every = settings.feeds.every_minutes * 60
    app.job_queue.run_repeating(poll_job, interval=every, first=FIRST_POLL, name=POLL_JOB)
    if feeds.urls():
        log.info("%d feeds, polled every %d s", len(feeds.urls()), every)
