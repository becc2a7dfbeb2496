"""Handlers in a private chat, through the real application on a RecordingRequest."""

from __future__ import annotations

import asyncio
import logging
import re

import pytest

from bot import callbacks, texts
from bot.app import COMMANDS
from bot.config import AnswerSettings
from bot.conversation import Conversation, Reply
from index.corpus import Corpus
from tests.bot.conftest import TOKEN, Harness, button, keyboard, make_settings, open_harness
from tests.support.recording_request import RecordingRequest
from tests.support.telegram_rules import parse_html

QUESTION = "When did Azerbaijan join the Non-Aligned Movement?"


async def test_post_init_sets_the_command_menu_from_the_command_table(bot: Harness) -> None:
    (call,) = [c for c in bot.rec.calls("setMyCommands") if "scope" not in c]
    assert [c["command"] for c in call["commands"]] == [c.name for c in COMMANDS]
    assert [c["command"] for c in call["commands"]] == [
        "start",
        "help",
        "ask",
        "dates",
        "search",
        "sources",
        "new",
    ]


async def test_start_shows_coverage_and_example_questions(bot: Harness) -> None:
    await bot.send(bot.rec.private_message("/start"))
    call = bot.rec.last("sendMessage")
    text = parse_html(call["text"]).text
    assert "The corpus holds 2 articles" in text
    assert "1961, 1991, 2011" in text
    labels = [label for label, _ in keyboard(call)]
    assert labels[-2:] == ["Key dates", "Sources"]
    examples = [data for _, data in keyboard(call) if data.startswith("ask|")]
    assert examples and all(len(d.encode()) <= 64 for d in examples)


async def test_start_with_a_payload_asks_it(bot: Harness) -> None:
    await bot.send(bot.rec.private_message("/start What_is_NAM"))
    text = bot.rec.last("sendMessage")["text"]
    assert text.startswith("❓ <i>What is NAM</i>")
    assert "<blockquote>" in text


async def test_start_help_payload_shows_help(bot: Harness) -> None:
    await bot.send(bot.rec.private_message("/start help"))
    assert bot.rec.last("sendMessage")["text"].startswith("<b>How to use this bot</b>")


async def test_a_question_is_answered_with_quotes_links_and_buttons(bot: Harness) -> None:
    await bot.send(bot.rec.private_message(QUESTION))
    methods = [c.method for c in bot.rec.history if c.method in ("sendChatAction", "sendMessage")]
    assert methods == ["sendChatAction", "sendMessage"]
    assert bot.rec.last("sendChatAction")["action"] == "typing"
    call = bot.rec.last("sendMessage")
    assert call["parse_mode"] == "HTML"
    assert "reply_parameters" not in call  # private chat: no quote of a short question
    html_text = call["text"]
    assert html_text.startswith(f"❓ <i>{QUESTION}</i>\n\n<blockquote>")
    assert "In 2011, when quite serious geopolitical processes were taking place" in html_text
    assert "<b>joined</b> the <b>Non-Aligned Movement</b>" in html_text
    assert '<a href="https://apa.az/en/politics_of_azerbaijan/' in html_text
    assert "#:~:text=In%202011%2C%20when%20quite,joined%20the%20Non%2DAligned%20Movement." in (
        html_text
    )
    assert "· APA · Zaur Mammadov · 5 May 2020" in html_text
    labels = [label for label, _ in keyboard(call)]
    assert labels[-4:] == ["Key dates", "Sources", "👍", "👎"]
    key = callbacks.text_key(QUESTION)
    assert button(call, "Key dates") == f"dates|{key}|1"


async def test_no_answer_is_one_line_without_buttons(bot: Harness) -> None:
    await bot.send(bot.rec.private_message("xyzzy plugh"))
    call = bot.rec.last("sendMessage")
    assert call["text"] == "The corpus does not say."
    assert keyboard(call) == []


async def test_a_typo_gets_a_did_you_mean_button_that_answers(bot: Harness) -> None:
    await bot.send(bot.rec.private_message("Azirbajian summmit"))
    sent = bot.rec.sent_messages(1001)[-1]
    assert sent["text"] == "The corpus does not say."
    (label, data) = keyboard(sent)[0]
    assert label.startswith("Did you mean: ")
    assert data.startswith("ask|")
    await bot.send(bot.rec.callback_query(data, sent))
    edited = bot.rec.last("editMessageText")
    assert edited["message_id"] == sent["message_id"]
    assert edited["text"].startswith("❓ <i>")
    assert "<blockquote>" in edited["text"]


async def test_ask_command_and_its_usage(bot: Harness) -> None:
    await bot.send(bot.rec.private_message("/ask"))
    assert bot.rec.last("sendMessage")["text"].startswith("Send your question after the command")
    await bot.send(bot.rec.private_message(f"/ask {QUESTION}"))
    assert bot.rec.last("sendMessage")["text"].startswith(f"❓ <i>{QUESTION}</i>")


async def test_a_long_question_is_quoted_so_buttons_can_find_it(bot: Harness) -> None:
    question = "Non-Aligned Movement " * 20
    await bot.send(bot.rec.private_message(question))
    call = bot.rec.last("sendMessage")
    assert call["reply_parameters"]["message_id"] == 1
    assert "…</i>" in call["text"]


