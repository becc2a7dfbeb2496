"""The composition root: `build_application(settings, corpus)` wires the whole bot.

`corpusbot run` only starts what this builds, and the tests build the very same application
(with a recording request or a fake Bot API server in place of Telegram).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram import (
    BotCommand,
    BotCommandScopeChat,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import TelegramError
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
from bot.feedback import FEEDBACK_KEY, Feedback
from bot.feedback_store import KeptQuestions, feedback_path
from bot.feeds import FEEDS_KEY, Feeds, FeedStore, feeds_path
from bot.fetch import FetchPolicy
from bot.handlers import add, admin, ask, buttons, dates, errors, inline, search, sources, start
from bot.handlers import feedback as feedback_handlers
from bot.handlers import feeds as feed_handlers
from bot.handlers.common import LIMIT_KEY, SETTINGS_KEY, Context
from bot.handlers.jobs import stop_jobs
from bot.handlers.watched import start_updates
from bot.service import SERVICE_KEY, CorpusService, corpus_service
from bot.throttle import QuestionLimit
from bot.updates import UPDATES_KEY, IndexUpdates
from index.corpus import Corpus

log = logging.getLogger(__name__)

Callback = Callable[[Update, Context], Coroutine[Any, Any, None]]
App = Application[Any, Any, Any, Any, Any, Any]

# Flood control (429): a call is retried after Telegram's retry_after for as long as it takes,
# so an answer is never dropped; while one waits, the limiter holds every other call.
FLOOD_RETRIES = 1_000_000
# Updates taken from Telegram but not yet handled. When it is full, polling pauses and webhook
# deliveries wait (Telegram keeps the rest), so a burst queues at Telegram, not in memory.
UPDATE_QUEUE_MAX = 1_000

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
    Command("new", texts.CMD_NEW, ask.on_new),
)

# Admin commands: for Settings.admins only (every handler wrapped in admin.only_admins), and
# in the menu of the admins' private chats only (after COMMANDS).
ADMIN_COMMANDS: tuple[Command, ...] = (
    Command("reindex", texts.CMD_REINDEX, admin.on_reindex),
    Command("add", texts.CMD_ADD, add.on_add),
    Command("remove", texts.CMD_REMOVE, admin.on_remove),
    Command("feed", texts.CMD_FEED, feed_handlers.on_feed),
    Command("stats", texts.CMD_STATS, admin.on_stats),
    Command("setup", texts.CMD_SETUP, admin.on_setup),
    Command("feedback", texts.CMD_FEEDBACK, feedback_handlers.on_feedback),
)

PENDING_MENUS_KEY = "corpusbot.pending_admin_menus"


class _AddCaption(filters.MessageFilter):
    """A document captioned /add (or /add@thisbot)."""

    def filter(self, message: Message) -> bool:
        return message.document is not None and add.is_add_caption(
            message, message.get_bot().username
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


ADD_CAPTION = _AddCaption(name="AddCaption")
MENTIONS_BOT = _MentionsBot(name="MentionsBot")
REPLIES_TO_BOT = _RepliesToBot(name="RepliesToBot")
NEW_MESSAGE = filters.UpdateType.MESSAGE  # not edits: an edited question is not asked again
CHANNEL_POST = filters.UpdateType.CHANNEL_POST


def _register(app: App) -> None:
    """Every handler, in one place. Order matters: the first matching handler wins."""
    # 1. Commands, in private chats and groups (/cmd@thisbot in groups; PTB ignores
    #    /cmd@otherbot). Privacy mode lets groups deliver exactly these. Admin commands
    #    (and a file captioned /add) go through the admin guard: others get a refusal.
    for command in COMMANDS:
        app.add_handler(CommandHandler(command.name, command.callback, filters=NEW_MESSAGE))
    for command in ADMIN_COMMANDS:
        guarded = admin.only_admins(command.name, command.callback)
        app.add_handler(CommandHandler(command.name, guarded, filters=NEW_MESSAGE))
    # A file captioned /add (captions are not commands to CommandHandler).
    app.add_handler(
        MessageHandler(NEW_MESSAGE & ADD_CAPTION, admin.only_admins("add", add.on_add))
    )
    # 2. Channels where the bot is an admin: a post starting with /ask or mentioning the bot.
    app.add_handler(CommandHandler("ask", ask.on_channel_post, filters=CHANNEL_POST))
    app.add_handler(
        MessageHandler(CHANNEL_POST & filters.TEXT & MENTIONS_BOT, ask.on_channel_post)
    )
    # 3. Private chats: an unknown command gets a hint; any other text is a question; an
    #    admin's file without /add gets a hint how to add it.
    private = NEW_MESSAGE & filters.ChatType.PRIVATE
    app.add_handler(MessageHandler(private & filters.COMMAND, start.on_unknown))
    app.add_handler(MessageHandler(private & filters.TEXT, ask.on_private_text))
    admins = filters.User(user_id=settings_of_app(app).admins)
    app.add_handler(MessageHandler(private & filters.Document.ALL & admins, add.on_document))
    # 4. Groups: only mentions of the bot and replies to its messages, never other chatter.
    group = NEW_MESSAGE & filters.ChatType.GROUPS & filters.TEXT & ~filters.COMMAND
    app.add_handler(MessageHandler(group & (MENTIONS_BOT | REPLIES_TO_BOT), ask.on_group_message))
    # 5. Button presses (every button's data comes from bot.callbacks).
    app.add_handler(CallbackQueryHandler(buttons.on_button))
    # 6. Inline mode: @bot question from any chat.
    app.add_handler(InlineQueryHandler(inline.on_inline_query))
    # 7. Anything a handler raises: log, tell the admins, apologise.
    app.add_error_handler(errors.on_error)
    # 8. Before all of the above (group -1, does not stop them): an admin whose command menu
    #    could not be set at start-up (never talked to the bot) gets it at their first message.
    app.add_handler(MessageHandler(filters.ChatType.PRIVATE, _set_pending_menu), group=-1)


def settings_of_app(app: App) -> Settings:
    """The settings the application was built with."""
    settings = app.bot_data[SETTINGS_KEY]
    assert isinstance(settings, Settings)
    return settings


def menu(commands: tuple[Command, ...]) -> list[BotCommand]:
    """The command menu of `commands`."""
    return [BotCommand(c.name, c.description) for c in commands]


async def _set_admin_menu(app: App, admin_id: int) -> bool:
    """The menu with the admin commands, in `admin_id`'s private chat; False on failure."""
    try:
        await app.bot.set_my_commands(
            menu(COMMANDS + ADMIN_COMMANDS), scope=BotCommandScopeChat(admin_id)
        )
    except TelegramError as error:
        log.warning(
            "admin %s gets the admin command menu at their first message: %s", admin_id, error
        )
        return False
    return True


