"""Running a real Application against the fake Bot API: polling or webhook on 127.0.0.1."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from telegram.ext import Application

from bot.runner import Webhook, started

WEBHOOK_PATH = "telegram"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@asynccontextmanager
async def running(
    app: Application[Any, Any, Any, Any, Any, Any],
    webhook_port: int | None,
    *,
    secret: str,
    allowed_updates: Sequence[str] | None = None,
) -> AsyncIterator[None]:
    """Start `app` as `corpusbot run` does (bot.runner.started), then stop it.

    Polling when `webhook_port` is None; otherwise the bot's webhook server on that port
    at /telegram, checking `secret`.
    """
    webhook = (
        None
        if webhook_port is None
        else Webhook(
            listen="127.0.0.1",
            port=webhook_port,
            path=WEBHOOK_PATH,
            url=f"http://127.0.0.1:{webhook_port}/{WEBHOOK_PATH}",
            secret=secret,
        )
    )
    async with started(app, webhook, allowed_updates, poll_timeout=1):
        yield
