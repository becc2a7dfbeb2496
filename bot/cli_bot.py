"""Bot subcommands: run (the Telegram bot) and chat (the same conversation in a terminal).

`corpusbot` imports this module for every subcommand (to register these three), so
python-telegram-bot, httpx and asyncio are imported inside the functions that use them:
`corpusbot ask` and the other corpus commands never load them (a cold start).
"""

from __future__ import annotations

import argparse
import logging
import secrets
import socket
import sys
from typing import Any

from bot import terminal, texts
from bot.cli import settings_of_args
from bot.config import ConfigError, RedactToken, Settings
from index.corpus import Corpus
from index.errors import CorpusError

TELEGRAM_API = "https://api.telegram.org/bot"  # PTB's default base_url
HEALTH_QUESTION = "health check"  # any question: it only has to run through the index
HEALTH_TIMEOUT = 3.0  # seconds to connect to the webhook port
TELEGRAM_TIMEOUT = 6.0  # seconds for getMe (the container's health check allows 10)


def register(commands: Any, parent: argparse.ArgumentParser) -> None:
    """Add the bot subcommands to the `corpusbot` parser."""
    run = commands.add_parser(
        "run",
        parents=[parent],
        help="the Telegram bot (polling, or webhook when configured)",
        description="Start the Telegram bot with the token from BOT_TOKEN; builds the index "
        "first if there is none.",
    )
    run.set_defaults(handler=cmd_run)
    chat = commands.add_parser(
        "chat",
        parents=[parent],
        help="the bot's conversation in this terminal (no token needed)",
    )
    chat.set_defaults(handler=cmd_chat)
    health = commands.add_parser(
        "health",
        parents=[parent],
        help="exit 0 when the bot can answer (container health checks)",
        description="Exit 0 when the index opens and answers a question, in webhook mode the "
        "local webhook port accepts connections, and with a token Telegram accepts it "
        "(getMe); otherwise print why and exit 1.",
    )
    health.set_defaults(handler=cmd_health)


def _settings(args: argparse.Namespace) -> Settings | None:
    try:
        return settings_of_args(args)
    except ConfigError as error:
        print(texts.RUN_CONFIG_ERROR.format(error=error), file=sys.stderr)
        return None


def setup_logging(settings: Settings) -> None:
    """Log lines to stderr at the configured level; the token is never printed."""
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # httpx logs every request URL, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    if settings.telegram.token is not None:
        redact = RedactToken(settings.telegram.token)
        for handler in logging.getLogger().handlers:
            handler.addFilter(redact)


def ensure_index(corpus: Corpus, *, catch_up: bool = False) -> None:
    """Build the index when none has been built yet (a fresh checkout). With `catch_up`
    (the bot watches content/), an existing index is first brought up to date with what
    changed in content/ while the bot was stopped; that failing never stops the start."""
    if corpus.has_index():
        if not catch_up:
            return
        try:
            report = corpus.build()
        except CorpusError as error:
            print(texts.RUN_CATCH_UP_FAILED.format(error=error), file=sys.stderr)
            return
        if report.changed or report.skipped:
            print(texts.RUN_CAUGHT_UP, file=sys.stderr)
            print(terminal.build_text(report), file=sys.stderr)
        return
    print(texts.RUN_BUILDING_INDEX.format(content=corpus.content_dir), file=sys.stderr)
    report = corpus.build()
    print(terminal.build_text(report), file=sys.stderr)


async def _reach_telegram(settings: Settings) -> None:
    """Call getMe once, so a wrong token or no network is one line before anything starts."""
    from telegram import Bot

    assert settings.telegram.token is not None
    base_url = settings.telegram.base_url or TELEGRAM_API
    async with Bot(settings.telegram.token.get(), base_url=base_url):
        pass


def _start_failure(settings: Settings, error: Exception) -> str:
    """One line saying why the bot could not start."""
    from telegram.error import InvalidToken, NetworkError, TelegramError

    if isinstance(error, InvalidToken):
        return texts.RUN_BAD_TOKEN
    if isinstance(error, NetworkError):
        where = settings.telegram.base_url or "api.telegram.org"
        return texts.RUN_UNREACHABLE.format(where=where, error=error)
    if isinstance(error, TelegramError):
        return texts.RUN_REFUSED.format(error=error)
    return texts.RUN_SERVER_FAILED.format(error=error)


def _confirm(prompt: str) -> bool:
    """Ask a yes/no question on the terminal (yes by default)."""
    try:
        reply = input(prompt)
    except EOFError:
        return False
    return reply.strip().lower() in ("", "y", "yes")