async def test_dates_paged_with_buttons_that_edit_the_message(bot: Harness) -> None:
    await bot.send(bot.rec.private_message("/dates"))
    first = bot.rec.sent_messages(1001)[-1]
    assert first["text"].startswith("🗓 Key dates\npage 1 of ")
    assert [label for label, _ in keyboard(first)] == ["Next ›"]
    await bot.send(bot.rec.callback_query(button(first, "Next ›"), first))
    page2 = bot.rec.sent_messages(1001)[-1]
    assert page2["message_id"] == first["message_id"]
    assert page2["text"].startswith("🗓 Key dates\npage 2 of ")
    assert "‹ Prev" in [label for label, _ in keyboard(page2)]
    await bot.send(bot.rec.callback_query(button(page2, "‹ Prev"), page2))
    assert bot.rec.sent_messages(1001)[-1]["text"] == first["text"]


async def test_dates_of_a_year(bot: Harness) -> None:
    await bot.send(bot.rec.private_message("/dates 2019"))
    text = parse_html(bot.rec.last("sendMessage")["text"]).text
    assert text.startswith("🗓 Key dates: 2019")
    assert "October 2019" in text
    assert "1961" not in text


async def test_dates_of_an_unknown_topic_offer_all_dates(bot: Harness) -> None:
    await bot.send(bot.rec.private_message("/dates xyzzy"))
    call = bot.rec.last("sendMessage")
    assert parse_html(call["text"]).text == "🗓 Key dates: xyzzy\n\nNo key dates found for “xyzzy”."
    assert [label for label, _ in keyboard(call)] == ["All dates"]


async def test_search_with_syntax_and_usage(bot: Harness) -> None:
    await bot.send(bot.rec.private_message("/search"))
    assert bot.rec.last("sendMessage")["text"].startswith("Send keywords after the command")
    await bot.send(bot.rec.private_message('/search "Baku Summit" AND (Karabakh OR Garabagh)'))
    text = bot.rec.last("sendMessage")["text"]
    assert text.startswith("🔎 <b>Search: &quot;Baku Summit&quot; AND (Karabakh OR Garabagh)</b>")
    assert "<b>Baku Summit</b>" in text


async def test_search_pages(bot: Harness) -> None:
    await bot.send(bot.rec.private_message("/search Non-Aligned"))
    first = bot.rec.sent_messages(1001)[-1]
    assert "page 1 of " in first["text"]
    await bot.send(bot.rec.callback_query(button(first, "Next ›"), first))
    assert "page 2 of " in bot.rec.sent_messages(1001)[-1]["text"]


async def test_sources_list_links(bot: Harness) -> None:
    await bot.send(bot.rec.private_message("/sources"))
    text = bot.rec.last("sendMessage")["text"]
    assert text.startswith("📚 <b>Sources</b>\n2 articles")
    assert '<a href="https://apa.az/' in text
    assert "<b>Azerbaijan Leads Non-Aligned Movement</b>" in text


async def test_unknown_commands_get_a_hint(bot: Harness) -> None:
    await bot.send(bot.rec.private_message("/frobnicate"))
    assert parse_html(bot.rec.last("sendMessage")["text"]).text == texts.UNKNOWN_COMMAND


async def test_edited_messages_are_not_answered_again(bot: Harness) -> None:
    update = bot.rec.private_message(QUESTION)
    update["edited_message"] = update.pop("message")
    await bot.send(update)
    assert bot.rec.calls("sendMessage") == []


async def test_one_log_line_per_answer_without_question_or_token(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        await bot.send(bot.rec.private_message(QUESTION))
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.handlers"]
    assert len(lines) == 1
    assert re.fullmatch(
        r"answered chat=private command=ask latency_ms=\d+ passages=[1-3]", lines[0]
    )
    assert QUESTION not in caplog.text
    assert TOKEN not in caplog.text


async def test_the_question_is_logged_at_debug(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="bot.handlers"):
        await bot.send(bot.rec.private_message(QUESTION))
    assert QUESTION in caplog.text


async def _answer_calls(corpus: Corpus, rec: RecordingRequest, typing_after_ms: int) -> list[str]:
    settings = make_settings(corpus, answers=AnswerSettings(typing_after_ms=typing_after_ms))
    harness = await open_harness(settings, corpus, rec)
    async with harness.app:
        await harness.send(rec.private_message(QUESTION))
    assert harness.errors == []
    return [c.method for c in rec.history if c.method in ("sendChatAction", "sendMessage")]


async def test_a_fast_answer_spends_no_call_on_typing(
    corpus: Corpus, recording_request: RecordingRequest
) -> None:
    assert await _answer_calls(corpus, recording_request, typing_after_ms=2000) == ["sendMessage"]


async def test_a_slow_answer_shows_typing_first(
    corpus: Corpus, recording_request: RecordingRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = Conversation.answer

    async def slow_answer(
        self: Conversation, question: str, page: int = 1, typed: str = ""
    ) -> Reply:
        await asyncio.sleep(0.3)
        return await answer(self, question, page, typed=typed)

    monkeypatch.setattr(Conversation, "answer", slow_answer)
    assert await _answer_calls(corpus, recording_request, typing_after_ms=20) == [
        "sendChatAction",
        "sendMessage",
    ]
