"""`corpusbot chat`: the same conversation in a terminal, buttons pressed by number."""

from __future__ import annotations

import io

from bot.app import COMMANDS
from bot.chat import TerminalChat, chat
from bot.config import Settings
from bot.conversation import Conversation
from bot.service import CorpusService
from index.corpus import Corpus

QUESTION = "When did Azerbaijan join the Non-Aligned Movement?"


async def run(settings: Settings, corpus: Corpus, *lines: str) -> str:
    out = io.StringIO()
    status = await chat(
        settings, corpus, io.StringIO("\n".join(lines) + "\n"), out, interactive=False
    )
    assert status == 0
    return out.getvalue()


async def test_a_question_is_answered_with_quotes_and_numbered_buttons(
    settings: Settings, corpus: Corpus
) -> None:
    out = await run(settings, corpus, QUESTION)
    assert out.startswith(f"you> {QUESTION}\n\n❓ {QUESTION}\n\n  “In 2011, when quite serious")
    assert "— Foreign policy course of President Ilham Aliyev" in out
    assert "<https://apa.az/en/politics_of_azerbaijan/" in out
    assert "<blockquote>" not in out and "<b>" not in out
    assert "Buttons: " in out and "Key dates" in out


async def test_pressing_a_button_by_number(settings: Settings, corpus: Corpus) -> None:
    out = await run(settings, corpus, "/dates", "1", "9")
    assert "🗓 Key dates\npage 1 of" in out
    assert "🗓 Key dates\npage 2 of" in out
    assert "There is no button 9." in out


async def test_same_commands_as_the_bot(settings: Settings, corpus: Corpus) -> None:
    session = TerminalChat(
        Conversation(CorpusService(corpus), settings, "corpusbot"), io.StringIO()
    )
    assert set(session.commands) == {c.name for c in COMMANDS}
    out = await run(
        settings, corpus, "/sources", "/search Baku AND Summit", "/help", "/nope", "/quit", "/help"
    )
    assert "📚 Sources\n2 articles" in out
    assert "🔎 Search: Baku AND Summit" in out
    assert out.count("How to use this bot") == 1  # nothing after /quit
    assert "I don't know that command." in out


async def test_did_you_mean_in_the_terminal(settings: Settings, corpus: Corpus) -> None:
    out = await run(settings, corpus, "Azirbajian summmit", "1")
    assert "The corpus does not say.\n\nButtons: [1] Did you mean: " in out
    assert out.count("❓ ") == 1
