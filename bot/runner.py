"""Running the application: polling or the webhook server, until a stop signal or until
Telegram no longer accepts the token.

`corpusbot run` calls `run`; the end-to-end tests enter `started`, the very same start and
stop. In place of PTB's run_polling / run_webhook because the bot serves its own webhook
server (bot.webhook), and because a token revoked while running must stop the process with
a clear line and a non-zero status (PTB's polling gives up in silence and the process stays
up, so no supervisor restarts it).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application

from bot import texts
from bot.heap import frozen_while_serving
from bot.service import SERVICE_KEY, CorpusService
from bot.webhook import WebhookServer

log = logging.getLogger(__name__)

App = Application[Any, Any, Any, Any, Any, Any]
TOKEN_CHECK_SECONDS = 30.0  # how often the running bot asks Telegram whether its token holds
POLL_TIMEOUT = 10  # seconds of a getUpdates long poll (PTB's run_polling default)
MAX_CONNECTIONS = 40  # Telegram's webhook connections at once (its default)
# The interpreter lock's switch interval while the bot runs. Answers are computed in worker
# threads (CPU-bound Python); each time the event loop lets go of the lock (every socket call,
# every file look-up) it then waits for the worker to hand it back, up to this interval. At
# Python's default, 5 ms, a Bot API request (a few dozen such calls) kept the loop waiting
# tens of milliseconds while an answer was computed (bench.bot --slow-callbacks).
SWITCH_INTERVAL = 0.001


@dataclass(frozen=True)
class Webhook:
    """Where the webhook server listens, and what it registers with Telegram."""

    listen: str
    port: int
    path: str
    url: str
    secret: str


class TokenRevoked(Exception):
    """Telegram no longer accepts the bot's token."""


@contextlib.asynccontextmanager
async def started(
    app: App,
    webhook: Webhook | None,
    allowed_updates: Sequence[str] | None,
    *,
    poll_timeout: int = POLL_TIMEOUT,
) -> AsyncIterator[None]:
    """The application running (post_init to post_shutdown, as PTB's run_* do): polling when
    `webhook` is None, else the webhook server registered with Telegram."""
    updates = list(allowed_updates) if allowed_updates is not None else None
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(min(switch_interval, SWITCH_INTERVAL))
    service = app.bot_data.get(SERVICE_KEY)
    try:
        # The heap frozen once the index opens (post_init), and at each switch: bot.heap.
        with frozen_while_serving(service.corpus if isinstance(service, CorpusService) else None):
            async with _running(app, webhook, updates, poll_timeout):
                yield
    finally:
        sys.setswitchinterval(switch_interval)


@contextlib.asynccontextmanager
async def _running(
    app: App, webhook: Webhook | None, updates: list[str] | None, poll_timeout: int
) -> AsyncIterator[None]:
    assert app.updater is not None
    server: WebhookServer | None = None
    async with app:
        if app.post_init is not None:
            await app.post_init(app)
        try:
            if webhook is None:
                await app.updater.start_polling(
                    poll_interval=0.0, timeout=poll_timeout, allowed_updates=updates
                )
            else:
                server = WebhookServer(app, webhook.path, webhook.secret)
                server.listen(webhook.listen, webhook.port)
                await app.bot.set_webhook(
                    webhook.url,
                    secret_token=webhook.secret,
                    allowed_updates=updates,
                    max_connections=MAX_CONNECTIONS,
                )
            await app.start()
            try:
                yield
            finally:
                if app.updater.running:
                    try:
                        await app.updater.stop()
                    except TelegramError as error:  # polling's end: a revoked token, say
                        log.warning("polling stopped with: %s", error)
                if server is not None:
                    await server.stop()
                    server = None
                await app.stop()
                if app.post_stop is not None:
                    await app.post_stop(app)
        finally:
            if server is not None:
                await server.stop()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)


async def serve(
    app: App,
    webhook: Webhook | None,
    allowed_updates: Sequence[str] | None,
    *,
    token_check: float | None = None,
    stop_signals: bool = True,
) -> None:
    """Run until SIGINT/SIGTERM; raise TokenRevoked (after a clean stop) when Telegram
    rejects the token while running (asked every `token_check` seconds, default
    TOKEN_CHECK_SECONDS)."""
    every = TOKEN_CHECK_SECONDS if token_check is None else token_check
    stop = asyncio.Event()
    revoked: list[InvalidToken] = []
    loop = asyncio.get_running_loop()
    signals = (signal.SIGINT, signal.SIGTERM) if stop_signals else ()
    for number in signals:
        loop.add_signal_handler(number, stop.set)
    try:
        async with started(app, webhook, allowed_updates):
            watch = asyncio.create_task(_watch_token(app, every, stop, revoked))
            try:
                await stop.wait()
            finally:
                watch.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await watch
    finally:
        for number in signals:
            loop.remove_signal_handler(number)
    if revoked:
        raise TokenRevoked(texts.RUN_TOKEN_REVOKED) from revoked[0]


async def _watch_token(
    app: App, every: float, stop: asyncio.Event, revoked: list[InvalidToken]
) -> None:
    """Ask Telegram (getMe) every `every` seconds; on a rejected token, stop the bot.

    Polling alone would notice, but PTB's polling then ends without a word to the
    application; in webhook mode nothing would notice until the next answer."""
    while True:
        await asyncio.sleep(every)
        try:
            await app.bot.get_me()
        except InvalidToken as error:
            log.error("Telegram rejects the bot token now: stopping")
            revoked.append(error)
            stop.set()
            return
        except TelegramError as error:  # the network, Telegram's trouble: try again later
            log.warning("token check failed: %s", error)
