"""Inline-button presses: paging edits the message; other buttons send a new one."""

from __future__ import annotations

import logging
import time

from telegram import Message, Update
from telegram.error import BadRequest

from bot.followups import clock_of, memory_of
from bot.handlers.common import (
    Context,
    conversation,
    keyboard,
    log_answered,
    send_reply,
    settings_of,
    should_quote,
)

log = logging.getLogger(__name__)


def _texts(message: object) -> tuple[str | None, str | None]:
    """The pressed message's text and the text of the message it replies to."""
    if not isinstance(message, Message):  # inaccessible (too old) or an inline message
        return None, None
    replied = message.reply_to_message
    replied_text = (replied.text or replied.caption) if replied is not None else None
    return message.text, replied_text


async def on_button(update: Update, context: Context) -> None:
    """Answer a press from the button's data and the text of the pressed message."""
    query = update.callback_query
    if query is None:
        return
    started = time.perf_counter()
    message_text, replied_text = _texts(query.message)
    reply = await conversation(context).press(
        query.data,
        message_text,
        replied_text,
        voter=_voter(query.from_user.id, query.message, query.inline_message_id),
        admin=query.from_user.id in settings_of(context).admins,
    )
    if reply.notice or not reply.messages:
        await query.answer(reply.notice)
        return
    await query.answer()
    message = query.message
    shown: list[int] = []
    if reply.edit and isinstance(message, Message):
        shown.append(message.message_id)
        try:
            await message.edit_text(reply.messages[0], reply_markup=keyboard(reply))
        except BadRequest as error:
            if "not modified" not in error.message.lower():
                raise
    elif isinstance(message, Message):
        sent = await send_reply(context, message, reply, quote=should_quote(message, ""))
        shown += [m.message_id for m in sent]
    if reply.reading and shown:  # a question answered: the next one may lean on it
        memory_of(context.chat_data).remember(reply.reading, clock_of(context.bot_data)(), shown)
    log_answered(update, reply, started)


def _voter(user_id: int, message: object, inline_message_id: str | None) -> str:
    """Who pressed on which message: a 👍 / 👎 counts once per reader and answer."""
    if isinstance(message, Message):
        return f"{user_id}:{message.chat_id}:{message.message_id}"
    return f"{user_id}:{inline_message_id or ''}"
