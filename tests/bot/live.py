"""The bot as `corpusbot run` starts it, on its own copy of the indexed seed corpus, against
the fake Bot API server on 127.0.0.1, by polling or by webhook (for the end-to-end tests of
watched content, /add <link> and feeds)."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bot.app import ALLOWED_UPDATES, App, build_application
from bot.config import Secret, Settings, TelegramSettings
from index.corpus import Corpus
from tests.bot.conftest import ADMIN, TOKEN, make_settings
from tests.support.fake_bot_api import FakeBotApi
from tests.support.serving import free_port, running
from tests.support.telegram_rules import parse_html

SECRET = "live-secret_42"
READER = 5150


@dataclass
class Live:
    """The running bot: the fake server, its corpus and application, how to deliver."""

    fake: FakeBotApi
    corpus: Corpus
    app: App
    webhook: bool

    async def deliver(self, update: dict[str, Any]) -> None:
        """Send an update the way the mode receives it."""
        if self.webhook:
            assert await self.fake.adeliver_webhook(update) == 200
        else:
            self.fake.push_update(update)

    async def reply_to(self, update: dict[str, Any], count: int = 1) -> str:
        """Deliver `update`; the text of the `count`-th message then sent in its chat."""
        chat = update["message"]["chat"]["id"]
        before = len(self.sent_to(chat))
        await self.deliver(update)
        call = await self.fake.await_for(
            "sendMessage", lambda p: p["chat_id"] == chat, timeout=20, count=before + count
        )
        return parse_html(call["text"]).text

    async def ask(self, question: str) -> str:
        """A reader's question in a private chat, and the answer's text."""
        return await self.reply_to(self.fake.private_message(question, user_id=READER))

    async def edited(self, predicate: Callable[[str], bool]) -> str:
        """The text of the first edit whose text matches."""
        call = await self.fake.await_for(
            "editMessageText", lambda p: predicate(parse_html(p["text"]).text), timeout=30
        )
        return parse_html(call["text"]).text

    def sent_to(self, chat: int) -> list[str]:
        """The texts of the messages sent to `chat` so far."""
        return [
            parse_html(p["text"]).text
            for p in self.fake.calls("sendMessage")
            if p["chat_id"] == chat
        ]

    def admin_messages(self) -> list[str]:
        """What the admin's private chat got so far."""
        return self.sent_to(ADMIN)


@contextlib.asynccontextmanager
async def live_bot(
    tmp_path: Path,
    seed_index: tuple[Path, Path],
    fake: FakeBotApi,
    mode: str,
    change: Callable[[Settings], Settings] = lambda s: s,
    *,
    copy: bool = True,
) -> AsyncIterator[Live]:
    """The bot running in `mode` ("polling" or "webhook") on tmp_path/content and
    tmp_path/index (copied from the seed corpus unless `copy` is False: a restart), its
    settings passed through `change`. After it: no handler raised, no call rejected."""
    if copy:
        shutil.copytree(seed_index[0], tmp_path / "content")
        shutil.copytree(
            seed_index[1], tmp_path / "index", ignore=shutil.ignore_patterns("build.lock")
        )
    corpus = Corpus(tmp_path / "content", tmp_path / "index")
    webhook = mode == "webhook"
    port = free_port() if webhook else None
    telegram = TelegramSettings(
        token=Secret(TOKEN),
        base_url=fake.base_url,
        base_file_url=fake.base_file_url,
        webhook_url=f"http://127.0.0.1:{port}/telegram" if webhook else None,
    )
    settings = change(replace(make_settings(corpus), telegram=telegram))
    app = build_application(settings, corpus)
    errors: list[BaseException] = []

    async def record(update: object, context: Any) -> None:
        errors.append(context.error)

    app.add_error_handler(record)
    async with running(app, port, secret=SECRET, allowed_updates=ALLOWED_UPDATES):
        yield Live(fake, corpus, app, webhook)
    assert errors == []
    assert [(c.method, c.error) for c in fake.errors()] == []
