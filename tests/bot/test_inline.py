"""Inline mode: @bot question from any chat, paged with next_offset."""

from __future__ import annotations

import pytest

from bot.config import AnswerSettings, Settings
from index.corpus import Corpus
from tests.bot.conftest import BOT_USERNAME, Harness, make_settings
from tests.support.telegram_rules import check_message_text


@pytest.fixture
def settings(corpus: Corpus) -> Settings:
    """Two results per page, so that the seed corpus has several pages."""
    return make_settings(corpus, answers=AnswerSettings(page_size=2))


async def test_empty_query_explains_how_to_ask(bot: Harness) -> None:
    await bot.send(bot.rec.inline_query(""))
    call = bot.rec.last("answerInlineQuery")
    assert call["button"] == {"text": "How to ask", "start_parameter": "help"}
    (result,) = call["results"]
    assert result["type"] == "article"
    assert result["title"] == f"Type a question after @{BOT_USERNAME}"
    assert (
        f"type @{BOT_USERNAME} followed by your question"
        in (result["input_message_content"]["message_text"])
    )


async def test_results_are_quotes_with_their_source_paged_by_offset(bot: Harness) -> None:
    await bot.send(bot.rec.inline_query("Non-Aligned Movement"))
    first = bot.rec.last("answerInlineQuery")
    results = first["results"]
    assert len(results) == 2
    assert first["next_offset"] == "1"
    for result in results:
        content = result["input_message_content"]
        assert content["parse_mode"] == "HTML"
        assert content["message_text"].startswith("❓ <i>Non-Aligned Movement</i>\n\n<blockquote>")
        assert check_message_text(content["message_text"], "HTML") is None
        assert result["description"]
        assert len(result["id"].encode()) <= 64
    await bot.send(bot.rec.inline_query("Non-Aligned Movement", offset="1"))
    second = bot.rec.last("answerInlineQuery")
    assert second["results"]
    assert {r["id"] for r in second["results"]}.isdisjoint({r["id"] for r in results})


async def test_no_answer_is_one_result_saying_so(bot: Harness) -> None:
    await bot.send(bot.rec.inline_query("xyzzy plugh"))
    call = bot.rec.last("answerInlineQuery")
    (result,) = call["results"]
    assert result["title"] == "The corpus does not say."
    assert not call.get("next_offset")


async def test_the_last_page_has_no_next_offset(bot: Harness) -> None:
    await bot.send(bot.rec.inline_query("Non-Aligned Movement", offset="9"))
    call = bot.rec.last("answerInlineQuery")
    assert not call.get("next_offset")
