"""/start (with deep-link payloads), /help, and unknown commands in private chats."""

from __future__ import annotations

import time

from telegram import Update

from bot import texts
from bot.handlers.common import (
    Context,
    conversation,
    log_answered,
    send_reply,
    send_text,
    should_quote,
)


async def on_start(update: Update, context: Context) -> None:
    """/start [payload]: what the corpus covers; a payload (What_is_NAM) is asked."""
    message = update.effective_message
    if message is None:
        return
    started = time.perf_counter()
    payload = " ".join(context.args or ())
    reply = await conversation(context).start(payload)
    await send_reply(context, message, reply, quote=should_quote(message, ""))
    log_answered(update, reply, started, payload)


async def on_help(update: Update, context: Context) -> None:
    """/help: commands, buttons, syntax."""
    message = update.effective_message
    if message is None:
        return
    started = time.perf_counter()
    reply = conversation(context).help()
    await send_reply(context, message, reply, quote=should_quote(message, ""))
    log_answered(update, reply, started)


async def on_unknown(update: Update, context: Context) -> None:
    """A command this bot does not have (private chats only)."""
    if update.effective_message is not None:
        await send_text(context, update.effective_message, texts.UNKNOWN_COMMAND, quote=False)
