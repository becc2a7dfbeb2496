"""/feedback (admins): the questions readers missed, page by page (the pages' buttons are
handled with the other buttons, in bot.handlers.buttons)."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType

from bot.handlers.common import Context, conversation, send_reply


async def on_feedback(update: Update, context: Context) -> None:
    """/feedback: the first page of the kept questions, or why there are none."""
    message = update.effective_message
    if message is None:
        return
    reply = await conversation(context).kept(1)
    await send_reply(context, message, reply, quote=message.chat.type != ChatType.PRIVATE)
