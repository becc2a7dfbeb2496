"""End to end: the application as `corpusbot run` builds it, over HTTP, against a fake Bot API
server on 127.0.0.1, by long polling and by webhook."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from typing import Any

import pytest

from bot.app import ALLOWED_UPDATES, build_application
from bot.config import Secret, Settings, TelegramSettings
from index.corpus import Corpus
from tests.bot.conftest import BOT_USERNAME, TOKEN, button, make_settings
from tests.support.fake_bot_api import FakeBotApi
from tests.support.serving import free_port, running

QUESTION = "When did Azerbaijan join the Non-Aligned Movement?"
SECRET = "webhook-secret_123"
Deliver = Callable[[dict[str, Any]], Awaitable[None]]


def _settings(corpus: Corpus, fake: FakeBotApi) -> Settings:
    telegram = TelegramSettings(
        token=Secret(TOKEN), base_url=fake.base_url, base_file_url=fake.base_file_url
    )
    return replace(make_settings(corpus), telegram=telegram)


@pytest.fixture(params=["polling", "webhook"])
async def live(
    request: pytest.FixtureRequest, corpus: Corpus, fake_bot_api: FakeBotApi
) -> AsyncIterator[tuple[FakeBotApi, Deliver]]:
    """The bot running against the fake server; yields it and a function delivering updates."""
    app = build_application(_settings(corpus, fake_bot_api), corpus)
    errors: list[BaseException] = []

    async def record(update: object, context: Any) -> None:
        errors.append(context.error)

    app.add_error_handler(record)
    webhook = request.param == "webhook"

    async def deliver(update: dict[str, Any]) -> None:
        if webhook:
            assert await fake_bot_api.adeliver_webhook(update) == 200
        else:
            fake_bot_api.push_update(update)

    async with running(
        app, free_port() if webhook else None, secret=SECRET, allowed_updates=ALLOWED_UPDATES
    ):
        if webhook:
            assert fake_bot_api.webhook_secret_token == SECRET
            assert fake_bot_api.webhook_url.endswith("/telegram")
        yield fake_bot_api, deliver
    assert errors == []
    assert [(c.method, c.error) for c in fake_bot_api.errors() if c.status != 429] == []


def _in_chat(chat_id: int) -> Callable[[dict[str, Any]], bool]:
    return lambda params: params["chat_id"] == chat_id


async def test_private_chat(live: tuple[FakeBotApi, Deliver]) -> None:
    fake, deliver = live
    await deliver(fake.private_message("/start"))
    welcome = await fake.await_for("sendMessage", timeout=10)
    assert "The corpus holds 2 articles" in welcome["text"]
    assert fake.calls("setMyCommands")
    await deliver(fake.private_message(QUESTION))
    answer = await fake.await_for("sendMessage", count=2, timeout=10)
    assert answer["text"].startswith(f"❓ <i>{QUESTION}</i>\n\n<blockquote>")
    assert fake.calls("sendChatAction")[-1]["action"] == "typing"
    message = answer.result
    await deliver(fake.callback_query(button(message, "Key dates"), message))
    dates = await fake.await_for("sendMessage", count=3, timeout=10)
    assert dates["text"].startswith("🗓 <b>Key dates: ")
    await fake.await_for("answerCallbackQuery", timeout=10)


async def test_group_with_privacy_mode(live: tuple[FakeBotApi, Deliver]) -> None:
    fake, deliver = live
    group = -1001111111111
    assert fake.bot_user["can_read_all_group_messages"] is False
    await deliver(fake.group_message("just chatting about NAM", chat_id=group))
    await deliver(
        fake.group_message(f"@{BOT_USERNAME} {QUESTION}", chat_id=group, message_thread_id=3)
    )
    answer = await fake.await_for("sendMessage", _in_chat(group), timeout=10)
    assert answer["message_thread_id"] == 3
    assert answer["text"].startswith(f"❓ <i>{QUESTION}</i>")
    await asyncio.sleep(0.2)
    assert len(fake.calls("sendMessage")) == 1


async def test_channel(live: tuple[FakeBotApi, Deliver]) -> None:
    fake, deliver = live
    channel = -1002222222222
    post = fake.channel_post(f"/ask {QUESTION}", chat_id=channel)
    await deliver(post)
    answer = await fake.await_for("sendMessage", _in_chat(channel), timeout=10)
    assert answer["reply_parameters"]["message_id"] == post["channel_post"]["message_id"]


async def test_inline_query(live: tuple[FakeBotApi, Deliver]) -> None:
    fake, deliver = live
    await deliver(fake.inline_query(QUESTION))
    call = await fake.await_for("answerInlineQuery", timeout=10)
    assert call["results"][0]["input_message_content"]["message_text"].startswith(
        f"❓ <i>{QUESTION}</i>"
    )


async def test_flood_control_is_retried(live: tuple[FakeBotApi, Deliver]) -> None:
    fake, deliver = live
    fake.fail_next("sendMessage", times=1, retry_after=1)
    await deliver(fake.private_message(QUESTION))
    await fake.await_for("sendMessage", lambda p: True, timeout=10, count=2)
    statuses = [c.status for c in fake.history if c.method == "sendMessage"]
    assert statuses == [429, 200]


async def test_webhook_rejects_a_wrong_secret(corpus: Corpus, fake_bot_api: FakeBotApi) -> None:
    app = build_application(_settings(corpus, fake_bot_api), corpus)
    async with running(app, free_port(), secret=SECRET, allowed_updates=ALLOWED_UPDATES):
        status = await fake_bot_api.adeliver_webhook(
            fake_bot_api.private_message(QUESTION), secret_token="wrong"
        )
        await asyncio.sleep(0.1)
    assert status == 403
    assert fake_bot_api.calls("sendMessage") == []
