"""Questions: any text in a private chat, /ask, mentions of and replies to the bot in groups,
/ask and mentions in channel posts; /new.

In a private chat, and in a group when replying to one of the bot's answers, a question may
follow up the previous one (bot.followups remembers it in chat_data, index.followup reads it).
"""

from __future__ import annotations

import time

from telegram import Message, Update
from telegram.constants import ChatType

from bot import texts
from bot.conversation import strip_addressing
from bot.followups import clock_of, memory_of
from bot.handlers.common import (
    Context,
    conversation,
    log_answered,
    send_reply,
    send_text,
    settings_of,
    should_quote,
    typing,
    within_limit,
)


async def answer(
    update: Update, context: Context, message: Message, question: str, *, follows: bool = True
) -> None:
    """Answer `question`, asked in `message`: limit, typing, search, reply, log.

    With `follows`, a question leaning on the chat's previous one is read with it (in a
    group only when `message` replies to one of the bot's answers); the question answered is
    remembered for the next one (not in channels).
    """
    if not await within_limit(update, context, message):
        return
    started = time.perf_counter()
    memory = memory_of(context.chat_data)
    now = clock_of(context.bot_data)()
    asked, typed = question, ""
    if follows:
        replied = message.reply_to_message
        reading = memory.read(
            question,
            now,
            settings_of(context).followups.minutes * 60,
            replying_to=replied.message_id if replied is not None else None,
            private=message.chat.type == ChatType.PRIVATE,
        )
        if reading.follows:
            asked, typed = reading.text, question
    async with typing(context, message):
        reply = await conversation(context).answer(asked, typed=typed)
    sent = await send_reply(context, message, reply, quote=should_quote(message, question))
    if reply.reading and message.chat.type != ChatType.CHANNEL:
        memory.remember(reply.reading, now, [m.message_id for m in sent])
    log_answered(update, reply, started, question)


async def on_new(update: Update, context: Context) -> None:
    """/new: forget the chat's previous question; the next one is read on its own."""
    message = update.effective_message
    if message is None:
        return
    memory_of(context.chat_data).forget()
    reply = conversation(context).new()
    await send_reply(context, message, reply, quote=message.chat.type != ChatType.PRIVATE)


def _replied_text(message: Message) -> str:
    replied = message.reply_to_message
    if replied is None or replied.forum_topic_created:
        return ""
    return replied.text or replied.caption or ""


async def on_private_text(update: Update, context: Context) -> None:
    """Any text in a private chat is a question."""
    message = update.effective_message
    if message is not None and message.text:
        await answer(update, context, message, message.text)


async def on_ask_command(update: Update, context: Context) -> None:
    """/ask question, or /ask in reply to a message holding the question."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    username = context.bot.username
    question = strip_addressing(message.text, username)
    if not question:
        question = strip_addressing(_replied_text(message), username)
    if not question:
        usage = texts.ASK_USAGE.format(example=texts.ASK_USAGE_EXAMPLE)
        await send_text(context, message, usage, quote=should_quote(message, ""))
        return
    await answer(update, context, message, question, follows=message.chat.type == ChatType.PRIVATE)


async def on_group_message(update: Update, context: Context) -> None:
    """A group message mentioning the bot or replying to it (the filters chose it)."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    question = strip_addressing(message.text, context.bot.username)
    if not question:
        username = context.bot.username
        usage = texts.MENTION_USAGE.format(bot=username, example=texts.ASK_USAGE_EXAMPLE)
        await send_text(context, message, usage, quote=True)
        return
    await answer(update, context, message, question)


async def on_channel_post(update: Update, context: Context) -> None:
    """A channel post starting with /ask or mentioning the bot: the answer as a reply."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    question = strip_addressing(message.text, context.bot.username)
    if question:
        await answer(update, context, message, question, follows=False)