def cmd_run(args: argparse.Namespace) -> int:
    """corpusbot run: the bot, by polling (or by webhook when telegram.webhook_url is set)."""
    import asyncio

    settings = _settings(args)
    if settings is None:
        return 1
    corpus = Corpus(settings.content, settings.index)
    if settings.telegram.token is None:
        ensure_index(corpus)  # a fresh checkout is ready to answer, token or not
        print(texts.NO_TOKEN, file=sys.stderr)
        if sys.stdin.isatty() and sys.stdout.isatty() and _confirm(texts.OFFER_CHAT):
            from bot.chat import chat

            return asyncio.run(chat(settings, corpus))
        return 1
    setup_logging(settings)
    ensure_index(corpus, catch_up=settings.watch != "off")
    from telegram.error import TelegramError

    from bot.app import ALLOWED_UPDATES, build_application
    from bot.runner import TokenRevoked, Webhook, serve

    telegram = settings.telegram
    webhook = None
    if telegram.webhook_url:
        secret = telegram.webhook_secret.get() if telegram.webhook_secret else None
        webhook = Webhook(
            listen=telegram.webhook_listen,
            port=telegram.webhook_port,
            path=telegram.webhook_path,
            url=telegram.webhook_url,
            secret=secret or secrets.token_urlsafe(32),
        )
    try:
        asyncio.run(_reach_telegram(settings))
        app = build_application(settings, corpus)
        asyncio.run(serve(app, webhook, ALLOWED_UPDATES))
    except TokenRevoked as error:
        print(error, file=sys.stderr)
        return 1
    except (TelegramError, OSError) as error:
        print(_start_failure(settings, error), file=sys.stderr)
        return 1
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    """corpusbot chat: the conversation in this terminal."""
    import asyncio

    from bot.chat import chat

    settings = _settings(args)
    if settings is None:
        return 1
    corpus = Corpus(settings.content, settings.index)
    ensure_index(corpus)
    return asyncio.run(chat(settings, corpus))


def _webhook_port_problem(settings: Settings) -> str | None:
    """Why the local webhook server does not accept connections (None when it does)."""
    telegram = settings.telegram
    host = telegram.webhook_listen.strip("[]")
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    try:
        with socket.create_connection((host, telegram.webhook_port), timeout=HEALTH_TIMEOUT):
            return None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return texts.HEALTH_NO_WEBHOOK.format(host=host, port=telegram.webhook_port, error=reason)


def _telegram_problem(settings: Settings) -> str | None:
    """Why the bot cannot talk to Telegram with its token (None when getMe answers)."""
    import asyncio

    from telegram.error import InvalidToken, TelegramError

    assert settings.telegram.token is not None
    try:
        asyncio.run(asyncio.wait_for(_reach_telegram(settings), TELEGRAM_TIMEOUT))
    except InvalidToken:
        return texts.HEALTH_TOKEN_REJECTED
    except (TelegramError, OSError, TimeoutError) as error:
        reason = (str(error) or type(error).__name__).replace(
            settings.telegram.token.get(), "[token]"
        )
        where = settings.telegram.base_url or "api.telegram.org"
        return texts.HEALTH_NO_TELEGRAM.format(where=where, error=reason)
    return None


def cmd_health(args: argparse.Namespace) -> int:
    """corpusbot health: exit 0 when the index answers, the webhook port is open (webhook
    mode) and Telegram accepts the token (when one is set)."""
    settings = _settings(args)
    if settings is None:
        return 1
    corpus = Corpus(settings.content, settings.index)
    try:
        if not corpus.has_index():
            print(texts.HEALTH_NO_INDEX.format(index=settings.index), file=sys.stderr)
            return 1
        stats = corpus.stats()
        corpus.ask(HEALTH_QUESTION, 1)
    except Exception as error:  # any failure to answer is what a health check reports
        reason = f"{type(error).__name__}: {error}"
        print(texts.HEALTH_FAILED.format(error=reason), file=sys.stderr)
        return 1
    finally:
        corpus.close()
    if settings.telegram.webhook_url:
        problem = _webhook_port_problem(settings)
        if problem:
            print(problem, file=sys.stderr)
            return 1
    if settings.telegram.token is not None:
        problem = _telegram_problem(settings)
        if problem:
            print(problem, file=sys.stderr)
            return 1
    print(texts.HEALTH_OK.format(articles=stats.articles, passages=stats.passages))
    return 0
