"""/sources: the articles of the corpus with links, paged with buttons."""

from __future__ import annotations

import time

from telegram import Update

from bot.handlers.common import Context, conversation, log_answered, send_reply, should_quote


async def on_sources(update: Update, context: Context) -> None:
    """/sources: the first page."""
    message = update.effective_message
    if message is None:
        return
    started = time.perf_counter()
    reply = await conversation(context).sources()
    await send_reply(context, message, reply, quote=should_quote(message, ""))
    log_answered(update, reply, started)
