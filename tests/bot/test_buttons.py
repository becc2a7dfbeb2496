"""Button presses: stateless data read back from the message, across restarts."""

from __future__ import annotations

from bot import texts
from bot.config import Settings
from index.corpus import Corpus
from tests.bot.conftest import Harness, button, keyboard, open_harness
from tests.support.recording_request import RecordingRequest
from tests.support.telegram_rules import parse_html

QUESTION = "What is NAM?"


async def test_more_passages_edits_the_answer_and_pages_back(bot: Harness) -> None:
    await bot.send(bot.rec.private_message(QUESTION))
    answer = bot.rec.sent_messages(1001)[-1]
    await bot.send(bot.rec.callback_query(button(answer, "More passages"), answer))
    page2 = bot.rec.sent_messages(1001)[-1]
    assert page2["message_id"] == answer["message_id"]
    text = page2["text"]
    assert text.startswith(f"❓ {QUESTION}\nPassage")
    assert bot.rec.last("answerCallbackQuery").get("text") is None
    await bot.send(bot.rec.callback_query(button(page2, "Previous"), page2))
    assert bot.rec.sent_messages(1001)[-1]["text"] == answer["text"]


async def test_key_dates_and_sources_are_new_messages(bot: Harness) -> None:
    await bot.send(bot.rec.private_message(QUESTION))
    answer = bot.rec.sent_messages(1001)[-1]
    await bot.send(bot.rec.callback_query(button(answer, "Sources"), answer))
    sources = bot.rec.sent_messages(1001)[-1]
    assert sources["message_id"] != answer["message_id"]
    assert sources["text"].startswith("📚 Sources")
    await bot.send(bot.rec.callback_query(button(answer, "Key dates"), answer))
    dates = bot.rec.sent_messages(1001)[-1]
    assert dates["text"].startswith(f"🗓 Key dates: {QUESTION}")


async def test_pressing_the_same_page_twice_is_harmless(bot: Harness) -> None:
    await bot.send(bot.rec.private_message("/dates"))
    first = bot.rec.sent_messages(1001)[-1]
    data = button(first, "Next ›")
    await bot.send(bot.rec.callback_query(data, first))
    stale = dict(first)
    await bot.send(bot.rec.callback_query(data, stale))  # a double tap: same page again
    assert len(bot.rec.calls("answerCallbackQuery")) == 2
    (rejected,) = bot.rec.errors()
    assert rejected.error is not None and "message is not modified" in rejected.error
    bot.rec.clear()  # Telegram's refusal was expected and ignored by the bot


async def test_buttons_still_work_after_a_restart(
    settings: Settings, corpus: Corpus, bot: Harness
) -> None:
    await bot.send(bot.rec.private_message(QUESTION))
    answer = bot.rec.sent_messages(1001)[-1]
    rec = RecordingRequest()
    restarted = await open_harness(settings, corpus, rec)
    async with restarted.app:
        await restarted.send(rec.callback_query(button(answer, "More passages"), answer))
    assert restarted.errors == []
    assert rec.last("editMessageText")["text"].startswith(f"❓ <i>{QUESTION}</i>\nPassage")


async def test_a_question_is_recalled_from_the_asker_message_when_the_header_is_cut(
    bot: Harness,
) -> None:
    question = "What is NAM? " + "Non-Aligned Movement " * 12
    update = bot.rec.private_message(question)
    await bot.send(update)
    answer = bot.rec.sent_messages(1001)[-1]
    assert answer["reply_to_message"]["message_id"] == update["message"]["message_id"]
    await bot.send(bot.rec.callback_query(button(answer, "Key dates"), answer))
    assert bot.rec.sent_messages(1001)[-1]["text"].startswith("🗓 Key dates: What is NAM?")


async def test_a_button_whose_question_cannot_be_found_says_ask_again(bot: Harness) -> None:
    await bot.send(bot.rec.callback_query("more|AAAAAAAA|2"))
    assert bot.rec.last("answerCallbackQuery")["text"] == texts.BUTTON_EXPIRED
    await bot.send(bot.rec.callback_query("from-another-bot"))
    assert bot.rec.last("answerCallbackQuery")["text"] == texts.BUTTON_EXPIRED
    assert bot.rec.calls("editMessageText") == []


async def test_start_examples_ask_in_a_new_message(bot: Harness) -> None:
    await bot.send(bot.rec.private_message("/start"))
    welcome = bot.rec.sent_messages(1001)[-1]
    label, data = keyboard(welcome)[0]
    await bot.send(bot.rec.callback_query(data, welcome))
    answer = bot.rec.sent_messages(1001)[-1]
    assert answer["message_id"] != welcome["message_id"]
    assert parse_html(bot.rec.last("sendMessage")["text"]).text.startswith(f"❓ {label}")
