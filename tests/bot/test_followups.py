"""Follow-up questions through the real application on a RecordingRequest: read with the
previous question in a private chat and in replies to the bot's answers in groups, within
`followups.minutes` (a test clock), dropped by /new and by a fresh full question."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.chat import TerminalChat
from bot.config import FollowUpSettings, Settings
from bot.conversation import Conversation
from bot.feedback import Feedback
from bot.followups import CLOCK_KEY, MEMORY_KEY
from bot.render import visible
from bot.service import CorpusService
from index.corpus import Corpus
from tests.bot.conftest import BOT_USERNAME, Harness, button, make_settings, open_harness
from tests.support.recording_request import RecordingRequest
from tests.support.telegram_rules import parse_html

QUESTION = "When did Azerbaijan join the Non-Aligned Movement?"
WHY = "why did Azerbaijan join the Non-Aligned Movement?"
GROUP = -1009876543210
CHAT = 1001  # the default user's private chat


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def talk(
    settings: Settings, corpus: Corpus, recording_request: RecordingRequest, clock: Clock
) -> AsyncIterator[Harness]:
    """The application with a test clock for the follow-up window (10 minutes)."""
    harness = await open_harness(settings, corpus, recording_request)
    harness.app.bot_data[CLOCK_KEY] = clock
    async with harness.app:
        yield harness
    assert harness.errors == []
    assert [(c.method, c.error) for c in recording_request.errors()] == []


def text_of(message: dict[str, Any]) -> str:
    return parse_html(message["text"]).text


async def ask(bot: Harness, text: str, **kwargs: Any) -> dict[str, Any]:
    """Send `text` in the private chat (or as given) and return the bot's last message there."""
    update = bot.rec.private_message(text, **kwargs)
    await bot.send(update)
    return bot.rec.sent_messages(update["message"]["chat"]["id"])[-1]


async def test_a_follow_up_is_read_with_the_previous_question_and_says_how(talk: Harness) -> None:
    first = await ask(talk, QUESTION)
    assert "Taking this as" not in text_of(first)
    answer = await ask(talk, "and why?")
    lines = text_of(answer).split("\n")
    assert lines[0] == "❓ and why?"
    assert lines[1] == f"Taking this as: {WHY}"
    assert talk.rec.last("sendMessage")["text"].startswith(
        f"❓ <i>and why?</i>\n<i>Taking this as: {WHY}</i>\n\n<blockquote>"
    )


async def test_follow_ups_chain_and_a_fresh_question_drops_the_context(talk: Harness) -> None:
    await ask(talk, QUESTION)
    await ask(talk, "who chaired it after that?")
    chained = await ask(talk, "what about 2019?")
    assert text_of(chained).split("\n")[1] == (
        "Taking this as: who chaired the Non-Aligned Movement after that in 2019?"
    )
    await ask(talk, "What is the NAM Youth Organization?")  # a question of its own
    fresh = await ask(talk, "who chaired it?")
    assert text_of(fresh).split("\n")[1] == (
        "Taking this as: who chaired the NAM Youth Organization?"
    )


async def test_the_context_lasts_followups_minutes(talk: Harness, clock: Clock) -> None:
    await ask(talk, QUESTION)
    clock.now += 10 * 60  # exactly the window: still a follow-up
    assert "Taking this as" in text_of(await ask(talk, "why?"))
    clock.now += 10 * 60 + 1
    assert text_of(await ask(talk, "why?")) == "The corpus does not say."


async def test_new_drops_the_context(talk: Harness) -> None:
    await ask(talk, QUESTION)
    done = await ask(talk, "/new")
    assert text_of(done) == "Starting afresh: your next question is read on its own."
    assert text_of(await ask(talk, "why?")) == "The corpus does not say."


async def test_no_follow_ups_when_switched_off(
    corpus: Corpus, recording_request: RecordingRequest
) -> None:
    settings = make_settings(corpus, followups=FollowUpSettings(minutes=0))
    harness = await open_harness(settings, corpus, recording_request)
    async with harness.app:
        await ask(harness, QUESTION)
        assert text_of(await ask(harness, "why?")) == "The corpus does not say."
    assert harness.errors == []


async def test_each_chat_has_its_own_context_in_memory_only(talk: Harness) -> None:
    await ask(talk, QUESTION)
    other = await ask(talk, "why?", user_id=2002)
    assert text_of(other) == "The corpus does not say."
    assert talk.app.persistence is None  # chat_data is never written anywhere
    assert MEMORY_KEY in talk.app.chat_data[CHAT]


async def test_buttons_of_a_follow_up_answer_read_the_reading_back(talk: Harness) -> None:
    await ask(talk, QUESTION)
    answer = await ask(talk, "and why was that?")
    await talk.send(talk.rec.callback_query(button(answer, "Key dates"), answer))
    dates = talk.rec.sent_messages(CHAT)[-1]
    assert text_of(dates).startswith(f"🗓 Key dates: {WHY}")


async def test_in_a_group_a_reply_to_the_answer_follows_it_up(talk: Harness) -> None:
    mention = talk.rec.group_message(f"@{BOT_USERNAME} {QUESTION}", chat_id=GROUP)
    await talk.send(mention)
    answer = talk.rec.sent_messages(GROUP)[-1]
    await talk.send(talk.rec.group_message("why?", chat_id=GROUP, reply_to_message=answer))
    follow = talk.rec.sent_messages(GROUP)[-1]
    assert text_of(follow).split("\n")[:2] == ["❓ why?", f"Taking this as: {WHY}"]
    # A mention without a reply to an answer is read on its own.
    await talk.send(talk.rec.group_message(f"@{BOT_USERNAME} why?", chat_id=GROUP))
    assert text_of(talk.rec.sent_messages(GROUP)[-1]) == "The corpus does not say."


async def test_in_a_group_the_reply_leans_on_the_answer_it_replies_to(talk: Harness) -> None:
    await talk.send(talk.rec.group_message(f"@{BOT_USERNAME} {QUESTION}", chat_id=GROUP))
    first = talk.rec.sent_messages(GROUP)[-1]
    youth = "What is the NAM Youth Organization?"
    await talk.send(talk.rec.group_message(f"@{BOT_USERNAME} {youth}", chat_id=GROUP))
    await talk.send(talk.rec.group_message("why?", chat_id=GROUP, reply_to_message=first))
    assert text_of(talk.rec.sent_messages(GROUP)[-1]).split("\n")[1] == (f"Taking this as: {WHY}")


async def test_the_terminal_chat_follows_up_too(settings: Settings, corpus: Corpus) -> None:
    out = io.StringIO()
    clock = Clock()
    conversation = Conversation(CorpusService(corpus), settings, "corpusbot", Feedback())
    session = TerminalChat(conversation, out, clock=clock)
    for line in (QUESTION, "why?", "/new", "why?"):
        await session.handle(line)
    text = out.getvalue()
    assert f"❓ why?\nTaking this as: {WHY}\n" in text
    assert text.count("Taking this as") == 1
    assert "Starting afresh" in text
    assert text.rstrip().endswith("The corpus does not say.")
    await session.handle(QUESTION)
    clock.now += 10 * 60 + 1  # past followups.minutes
    await session.handle("why?")
    assert session.last is not None
    assert visible(session.last.messages[0]) == "The corpus does not say."
