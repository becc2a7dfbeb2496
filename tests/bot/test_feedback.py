"""👍 / 👎 under answers, /stats's share of 👎, and /feedback (the kept questions), through the
real application on a RecordingRequest."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot import texts
from bot.config import FeedbackSettings
from bot.feedback_store import feedback_path
from index.corpus import Corpus
from tests.bot.conftest import ADMIN, Harness, button, make_settings, open_harness
from tests.support.recording_request import RecordingRequest
from tests.support.telegram_rules import parse_html

QUESTION = "When did Azerbaijan join the Non-Aligned Movement?"
UNANSWERED = "What is the capital of France?"
READER = 5150
OTHER = 6160


@pytest.fixture
def own_index(tmp_path: Path, seed_index: tuple[Path, Path]) -> Corpus:
    """The seed corpus with its index reached from tmp_path, so feedback.json lands there."""
    (tmp_path / "index").symlink_to(seed_index[1], target_is_directory=True)
    return Corpus(seed_index[0], tmp_path / "index")


async def _open(corpus: Corpus, rec: RecordingRequest, *, keep: bool) -> Harness:
    settings = make_settings(corpus, feedback=FeedbackSettings(keep_questions=keep))
    settings = replace(settings, answers=replace(settings.answers, page_size=1))
    return await open_harness(settings, corpus, rec)


@pytest.fixture
async def keeping(
    own_index: Corpus, recording_request: RecordingRequest
) -> AsyncIterator[Harness]:
    """The bot with feedback.keep_questions on; /feedback pages of one question."""
    harness = await _open(own_index, recording_request, keep=True)
    async with harness.app:
        yield harness
    assert harness.errors == []
    assert [(c.method, c.error) for c in recording_request.errors()] == []


def text_of(message: dict[str, Any]) -> str:
    return parse_html(message["text"]).text


async def ask(bot: Harness, text: str, user_id: int = READER) -> dict[str, Any]:
    await bot.send(bot.rec.private_message(text, user_id=user_id))
    return bot.rec.sent_messages(user_id)[-1]


async def press(bot: Harness, label: str, message: dict[str, Any], user_id: int = READER) -> str:
    """Press the button `label` of `message` as `user_id`; the toast shown."""
    await bot.send(bot.rec.callback_query(button(message, label), message, user_id=user_id))
    return str(bot.rec.last("answerCallbackQuery").get("text"))


async def test_votes_count_once_per_reader_and_stats_show_the_share(bot: Harness) -> None:
    answer = await ask(bot, QUESTION)
    assert button(answer, "👍").startswith("fb|u|") and button(answer, "👎").startswith("fb|d|")
    assert await press(bot, "👍", answer) == texts.VOTE_UP
    assert await press(bot, "👍", answer) == texts.VOTE_AGAIN  # pressed twice: counted once
    assert await press(bot, "👎", answer) == texts.VOTE_CHANGED  # the vote moves
    assert await press(bot, "👎", answer) == texts.VOTE_AGAIN
    assert await press(bot, "👍", answer, user_id=OTHER) == texts.VOTE_UP
    assert bot.rec.calls("editMessageText") == []  # a vote changes no message
    stats = text_of(await ask(bot, "/stats", user_id=ADMIN))
    assert stats.endswith("Feedback: 1 👍, 1 👎 (50% 👎)")


async def test_votes_on_another_page_of_the_answer_count_apart(bot: Harness) -> None:
    answer = await ask(bot, "Who chaired the Non-Aligned Movement?")
    assert await press(bot, "👎", answer) == texts.VOTE_DOWN
    await press(bot, "More passages", answer)
    page2 = bot.rec.sent_messages(READER)[-1]
    assert "fb|d|" in button(page2, "👎") and button(page2, "👎").endswith("|2")
    assert await press(bot, "👎", page2) == texts.VOTE_DOWN
    stats = text_of(await ask(bot, "/stats", user_id=ADMIN))
    assert stats.endswith("Feedback: 0 👍, 2 👎 (100% 👎)")


async def test_no_answer_has_no_vote_buttons(bot: Harness) -> None:
    assert "reply_markup" not in await ask(bot, UNANSWERED)


async def test_keep_questions_off_keeps_nothing(
    own_index: Corpus, recording_request: RecordingRequest
) -> None:
    harness = await _open(own_index, recording_request, keep=False)
    async with harness.app:
        answer = await ask(harness, QUESTION)
        assert await press(harness, "👎", answer) == texts.VOTE_DOWN
        await ask(harness, UNANSWERED)
        shown = text_of(await ask(harness, "/feedback", user_id=ADMIN))
    assert shown == f"📝 {texts.FEEDBACK_TITLE}\n{texts.FEEDBACK_OFF}"
    assert not feedback_path(own_index.index_dir).exists()
    assert harness.errors == []


async def test_feedback_pages_the_missed_questions_with_their_passages(keeping: Harness) -> None:
    assert text_of(await ask(keeping, "/feedback", user_id=ADMIN)).endswith(texts.FEEDBACK_NONE)
    await ask(keeping, UNANSWERED)
    answer = await ask(keeping, QUESTION)
    assert await press(keeping, "👎", answer) == texts.VOTE_DOWN_KEPT
    first = await ask(keeping, "/feedback", user_id=ADMIN)
    shown = text_of(first)
    assert shown.startswith("📝 Questions readers missed\n2 questions · page 1 of 2\n")
    assert f"1. {QUESTION}\n👎 · " in shown
    assert "— apa-2020-05-05-role-of-non-aligned-movement-increases.md: “In 2011," in shown
    await keeping.send(keeping.rec.callback_query(button(first, "Next ›"), first, user_id=ADMIN))
    second = keeping.rec.sent_messages(ADMIN)[-1]
    assert second["message_id"] == first["message_id"]  # the page is edited in place
    assert f"2. {UNANSWERED}\nno answer · " in text_of(second)
    assert button(second, "‹ Prev") == "fbl|1"


async def test_feedback_is_for_admins_only(keeping: Harness) -> None:
    await ask(keeping, UNANSWERED)
    refused = text_of(await ask(keeping, "/feedback"))
    assert refused == texts.NOT_ADMIN.format(command="feedback")
    page = await ask(keeping, "/feedback", user_id=ADMIN)
    await keeping.send(keeping.rec.callback_query("fbl|1", page, user_id=READER))
    notice = keeping.rec.last("answerCallbackQuery")["text"]
    assert notice == texts.NOT_ADMIN.format(command="feedback")
    assert keeping.rec.calls("editMessageText") == []


async def test_kept_questions_survive_a_restart_without_user_ids(
    keeping: Harness, own_index: Corpus
) -> None:
    await ask(keeping, UNANSWERED)
    answer = await ask(keeping, QUESTION)
    await press(keeping, "👎", answer)
    path = feedback_path(own_index.index_dir)
    raw = path.read_text("utf-8")
    assert str(READER) not in raw and "chat" not in raw and "user" not in raw
    records = json.loads(raw)["questions"]
    assert [(r["question"], r["reason"]) for r in records] == [
        (UNANSWERED, "unanswered"),
        (QUESTION, "down"),
    ]
    assert records[1]["passages"][0]["quote"].startswith("In 2011, when quite serious")
    rec = RecordingRequest()
    restarted = await _open(own_index, rec, keep=True)
    async with restarted.app:
        shown = text_of(await ask(restarted, "/feedback", user_id=ADMIN))
    assert shown.startswith("📝 Questions readers missed\n2 questions")
    assert restarted.errors == []


async def test_every_button_fits_in_64_bytes(bot: Harness) -> None:
    long = "When did Azerbaijan join the Non-Aligned Movement " + "and why " * 20 + "?"
    answer = await ask(bot, long)
    markup = answer["reply_markup"]["inline_keyboard"]
    data = [b["callback_data"] for row in markup for b in row]
    assert data and all(len(d.encode()) <= 64 for d in data)
