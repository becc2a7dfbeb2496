"""The webhook server (issue 12, item 9): what it refuses before reading a body, and a bad
body with the right secret is 400, logged without its content. End to end: the application
as `corpusbot run` serves it, against the fake Bot API on 127.0.0.1."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest

from bot.app import ALLOWED_UPDATES, build_application
from bot.config import Secret, TelegramSettings
from bot.webhook import MAX_UPDATE_BYTES
from index.corpus import Corpus
from tests.bot.conftest import TOKEN, make_settings
from tests.support.fake_bot_api import FakeBotApi
from tests.support.serving import WEBHOOK_PATH, free_port, running

SECRET = "webhook-secret_123"
HUGE = 95 * 1024 * 1024  # announced, never sent


@pytest.fixture
async def port(corpus: Corpus, fake_bot_api: FakeBotApi) -> AsyncIterator[int]:
    """The bot serving its webhook on 127.0.0.1:port."""
    telegram = TelegramSettings(token=Secret(TOKEN), base_url=fake_bot_api.base_url)
    app = build_application(replace(make_settings(corpus), telegram=telegram), corpus)
    chosen = free_port()
    async with running(app, chosen, secret=SECRET, allowed_updates=ALLOWED_UPDATES):
        yield chosen


async def _post(port: int, headers: dict[str, str], body: bytes = b"") -> int:
    """POST to the webhook with `headers` and `body` (the body may be shorter than the
    announced Content-Length: a server reading it first never answers); the status."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        lines = [f"POST /{WEBHOOK_PATH} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("ascii") + body)
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), 3)
    finally:
        writer.close()
    return int(status_line.split()[1])


def _headers(length: int, secret: str | None = SECRET) -> dict[str, str]:
    headers = {"Content-Type": "application/json", "Content-Length": str(length)}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    return headers


async def test_a_request_without_the_secret_is_refused_before_its_body(port: int) -> None:
    assert await _post(port, _headers(HUGE, secret=None)) == 403
    assert await _post(port, _headers(HUGE, secret="wrong")) == 403


async def test_a_body_over_the_limit_is_refused_before_it_is_read(port: int) -> None:
    assert await _post(port, _headers(HUGE)) == 413
    assert await _post(port, _headers(MAX_UPDATE_BYTES + 1)) == 413


@pytest.mark.parametrize(
    "body", [b'{"update_id": 1, "message": ', b"\xff\xfe secret-content", b"[1, 2]", b"7"]
)
async def test_a_bad_body_with_the_secret_is_400_and_logged_without_its_content(
    port: int, body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    assert await _post(port, _headers(len(body)), body) == 400
    assert "webhook" in caplog.text and "refused" in caplog.text
    assert "secret-content" not in caplog.text and "update_id" not in caplog.text


async def test_a_good_update_is_still_accepted(port: int, fake_bot_api: FakeBotApi) -> None:
    update = fake_bot_api.private_message("/help")
    assert await fake_bot_api.adeliver_webhook(update) == 200
    await fake_bot_api.await_for("sendMessage", lambda p: True, timeout=10)
