"""The error handler (log, tell admins, apologise) and the per-user question limit."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot import texts
from bot.config import LimitSettings, Settings
from bot.service import CorpusService
from bot.throttle import QuestionLimit
from index.corpus import Corpus
from tests.bot.conftest import ADMIN, TOKEN, Harness, make_settings, open_harness
from tests.support.recording_request import RecordingRequest
from tests.support.telegram_rules import parse_html


async def test_a_handler_error_is_logged_admins_told_and_user_apologised_to(
    bot: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(self: CorpusService, question: str, limit: int) -> Any:
        raise RuntimeError("index <exploded> & burned")

    monkeypatch.setattr(CorpusService, "ask", broken)
    update = bot.rec.private_message("What is NAM?")
    with caplog.at_level(logging.ERROR):
        await bot.send(update)
    assert len(bot.errors) == 1
    bot.errors.clear()
    (record,) = [r for r in caplog.records if r.name == "bot.handlers.errors"]
    assert record.exc_info is not None
    to_admin, to_user = bot.rec.calls("sendMessage")
    assert to_admin["chat_id"] == ADMIN
    assert parse_html(to_admin["text"]).text == (
        "corpusbot error while handling message "
        f"{update['update_id']} in a private chat: RuntimeError: index <exploded> & burned"
    )
    assert to_user["chat_id"] == 1001
    assert parse_html(to_user["text"]).text == texts.APOLOGY


async def test_admins_are_told_once_per_kind_of_error(
    bot: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(self: CorpusService, question: str, limit: int) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(CorpusService, "ask", broken)
    for _ in range(3):
        await bot.send(bot.rec.private_message("What is NAM?"))
    bot.errors.clear()
    assert [c["chat_id"] for c in bot.rec.calls("sendMessage")].count(ADMIN) == 1
    assert [c["chat_id"] for c in bot.rec.calls("sendMessage")].count(1001) == 3


async def test_a_missing_index_tells_the_user_the_corpus_is_not_ready(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    corpus = Corpus(tmp_path / "content", tmp_path / "index")
    rec = RecordingRequest()
    harness = await open_harness(make_settings(corpus), corpus, rec)
    async with harness.app:
        await harness.send(rec.private_message("What is NAM?"))
    assert [type(e).__name__ for e in harness.errors] == ["IndexMissing"]
    texts_sent = {c["chat_id"]: parse_html(c["text"]).text for c in rec.calls("sendMessage")}
    assert texts_sent[1001] == texts.CORPUS_UNAVAILABLE
    assert "no index at" in texts_sent[ADMIN]
    assert str(tmp_path) not in texts_sent[1001]


async def test_the_question_limit_warns_once_then_stays_quiet(
    settings: Settings, corpus: Corpus
) -> None:
    limited = replace(settings, limits=LimitSettings(questions=2, per_seconds=60))
    rec = RecordingRequest()
    harness = await open_harness(limited, corpus, rec)
    async with harness.app:
        for _ in range(5):
            await harness.send(rec.private_message("What is NAM?"))
    assert harness.errors == []
    sent = [parse_html(c["text"]).text for c in rec.calls("sendMessage")]
    assert len(sent) == 3
    assert sent[2].startswith("You are asking faster than I can read. Please wait ")


def test_the_limit_is_a_sliding_window() -> None:
    now = [0.0]
    limit = QuestionLimit(2, 60, clock=lambda: now[0])
    assert limit.wait(1) == 0
    now[0] = 30
    assert limit.wait(1) == 0
    assert limit.wait(1) == 30
    assert limit.wait(2) == 0
    now[0] = 60.5
    assert limit.wait(1) == 0
    assert QuestionLimit(0, 60).wait(1) == 0


def test_the_token_is_not_in_settings_repr(settings: Settings) -> None:
    assert TOKEN not in repr(settings)


async def test_an_answer_is_never_dropped_for_flood_control(
    settings: Settings, corpus: Corpus
) -> None:
    # Issue 12, item 10: Telegram answered 429 more often than the limiter's 3 retries, and
    # the user got "Sorry, something went wrong" instead of the answer.
    rec = RecordingRequest(TOKEN)
    harness = await open_harness(settings, corpus, rec)
    async with harness.app:
        rec.fail_next("sendMessage", times=6, retry_after=0.01)
        await harness.send(rec.private_message("/sources"))
    assert harness.errors == []
    assert [call.status for call in rec.errors("sendMessage")] == [429] * 6
    (sent,) = [str(text) for text in rec.results("sendMessage")]
    assert "Non-Aligned Movement" in sent and texts.APOLOGY not in sent


def test_updates_wait_in_a_bounded_queue(settings: Settings, corpus: Corpus) -> None:
    # While answers wait for flood control, updates queue up to a bound; beyond it the bot
    # stops taking updates (polling pauses, webhook deliveries wait) until there is room.
    from bot.app import UPDATE_QUEUE_MAX, build_application

    app = build_application(settings, corpus, request=RecordingRequest(TOKEN))
    assert app.update_queue.maxsize == UPDATE_QUEUE_MAX > 0
