"""A corpus whose titles, names, URLs and text need escaping, through the real application."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.service import CorpusService
from index.corpus import Corpus
from tests.bot.conftest import Harness, make_settings, open_harness
from tests.support.recording_request import RecordingRequest
from tests.support.telegram_rules import check_message_text, parse_html


@pytest.fixture
async def tricky_bot(tricky_corpus: Corpus) -> AsyncIterator[Harness]:
    rec = RecordingRequest()
    harness = await open_harness(make_settings(tricky_corpus), tricky_corpus, rec)
    async with harness.app:
        yield harness
    assert harness.errors == []
    assert rec.errors() == []


async def test_every_corpus_string_is_escaped(tricky_bot: Harness) -> None:
    question = "what did the zebra summit agree <script>"
    await tricky_bot.send(tricky_bot.rec.private_message(question))
    html_text = tricky_bot.rec.last("sendMessage")["text"]
    assert check_message_text(html_text, "HTML") is None
    parsed = parse_html(html_text)
    assert parsed.text.startswith(f"❓ {question}\n\n")
    assert "agreed that 3 < 4 & 5 > 2, and on other matters." in parsed.text
    assert '— Q&A: <NAM> "summit" & more · Tom & Jerry\'s <Gazette> · <b>Ann</b> & Bob' in (
        parsed.text
    )
    links = [e["url"] for e in parsed.entities if e["type"] == "text_link"]
    assert links
    assert all(url.startswith("https://example.org/a?x=1&y=<2>#top:~:text=") for url in links)


async def test_sources_escape_titles_and_keep_plain_titles_without_links(
    tricky_bot: Harness,
) -> None:
    await tricky_bot.send(tricky_bot.rec.private_message("/sources"))
    parsed = parse_html(tricky_bot.rec.last("sendMessage")["text"])
    assert "Plain <title> without a link" in parsed.text
    assert [e["url"] for e in parsed.entities if e["type"] == "text_link"] == [
        "https://example.org/a?x=1&y=<2>#top"
    ]


async def test_dates_of_a_topic(corpus: Corpus) -> None:
    found = await CorpusService(corpus).dates("Baku Summit")
    assert "October 2019" in [d.label for d in found]
    assert all("Baku" in d.text and "ummit" in d.text for d in found)
