"""The transport-independent conversation, with a stub corpus for exact paging."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bot import callbacks, render
from bot.config import AnswerSettings, Settings
from bot.conversation import Conversation, deep_link_question, strip_addressing
from bot.service import CorpusService
from index.models import Answer, Passage

QUESTION = "What did the summit decide?"
LONG_SUGGESTION = "What did the Non-Aligned Movement summit in Baku decide about vaccines?"


def passage(number: int) -> Passage:
    return Passage(
        f"a{number}.md",
        f"Article {number}",
        None,
        dt.date(2020, 1, number),
        None,
        None,
        f"Quote number {number}.",
        ("Quote",),
        1.0,
    )


class StubService(CorpusService):
    """Answers from a fixed list of seven passages; questions with "zzz" have no answer."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, int]] = []

    async def ask(self, question: str, limit: int) -> Answer:
        self.asked.append((question, limit))
        if "zzz" in question:
            return Answer(question, (), suggestion=LONG_SUGGESTION)
        corrected = "fixed" if "typo" in question else None
        return Answer(
            question, tuple(passage(n) for n in range(1, 8))[:limit], corrected=corrected
        )


def conversation() -> Conversation:
    settings = replace(Settings(), answers=AnswerSettings(per_message=3))
    return Conversation(StubService(), settings, "corpus_test_bot")


def labels(reply: object) -> list[str]:
    return [b.label for row in reply.buttons for b in row]  # type: ignore[attr-defined]


async def test_pages_of_passages() -> None:
    talk = conversation()
    first = await talk.answer(QUESTION)
    assert first.passages == 3
    assert labels(first) == ["More passages", "Key dates", "Sources", "👍", "👎"]
    key = callbacks.text_key(QUESTION)
    text = render.visible(first.messages[0])
    second = await talk.press(f"more|{key}|2", text, None)
    assert second.edit
    assert "Passages 4–6" in second.messages[0]
    assert labels(second) == ["Previous", "More passages", "Key dates", "Sources", "👍", "👎"]
    third = await talk.press(f"more|{key}|3", render.visible(second.messages[0]), None)
    assert "Passage 7" in third.messages[0]
    assert labels(third) == ["Previous", "Key dates", "Sources", "👍", "👎"]
    assert talk.service.asked[-1] == (QUESTION, 10)  # type: ignore[attr-defined]


async def test_a_corrected_question_says_what_was_answered() -> None:
    reply = await conversation().answer("typo question")
    assert "<i>Showing answers for: fixed</i>" in reply.messages[0]


async def test_a_long_suggestion_is_recalled_through_the_question() -> None:
    talk = conversation()
    reply = await talk.answer("zzz summit")
    (button,) = [b for row in reply.buttons for b in row]
    assert button.data == f"dym|{callbacks.text_key('zzz summit')}"
    assert button.label.startswith("Did you mean: What did the Non-Aligned")
    pressed = await talk.press(button.data, "The corpus does not say.", "zzz summit")
    assert pressed.edit
    assert render.visible(pressed.messages[0]).startswith(f"❓ {LONG_SUGGESTION}")
    lost = await talk.press(button.data, "The corpus does not say.", None)
    assert lost.notice == "This button is too old. Please ask again."


def test_addressing_is_stripped() -> None:
    assert (
        strip_addressing("/ask@corpus_test_bot  What is NAM?", "corpus_test_bot") == "What is NAM?"
    )
    assert strip_addressing("@Corpus_Test_Bot, what is NAM?", "corpus_test_bot") == "what is NAM?"
    assert strip_addressing("What is NAM? @corpus_test_bot", "corpus_test_bot") == "What is NAM?"
    assert strip_addressing("/dates 2019-2020", "corpus_test_bot") == "2019-2020"


def test_deep_link_payloads_use_underscores_for_spaces() -> None:
    assert deep_link_question("When_did_Azerbaijan_join_NAM") == "When did Azerbaijan join NAM"
