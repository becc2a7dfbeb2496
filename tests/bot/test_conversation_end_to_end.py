"""A conversation that follows, end to end: the application as `corpusbot run` builds it, over
HTTP against the fake Bot API server on 127.0.0.1, by long polling and by webhook: a follow-up
read with the previous question, 👍 / 👎 counted, /stats's share, /feedback paged for admins,
and nothing kept with feedback.keep_questions off."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from bot import texts
from bot.app import ALLOWED_UPDATES, build_application
from bot.config import FeedbackSettings, Secret, TelegramSettings
from bot.feedback_store import feedback_path
from index.corpus import Corpus
from tests.bot.conftest import ADMIN, TOKEN, button, make_settings
from tests.support.fake_bot_api import FakeBotApi
from tests.support.serving import free_port, running
from tests.support.telegram_rules import parse_html

SECRET = "conversation-secret_7"
QUESTION = "When did Azerbaijan join the Non-Aligned Movement?"
UNANSWERED = "What is the capital of France?"
READER = 5150


@dataclass
class Live:
    """The running bot and the fake server."""

    fake: FakeBotApi
    corpus: Corpus
    webhook: bool

    async def deliver(self, update: dict[str, Any]) -> None:
        if self.webhook:
            assert await self.fake.adeliver_webhook(update) == 200
        else:
            self.fake.push_update(update)

    async def say(self, text: str, user_id: int = READER) -> dict[str, Any]:
        """Send `text` in the user's private chat; the bot's message in reply (as sent)."""
        return await self._after(self.fake.private_message(text, user_id=user_id), user_id)

    async def press(self, data: str, message: dict[str, Any], user_id: int = READER) -> str:
        """Press a button; the text of the answer to the press (a toast) or ""."""
        before = len(self.fake.calls("answerCallbackQuery"))
        await self.deliver(self.fake.callback_query(data, message, user_id=user_id))
        call = await self.fake.await_for("answerCallbackQuery", timeout=20, count=before + 1)
        return str(call.get("text") or "")

    async def _after(self, update: dict[str, Any], chat: int) -> dict[str, Any]:
        in_chat: Callable[[dict[str, Any]], bool] = lambda p: p["chat_id"] == chat  # noqa: E731
        before = len([p for p in self.fake.calls("sendMessage") if in_chat(p)])
        await self.deliver(update)
        call = await self.fake.await_for("sendMessage", in_chat, timeout=20, count=before + 1)
        return dict(call.result)


def text_of(message: dict[str, Any]) -> str:
    return parse_html(message["text"]).text


async def _live(
    request: pytest.FixtureRequest, corpus: Corpus, fake: FakeBotApi, keep: bool
) -> AsyncIterator[Live]:
    webhook = request.param == "webhook"
    port = free_port() if webhook else None
    telegram = TelegramSettings(
        token=Secret(TOKEN),
        base_url=fake.base_url,
        base_file_url=fake.base_file_url,
        webhook_url=f"http://127.0.0.1:{port}/telegram" if webhook else None,
    )
    settings = make_settings(corpus, feedback=FeedbackSettings(keep_questions=keep))
    settings = replace(settings, telegram=telegram, answers=replace(settings.answers, page_size=1))
    app = build_application(settings, corpus)
    errors: list[BaseException] = []

    async def record(update: object, context: Any) -> None:
        errors.append(context.error)

    app.add_error_handler(record)
    async with running(app, port, secret=SECRET, allowed_updates=ALLOWED_UPDATES):
        yield Live(fake, corpus, webhook)
    assert errors == []
    assert [(c.method, c.error) for c in fake.errors() if c.status != 429] == []


@pytest.fixture
def own_index(tmp_path: Path, seed_index: tuple[Path, Path]) -> Corpus:
    """The seed corpus with its index reached from tmp_path (feedback.json lands there)."""
    (tmp_path / "index").symlink_to(seed_index[1], target_is_directory=True)
    return Corpus(seed_index[0], tmp_path / "index")


@pytest.fixture(params=["polling", "webhook"])
async def keeping(
    request: pytest.FixtureRequest, own_index: Corpus, fake_bot_api: FakeBotApi
) -> AsyncIterator[Live]:
    async for live in _live(request, own_index, fake_bot_api, keep=True):
        yield live


@pytest.fixture(params=["polling", "webhook"])
async def not_keeping(
    request: pytest.FixtureRequest, own_index: Corpus, fake_bot_api: FakeBotApi
) -> AsyncIterator[Live]:
    async for live in _live(request, own_index, fake_bot_api, keep=False):
        yield live


async def test_a_follow_up_is_read_with_the_previous_question(keeping: Live) -> None:
    await keeping.say(QUESTION)
    answer = await keeping.say("and why?")
    lines = text_of(answer).split("\n")
    assert lines[:2] == [
        "❓ and why?",
        "Taking this as: why did Azerbaijan join the Non-Aligned Movement?",
    ]
    await keeping.say("/new")
    assert text_of(await keeping.say("why?")) == texts.NO_ANSWER


async def test_votes_stats_and_feedback_pages(keeping: Live) -> None:
    await keeping.say(UNANSWERED)
    answer = await keeping.say(QUESTION)
    assert await keeping.press(button(answer, "👍"), answer) == texts.VOTE_UP
    assert await keeping.press(button(answer, "👍"), answer) == texts.VOTE_AGAIN
    assert await keeping.press(button(answer, "👎"), answer) == texts.VOTE_CHANGED
    assert await keeping.press(button(answer, "👍"), answer, user_id=7007) == texts.VOTE_UP
    stats = text_of(await keeping.say("/stats", user_id=ADMIN))
    assert stats.endswith("Feedback: 1 👍, 1 👎 (50% 👎)")
    refused = text_of(await keeping.say("/feedback"))
    assert refused == texts.NOT_ADMIN.format(command="feedback")
    page = await keeping.say("/feedback", user_id=ADMIN)
    assert text_of(page).startswith(f"📝 {texts.FEEDBACK_TITLE}\n2 questions · page 1 of 2\n\n1. ")
    assert await keeping.press(button(page, "Next ›"), page, user_id=ADMIN) == ""
    edit = await keeping.fake.await_for("editMessageText", timeout=20)
    assert f"2. {UNANSWERED}\nno answer · " in parse_html(edit["text"]).text
    assert feedback_path(keeping.corpus.index_dir).exists()


async def test_keep_questions_off_keeps_nothing(not_keeping: Live) -> None:
    live = not_keeping
    await live.say(UNANSWERED)
    answer = await live.say(QUESTION)
    assert await live.press(button(answer, "👎"), answer) == texts.VOTE_DOWN
    stats = text_of(await live.say("/stats", user_id=ADMIN))
    assert stats.endswith("Feedback: 0 👍, 1 👎 (100% 👎)")
    shown = text_of(await live.say("/feedback", user_id=ADMIN))
    assert shown == f"📝 {texts.FEEDBACK_TITLE}\n{texts.FEEDBACK_OFF}"
    assert not feedback_path(live.corpus.index_dir).exists()
