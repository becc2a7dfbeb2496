"""Admin commands: /reindex [full], /remove <id>, /stats, /setup (and the guard for all).

Admins are the user ids of `Settings.admins`. bot.app wraps every admin handler (these, and
/add of bot.handlers.add) in `only_admins`, so everyone else gets a polite refusal, and the
attempt is logged with the user id, the chat type and the command, never the text.
"""

from __future__ import annotations

import asyncio
import difflib
import logging
import os
import time
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Chat, ChatFullInfo, Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError

from bot import render, texts
from bot.conversation import Reply, strip_addressing
from bot.feedback import feedback_of
from bot.handlers.common import Context, log_answered, send_reply, send_text, settings_of
from bot.handlers.jobs import ProgressMessage, start_job
from bot.reindex import BuildFailed
from bot.service import BuildBusy, BuildSlot, CorpusService, corpus_service
from bot.setup_checks import Check, bot_checks, chat_check, index_checks, webhook_checks
from bot.updates import BuildElsewhere, Writer, index_updates
from index.errors import InvalidArticle

log = logging.getLogger(__name__)

Callback = Callable[[Update, Context], Coroutine[Any, Any, None]]
CLOSE_IDS = 5  # ids suggested when /remove names none
REASON_MAX = 300


def only_admins(command: str, callback: Callback) -> Callback:
    """`callback` for admins (with the log line of an answered update); a polite refusal
    (logged) for everyone else."""

    async def guarded(update: Update, context: Context) -> None:
        user = update.effective_user
        if user is not None and user.id in settings_of(context).admins:
            started = time.perf_counter()
            await callback(update, context)
            log_answered(update, Reply(kind=command), started)
            return
        chat = update.effective_chat.type if update.effective_chat else "unknown"
        log.warning(
            "refused admin command: user=%s chat=%s command=%s",
            user.id if user else None,
            chat,
            command,
        )
        message = update.effective_message
        if message is not None:
            await send_text(context, message, texts.NOT_ADMIN.format(command=command), quote=True)

    return guarded


async def reply(context: Context, message: Message, html_text: str) -> Message:
    """Send one HTML message to the chat of `message` (in reply to it in groups)."""
    (sent,) = await send_reply(
        context, message, Reply((html_text,)), quote=message.chat.type != ChatType.PRIVATE
    )
    return sent


def reason_of(error: Exception) -> str:
    """An error's message, short, for a reply."""
    return render.shorten(str(error) or type(error).__name__, REASON_MAX)


# -- /reindex -------------------------------------------------------------------------------


async def on_reindex(update: Update, context: Context) -> None:
    """/reindex [full]: a build in the background, its progress and summary in one message."""
    message = update.effective_message
    if message is None:
        return
    full = "full" in strip_addressing(message.text or "", context.bot.username).lower().split()
    try:
        slot = index_updates(context).claim_reindex()
    except BuildBusy:
        await send_text(context, message, texts.REINDEX_BUSY, quote=True)
        return
    text = render.reindex_progress_html(full, None)
    try:
        sent = await reply(context, message, text)
    except BaseException:
        slot.release()
        raise
    start_job(context.bot_data, reindex_job(slot, ProgressMessage(sent, text), full))


async def reindex_job(slot: BuildSlot, progress: ProgressMessage, full: bool) -> None:
    """Build, showing progress; then the summary (or why it failed) in the same message."""
    try:
        with slot:
            async with progress.live():
                report = await slot.build(
                    full=full,
                    on_progress=lambda p: progress.want(render.reindex_progress_html(full, p)),
                )
    except BuildFailed as error:
        log.warning("reindex failed: %s", error)
        failed = texts.REINDEX_FAILED.format(reason=reason_of(error))
        await progress.finish([render.failed_html(failed)])
        return
    except asyncio.CancelledError:
        await progress.finish([render.failed_html(texts.REINDEX_INTERRUPTED)])
        raise
    except Exception as error:
        log.error("reindex failed", exc_info=error)
        failed = texts.REINDEX_FAILED.format(reason=type(error).__name__)
        await progress.finish([render.failed_html(failed)])
        return
    log.info(
        "reindex done: full=%s added=%d updated=%d removed=%d skipped=%d seconds=%.1f",
        report.full,
        len(report.added),
        len(report.updated),
        len(report.removed),
        len(report.skipped),
        report.seconds,
    )
    await progress.finish(render.reindex_summary_html(report))


# -- /remove --------------------------------------------------------------------------------


def close_ids(wanted: str, ids: list[str]) -> list[str]:
    """Ids that look like `wanted`: containing it, then similar ones."""
    lowered = wanted.lower()
    found = [i for i in ids if lowered and lowered in i.lower()]
    found += difflib.get_close_matches(wanted, ids, n=CLOSE_IDS, cutoff=0.5)
    return list(dict.fromkeys(found))[:CLOSE_IDS]


