"""The global error handler: log with the traceback, tell the admins briefly, apologise."""

from __future__ import annotations

import logging
import time

from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError

from bot import render, texts
from bot.handlers.common import Context, settings_of
from index.errors import CorpusError

log = logging.getLogger(__name__)

NOTICE_EVERY = 300.0  # seconds between two admin notices about the same kind of error
NOTICES_KEY = "corpusbot.error_notices"
ERROR_TEXT_MAX = 300


def _describe(update: object) -> str:
    """What was being handled, without user content."""
    if not isinstance(update, Update):
        return "polling" if update is None else type(update).__name__
    kind = next(
        (
            name
            for name in ("message", "channel_post", "callback_query", "inline_query")
            if getattr(update, name, None) is not None
        ),
        "update",
    )
    chat = update.effective_chat.type if update.effective_chat else None
    return f"{kind} {update.update_id}" + (f" in a {chat} chat" if chat else "")


def _benign(error: BaseException) -> bool:
    """Errors that need no admin and no apology: stale queries, blocked bot, network blips."""
    if isinstance(error, BadRequest):
        text = error.message.lower()
        return "query is too old" in text or "message is not modified" in text
    return isinstance(error, Forbidden | NetworkError) and not isinstance(error, BadRequest)


async def on_error(update: object, context: Context) -> None:
    """Log the error, tell the admins (escaped, short), give the user a one-line apology."""
    error = context.error
    if error is None:
        return
    what = _describe(update)
    if isinstance(error, CorpusError):
        log.warning("corpus unavailable while handling %s: %s", what, error)
    elif _benign(error):
        log.warning("while handling %s: %s: %s", what, type(error).__name__, error)
        return
    else:
        log.error("error while handling %s", what, exc_info=error)
    await _tell_admins(context, what, error)
    await _apologise(update, context, error)


async def _tell_admins(context: Context, what: str, error: BaseException) -> None:
    notices: dict[str, float] = context.bot_data.setdefault(NOTICES_KEY, {})
    kind = type(error).__name__
    now = time.monotonic()
    if now - notices.get(kind, -NOTICE_EVERY) < NOTICE_EVERY:
        return
    notices[kind] = now
    detail = render.shorten(f"{kind}: {error}", ERROR_TEXT_MAX)
    text = render.text_html(texts.ADMIN_ERROR.format(what=what, error=detail))
    for admin in sorted(settings_of(context).admins):
        try:
            await context.bot.send_message(admin, text)
        except TelegramError as failure:
            log.warning("could not tell admin %s: %s", admin, failure)


async def _apologise(update: object, context: Context, error: BaseException) -> None:
    if not isinstance(update, Update):
        return
    text = texts.CORPUS_UNAVAILABLE if isinstance(error, CorpusError) else texts.APOLOGY
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(text, show_alert=True)
        elif update.effective_message is not None and update.effective_chat is not None:
            message = update.effective_message
            await context.bot.send_message(
                message.chat_id,
                render.text_html(text),
                message_thread_id=message.message_thread_id if message.is_topic_message else None,
            )
    except TelegramError as failure:
        log.warning("could not apologise: %s", failure)
