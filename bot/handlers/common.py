"""What every handler shares: typed access to the bot's state, sending replies, the log line."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatAction, ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import render, texts
from bot.config import Settings
from bot.conversation import Button, Conversation, Reply
from bot.feedback import feedback_of
from bot.service import corpus_service
from bot.throttle import QuestionLimit

log = logging.getLogger("bot.handlers")

Context = ContextTypes.DEFAULT_TYPE

SETTINGS_KEY = "corpusbot.settings"
LIMIT_KEY = "corpusbot.limit"


def settings_of(context: Context) -> Settings:
    """The settings the application was built with."""
    settings = context.bot_data.get(SETTINGS_KEY)
    if not isinstance(settings, Settings):
        raise RuntimeError("no settings in bot_data: build the app with build_application")
    return settings


def question_limit(context: Context) -> QuestionLimit:
    """The per-user question limit of the application."""
    limit = context.bot_data.get(LIMIT_KEY)
    if not isinstance(limit, QuestionLimit):
        raise RuntimeError("no question limit in bot_data: build the app with build_application")
    return limit


def conversation(context: Context) -> Conversation:
    """The transport-independent conversation, bound to this bot."""
    return Conversation(
        corpus_service(context), settings_of(context), context.bot.username, feedback_of(context)
    )


def _button(button: Button) -> InlineKeyboardButton:
    if button.data is not None:
        return InlineKeyboardButton(button.label, callback_data=button.data)
    if button.url is not None:
        return InlineKeyboardButton(button.label, url=button.url)
    return InlineKeyboardButton(
        button.label, switch_inline_query_current_chat=button.switch_inline or ""
    )


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """The reply's buttons as an inline keyboard (None when it has none)."""
    rows = [[_button(b) for b in row] for row in reply.buttons if row]
    return InlineKeyboardMarkup(rows) if rows else None


def thread_of(message: Message) -> int | None:
    """The forum topic of `message`, to answer in the same topic."""
    return message.message_thread_id if message.is_topic_message else None


def should_quote(message: Message, text: str) -> bool:
    """Reply to the asker's message in groups and channels, or when the header shortens it."""
    private = message.chat.type == ChatType.PRIVATE
    return not private or len(" ".join(text.split())) > render.HEADER_MAX


async def send_reply(
    context: Context, message: Message, reply: Reply, *, quote: bool
) -> list[Message]:
    """Send the reply's messages to the chat of `message`, in its topic; buttons on the last.

    With `quote`, the first message replies to `message` (sent anyway if it was deleted).
    """
    markup = keyboard(reply)
    sent = []
    for number, text in enumerate(reply.messages):
        first, last = number == 0, number == len(reply.messages) - 1
        parameters = (
            ReplyParameters(message.message_id, allow_sending_without_reply=True)
            if quote and first
            else None
        )
        sent.append(
            await context.bot.send_message(
                message.chat_id,
                text,
                message_thread_id=thread_of(message),
                reply_parameters=parameters,
                reply_markup=markup if last else None,
            )
        )
    return sent


async def send_text(context: Context, message: Message, text: str, *, quote: bool) -> None:
    """Send one sentence of bot.texts."""
    await send_reply(context, message, Reply((render.text_html(text),)), quote=quote)


@contextlib.asynccontextmanager
async def typing(context: Context, message: Message) -> AsyncIterator[None]:
    """Show "typing…" while the block runs, once it has taken answers.typing_after_ms.

    Best effort: a failure does not stop the answer.
    """
    delay = settings_of(context).answers.typing_after_ms / 1000

    async def show() -> None:
        if delay:
            await asyncio.sleep(delay)
        try:
            await context.bot.send_chat_action(
                message.chat_id, ChatAction.TYPING, message_thread_id=thread_of(message)
            )
        except TelegramError as error:
            log.debug("chat action failed: %s", error)

    if not delay:
        await show()
        yield
        return
    shown = asyncio.create_task(show())
    try:
        yield
    finally:
        shown.cancel()


async def within_limit(update: Update, context: Context, message: Message) -> bool:
    """Count a question; over the limit, say so once per window and return False."""
    asker = update.effective_user.id if update.effective_user else message.chat_id
    wait = question_limit(context).wait(asker)
    if not wait:
        return True
    log.info("rate limited: chat=%s wait=%ds", message.chat.type, wait)
    if question_limit(context).should_warn(asker):
        await send_text(
            context, message, texts.SLOW_DOWN.format(seconds=wait), quote=should_quote(message, "")
        )
    return False


def log_answered(update: Update, reply: Reply, started: float, question: str = "") -> None:
    """One line per answered update; the question itself only at debug level."""
    chat = update.effective_chat.type if update.effective_chat else "inline"
    took = (time.perf_counter() - started) * 1000
    log.info(
        "answered chat=%s command=%s latency_ms=%d passages=%d",
        chat,
        reply.kind,
        took,
        reply.passages,
    )
    if question:
        log.debug("question was %r", question)
