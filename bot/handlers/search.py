"""/search query: keyword search with the query syntax, paged with buttons."""

from __future__ import annotations

import contextlib
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


async def on_search(update: Update, context: Context) -> None:
    """/search query: the first page of results (usage without a query)."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    query = strip_addressing(message.text, context.bot.username)
    if query and not await within_limit(update, context, message):
        return
    started = time.perf_counter()
    async with typing(context, message) if query else contextlib.nullcontext():
        reply = await conversation(context).search(query)
    await send_reply(context, message, reply, quote=should_quote(message, query))
    log_answered(update, reply, started, query)
