"""The composition root: `build_application(settings, corpus)` wires the whole bot.

`corpusbot run` only starts what this builds, and the tests build the very same application
(with a recording request or a fake Bot API server in place of Telegram).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram import BotCommand, LinkPreviewOptions, Message, MessageEntity, Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot import texts
from bot.config import Settings
from bot.handlers import ask, buttons, dates, errors, inline, search, sources, start
from bot.handlers.common import LIMIT_KEY, SETTINGS_KEY, Context
from bot.service import SERVICE_KEY, CorpusService, corpus_service
from bot.throttle import QuestionLimit
from index.corpus import Corpus

log = logging.getLogger(__name__)

Callback = Callable[[Update, Context], Coroutine[Any, Any, None]]
App = Application[Any, Any, Any, Any, Any, Any]

# The update types the bot handles (asked for explicitly when polling or setting a webhook).
ALLOWED_UPDATES = ["message", "channel_post", "callback_query", "inline_query"]


@dataclass(frozen=True)
class Command:
    """A command: its name, its line in the command menu, its handler."""

    name: str
    description: str
    callback: Callback


# The commands, in menu order. The handlers and the menu (setMyCommands) both come from here.
COMMANDS: tuple[Command, ...] = (
    Command("start", texts.CMD_START, start.on_start),
    Command("help", texts.CMD_HELP, start.on_help),
    Command("ask", texts.CMD_ASK, ask.on_ask_command),
    Command("dates", texts.CMD_DATES, dates.on_dates),
    Command("search", texts.CMD_SEARCH, search.on_search),
    Command("sources", texts.CMD_SOURCES, sources.on_sources),
)


class _MentionsBot(filters.MessageFilter):
    """A message that mentions this bot (@username, or a text mention of its user)."""

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        wanted = f"@{bot.username}".lower()
        kinds: list[str | None] = [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]
        for entity, text in message.parse_entities(kinds).items():
            if entity.type == MessageEntity.MENTION and text.lower() == wanted:
                return True
            if entity.user is not None and entity.user.id == bot.id:
                return True
        return False


class _RepliesToBot(filters.MessageFilter):
    """A message that replies to one of this bot's messages (not a forum topic's root)."""

    def filter(self, message: Message) -> bool:
        replied = message.reply_to_message
        if replied is None or replied.forum_topic_created is not None:
            return False
        return replied.from_user is not None and replied.from_user.id == message.get_bot().id


MENTIONS_BOT = _MentionsBot(name="MentionsBot")
REPLIES_TO_BOT = _RepliesToBot(name="RepliesToBot")
NEW_MESSAGE = filters.UpdateType.MESSAGE  # not edits: an edited question is not asked again
CHANNEL_POST = filters.UpdateType.CHANNEL_POST


def _register(app: App) -> None:
    """Every handler, in one place. Order matters: the first matching handler wins."""
    # 1. Commands, in private chats and groups (/cmd@thisbot in groups; PTB ignores
    #    /cmd@otherbot). Privacy mode lets groups deliver exactly these.
    for command in COMMANDS:
        app.add_handler(CommandHandler(command.name, command.callback, filters=NEW_MESSAGE))
    # 2. Channels where the bot is an admin: a post starting with /ask or mentioning the bot.
    app.add_handler(CommandHandler("ask", ask.on_channel_post, filters=CHANNEL_POST))
    app.add_handler(
        MessageHandler(CHANNEL_POST & filters.TEXT & MENTIONS_BOT, ask.on_channel_post)
    )
    # 3. Private chats: an unknown command gets a hint; any other text is a question.
    private = NEW_MESSAGE & filters.ChatType.PRIVATE
    app.add_handler(MessageHandler(private & filters.COMMAND, start.on_unknown))
    app.add_handler(MessageHandler(private & filters.TEXT, ask.on_private_text))
    # 4. Groups: only mentions of the bot and replies to its messages, never other chatter.
    group = NEW_MESSAGE & filters.ChatType.GROUPS & filters.TEXT & ~filters.COMMAND
    app.add_handler(MessageHandler(group & (MENTIONS_BOT | REPLIES_TO_BOT), ask.on_group_message))
    # 5. Button presses (every button's data comes from bot.callbacks).
    app.add_handler(CallbackQueryHandler(buttons.on_button))
    # 6. Inline mode: @bot question from any chat.
    app.add_handler(InlineQueryHandler(inline.on_inline_query))
    # 7. Anything a handler raises: log, tell the admins, apologise.
    app.add_error_handler(errors.on_error)


async def _post_init(app: App) -> None:
    """Open the corpus and publish the command menu (from COMMANDS)."""
    await corpus_service(app).open()
    await app.bot.set_my_commands([BotCommand(c.name, c.description) for c in COMMANDS])


async def _post_shutdown(app: App) -> None:
    """Close the corpus."""
    await corpus_service(app).close()


def build_application(
    settings: Settings, corpus: Corpus, *, request: BaseRequest | None = None
) -> App:
    """The bot: handlers, command menu, rate limiter, error handler, the corpus service.

    `request` replaces the HTTP transport (tests); otherwise the bot talks to Telegram, or to
    `telegram.base_url` when set.
    """
    token = settings.telegram.token
    if token is None:
        raise ValueError("a bot token is needed to build the application (BOT_TOKEN)")
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        Application.builder()
        .token(token.get())
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .rate_limiter(AIORateLimiter(max_retries=3))
        .concurrent_updates(True)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if settings.telegram.base_url:
        builder = builder.base_url(settings.telegram.base_url)
    if settings.telegram.base_file_url:
        builder = builder.base_file_url(settings.telegram.base_file_url)
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    app: App = builder.build()
    app.bot_data[SETTINGS_KEY] = settings
    app.bot_data[SERVICE_KEY] = CorpusService(corpus)
    app.bot_data[LIMIT_KEY] = QuestionLimit(settings.limits.questions, settings.limits.per_seconds)
    _register(app)
    return app