async def on_remove(update: Update, context: Context) -> None:
    """/remove <article id>: delete the file and update the index."""
    message = update.effective_message
    if message is None:
        return
    article_id = strip_addressing(message.text or "", context.bot.username)
    service = corpus_service(context)
    if not article_id:
        ids = await service.article_ids()
        usage = texts.REMOVE_USAGE.format(example=ids[0] if ids else "2020/article.md")
        await send_text(context, message, usage, quote=True)
        return
    try:
        async with index_updates(context).command() as writer:
            await remove_and_index(context, message, writer, article_id)
    except BuildBusy:
        await send_text(context, message, texts.REMOVE_BUSY, quote=True)
    except BuildElsewhere:
        await send_text(context, message, texts.REMOVE_BUSY_ELSEWHERE, quote=True)


async def remove_and_index(
    context: Context, message: Message, writer: Writer, article_id: str
) -> None:
    """Delete the article's file (bot.articles), say so, then take it out of the index."""
    service = corpus_service(context)
    ids = await service.article_ids()
    # Its file gone but the article still indexed: this /remove delivered again after the
    # bot was killed before updating the index; finish it.
    redelivered = article_id not in ids and await service.indexed(article_id)
    if article_id not in ids and not redelivered:
        text = texts.REMOVE_NOT_FOUND.format(article_id=render.shorten(article_id, 200))
        await reply(context, message, render.close_ids_html(text, close_ids(article_id, ids)))
        return
    try:
        if not redelivered:
            await writer.delete(article_id)
    except (InvalidArticle, OSError) as error:
        text = texts.REMOVE_NOT_FOUND.format(article_id=article_id)
        log.warning("remove %s failed: %s", article_id, error)
        await reply(context, message, render.failed_html(text))
        return
    log.info("article removed: %s", article_id)
    done = texts.REMOVE_DONE.format(article_id=article_id)
    sent = await reply(context, message, render.text_html(done))
    await update_index(
        writer,
        article_id,
        ProgressMessage(sent, render.text_html(done)),
        texts.REMOVE_INDEXED.format(article_id=article_id),
        lambda reason: texts.REMOVE_NOT_INDEXED.format(article_id=article_id, reason=reason),
    )


async def update_index(
    writer: Writer,
    article_id: str,
    progress: ProgressMessage,
    done: str,
    failed: Callable[[str], str],
) -> None:
    """The index brought up to date with `article_id` after /add or /remove (the rest of
    content/ is left to the watcher or /reindex); its outcome replaces the message."""
    try:
        await writer.index([article_id])
    except BuildFailed as error:
        log.warning("index update failed: %s", error)
        await progress.finish([render.failed_html(failed(reason_of(error)))])
        return
    await progress.finish([render.done_html(done)])


# -- /stats and /setup ----------------------------------------------------------------------


async def on_stats(update: Update, context: Context) -> None:
    """/stats: corpus, index, last reindex, uptime, questions."""
    message = update.effective_message
    if message is None:
        return
    service = corpus_service(context)
    stats = await service.stats() if await service.has_index() else None
    votes = feedback_of(context).votes()
    await reply(context, message, render.stats_html(stats, service.activity(), votes))


async def on_setup(update: Update, context: Context) -> None:
    """/setup [@channel]: privacy mode, rights in this chat, webhook, index; how to fix each."""
    message = update.effective_message
    if message is None:
        return
    bot = context.bot
    checks = bot_checks(await bot.get_me())
    target = strip_addressing(message.text or "", bot.username).split()
    checks.append(await _chat_check(context, message.chat, target[0] if target else None))
    settings = settings_of(context)
    checks += webhook_checks(settings.telegram.webhook_url, await bot.get_webhook_info())
    service = corpus_service(context)
    stats = await service.stats() if await service.has_index() else None
    writable = await asyncio.to_thread(_writable, service)
    checks += index_checks(stats, await service.last_build(), writable)
    for text in render.setup_html(checks):
        await reply(context, message, text)


def _writable(service: CorpusService) -> bool:
    content = service.corpus.content_dir
    return content.is_dir() and os.access(content, os.W_OK | os.X_OK)


def _chat_label(chat: Chat | ChatFullInfo) -> str:
    if chat.username:
        return f"@{chat.username}"
    return f"“{chat.title}”" if chat.title else str(chat.id)


async def _chat_check(context: Context, here: Chat, named: str | None) -> Check:
    """The bot's rights in this chat, or in the chat named by /setup's argument."""
    chat: Chat | ChatFullInfo = here
    if named is not None:
        wanted: str | int = int(named) if named.lstrip("-").isdigit() else named
        try:
            chat = await context.bot.get_chat(wanted)
        except TelegramError as error:
            return chat_check(named, ChatType.GROUP, None, error.message)
    if chat.type == ChatType.PRIVATE:
        return chat_check(_chat_label(chat), chat.type, None)
    try:
        member = await context.bot.get_chat_member(chat.id, context.bot.id)
    except TelegramError as error:
        return chat_check(_chat_label(chat), chat.type, None, error.message)
    return chat_check(_chat_label(chat), chat.type, member)
