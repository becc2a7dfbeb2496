"""Fixtures of the bot tests: the seed corpus, settings, and the real application wired to
a RecordingRequest (handler level) or to a FakeBotApi server (end to end)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application, ContextTypes

from bot.app import build_application
from bot.config import AnswerSettings, LimitSettings, Secret, Settings, TelegramSettings
from index.build import build_index
from index.corpus import Corpus
from tests.support.fixtures import fake_bot_api, recording_request
from tests.support.recording_request import RecordingRequest

__all__ = ["fake_bot_api", "recording_request"]

TOKEN = "123:TEST"
ADMIN = 4242
BOT_USERNAME = "corpus_test_bot"

App = Application[Any, Any, Any, Any, Any, Any]

# Articles whose metadata needs escaping: HTML in titles and names, & in URLs, a fragment.
TRICKY = {
    "tricky/q-and-a.md": """---
title: "Q&A: <NAM> \\"summit\\" & more"
url: "https://example.org/a?x=1&y=<2>#top"
published: 2021-03-04
author: "<b>Ann</b> & Bob"
source: "Tom & Jerry's <Gazette>"
---
The zebra summit of 2021 agreed that 3 < 4 & 5 > 2, and on other matters.

Everyone at the zebra summit said the zebra crossing rules were a success.
""",
    "tricky/no-url.md": """---
title: "Plain <title> without a link"
---
The zebra parade took place in May 2020 without any trouble.
""",
}


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    """PTB 22 warns when it builds RetryAfter (after a 429) unless PTB_TIMEDELTA is set."""
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture(scope="session")
def corpus(seed_index: tuple[Path, Path]) -> Corpus:
    """The seed corpus (content/ of the repository), indexed once per session."""
    content, index = seed_index
    return Corpus(content, index)


@pytest.fixture(scope="session")
def tricky_corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """A two-article corpus whose titles, names and URLs need escaping."""
    root = tmp_path_factory.mktemp("tricky")
    for name, text in TRICKY.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    build_index(root / "content", root / "index")
    return Corpus(root / "content", root / "index")


def make_settings(corpus: Corpus, **changes: Any) -> Settings:
    """Settings for tests: the test token, one admin, a question limit out of the way."""
    settings = Settings(
        content=corpus.content_dir,
        index=corpus.index_dir,
        admins=frozenset({ADMIN}),
        telegram=TelegramSettings(token=Secret(TOKEN)),
        limits=LimitSettings(questions=1000, per_seconds=60),
        # "typing…" at once, so that tests see it whatever the answer's speed
        answers=AnswerSettings(typing_after_ms=0),
        # content/ is not watched unless a test says so (tests/bot/test_watch.py)
        watch="off",
    )
    return replace(settings, **changes)


@pytest.fixture
def settings(corpus: Corpus) -> Settings:
    """Settings for the seed corpus."""
    return make_settings(corpus)


class Harness:
    """The application under test, its recording request, and the errors it raised."""

    def __init__(self, app: App, rec: RecordingRequest) -> None:
        self.app = app
        self.rec = rec
        self.errors: list[BaseException] = []

    async def send(self, update: dict[str, Any]) -> None:
        """Process one update (a dict from the RecordingRequest builders)."""
        await self.rec.process(self.app, update)

    def texts(self, method: str = "sendMessage") -> list[str]:
        """The text of every call of `method`."""
        return [str(call.get("text")) for call in self.rec.calls(method)]

    def chat_messages(self, chat_id: int) -> list[dict[str, Any]]:
        """The bot's messages in a chat as Telegram stores them."""
        return self.rec.sent_messages(chat_id)


async def record_errors(harness: Harness) -> None:
    async def record(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        if context.error is not None:
            harness.errors.append(context.error)

    harness.app.add_error_handler(record)


async def open_harness(settings: Settings, corpus: Corpus, rec: RecordingRequest) -> Harness:
    """Build the application as production does, on the recording request."""
    harness = Harness(build_application(settings, corpus, request=rec), rec)
    await record_errors(harness)
    return harness


@pytest.fixture
async def bot(
    settings: Settings, corpus: Corpus, recording_request: RecordingRequest
) -> AsyncIterator[Harness]:
    """The real application on a RecordingRequest, initialized and post_init run.

    After the test: no handler raised, and Telegram accepted every call.
    """
    harness = await open_harness(settings, corpus, recording_request)
    async with harness.app:
        await harness.app.post_init(harness.app)  # type: ignore[misc]
        yield harness
        await harness.app.post_shutdown(harness.app)  # type: ignore[misc]
    assert harness.errors == []
    assert [(c.method, c.error) for c in recording_request.errors()] == []


def keyboard(message: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, callback data) of every button of a message or sendMessage call."""
    markup = message.get("reply_markup") or {}
    return [
        (button["text"], button.get("callback_data", ""))
        for row in markup.get("inline_keyboard", [])
        for button in row
    ]


def button(message: dict[str, Any], label: str) -> str:
    """The callback data of the button labelled `label`."""
    found = [data for text, data in keyboard(message) if text == label]
    assert found, f"no button {label!r} in {keyboard(message)}"
    return found[0]


def update_of(update: Update | dict[str, Any]) -> dict[str, Any]:
    """The dict form of an update."""
    return update if isinstance(update, dict) else update.to_dict()
