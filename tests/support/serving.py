"""Running a real Application against the fake Bot API: polling or webhook on 127.0.0.1."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from telegram.ext import Application

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
    """Start `app` as run_polling / run_webhook do (post_init to post_shutdown), then stop it.

    Polling when `webhook_port` is None; otherwise PTB's webhook server on that port
    at /telegram, checking `secret`.
    """
    assert app.updater is not None
    updates = list(allowed_updates) if allowed_updates is not None else None
    async with app:
        if app.post_init is not None:
            await app.post_init(app)
        if webhook_port is None:
            await app.updater.start_polling(poll_interval=0.0, timeout=1, allowed_updates=updates)
        else:
            await app.updater.start_webhook(
                listen="127.0.0.1",
                port=webhook_port,
                url_path=WEBHOOK_PATH,
                webhook_url=f"http://127.0.0.1:{webhook_port}/{WEBHOOK_PATH}",
                secret_token=secret,
                allowed_updates=updates,
            )
        await app.start()
        try:
            yield
        finally:
            await app.updater.stop()
            await app.stop()
            if app.post_stop is not None:
                await app.post_stop(app)
            if app.post_shutdown is not None:
                await app.post_shutdown(app)