async def _set_pending_menu(update: Update, context: Context) -> None:
    pending: set[int] = context.bot_data.get(PENDING_MENUS_KEY, set())
    user = update.effective_user
    if user is not None and user.id in pending:
        pending.discard(user.id)
        if not await _set_admin_menu(context.application, user.id):
            pending.add(user.id)


async def _post_init(app: App) -> None:
    """Open the corpus and publish the command menus: COMMANDS for everyone, and with
    ADMIN_COMMANDS in each admin's private chat."""
    await corpus_service(app).open()
    start_updates(app)  # index updates in the background, and the content watcher
    feed_handlers.start_feeds(app)  # the feeds' poll, every feeds.every_minutes
    await app.bot.set_my_commands(menu(COMMANDS))
    admins = settings_of_app(app).admins
    if not admins:
        log.warning("no admins configured (admins, CORPUSBOT_ADMINS): admin commands are refused")
    pending = {a for a in sorted(admins) if not await _set_admin_menu(app, a)}
    app.bot_data[PENDING_MENUS_KEY] = pending


async def _post_stop(app: App) -> None:
    """Stop the running admin jobs (a reindex: its build process is stopped, the index keeps
    its last complete state), while the bot can still say so."""
    await stop_jobs(app.bot_data)


async def _post_shutdown(app: App) -> None:
    """Stop what is left of the jobs; close the corpus."""
    await stop_jobs(app.bot_data)
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
        .rate_limiter(AIORateLimiter(max_retries=FLOOD_RETRIES))
        .update_queue(asyncio.Queue(maxsize=UPDATE_QUEUE_MAX))
        .concurrent_updates(True)
        .post_init(_post_init)
        .post_stop(_post_stop)
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
    app.bot_data[UPDATES_KEY] = IndexUpdates(corpus_service(app))
    app.bot_data[LIMIT_KEY] = QuestionLimit(settings.limits.questions, settings.limits.per_seconds)
    # 👍 / 👎 counts (memory); the missed questions' file only with feedback.keep_questions.
    keep = settings.feedback.keep_questions
    kept = KeptQuestions(feedback_path(corpus.index_dir)) if keep else None
    app.bot_data[FEEDBACK_KEY] = Feedback(kept)
    # RSS and Atom feeds: their state (feeds added by /feed, items seen) beside the index.
    policy = FetchPolicy(
        allow_private=settings.fetch.allow_private, timeout=settings.fetch.timeout_seconds
    )
    app.bot_data[FEEDS_KEY] = Feeds(
        FeedStore(feeds_path(corpus.index_dir)),
        settings.feeds.urls,
        policy,
        app.bot_data[UPDATES_KEY],
    )
    _register(app)
    return app
