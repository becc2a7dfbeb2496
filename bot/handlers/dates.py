"""/dates [topic] [year or range]: the timeline of key dates, paged with buttons."""

from __future__ import annotations

import time

from telegram import Update

from bot.conversation import strip_addressing
from bot.handlers.common import (
    Context,
    conversation,
    log_answered,
    send_reply,
    should_quote,
    typing,
    within_limit,
)


async def on_dates(update: Update, context: Context) -> None:
    """/dates [topic]: the first page of the key dates."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    if not await within_limit(update, context, message):
        return
    started = time.perf_counter()
    topic = strip_addressing(message.text, context.bot.username)
    async with typing(context, message):
        reply = await conversation(context).dates(topic)
    await send_reply(context, message, reply, quote=should_quote(message, topic))
    log_answered(update, reply, started, topic)
