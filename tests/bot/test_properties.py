"""Property tests: whatever people type, every reply is valid Telegram HTML within the limits
and every button's data fits in 64 bytes (checked with Telegram's own rules)."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import callbacks, render
from index.models import Answer, Passage
from tests.bot.conftest import BOT_USERNAME, Harness
from tests.support.telegram_rules import (
    MAX_CALLBACK_DATA_BYTES,
    check_inline_results,
    check_message_text,
    check_reply_markup,
)

STRANGE = [
    *"<>&\"';#:~*()-_/@ \n\t",
    "&amp;",
    "&lt;b&gt;",
    "<b>",
    "</i>",
    "<a href='x'>",
    "AND",
    "OR",
    "NOT",
    "NAM",
    "Baku",
    "\u202e",
    "\u200f",
    "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",
    "עברית",
    "🙂",
    "👍🏽",
    "👨‍👩‍👧",
    "\u0301",
    "\x00",
    "\ufeff",
    "2019-2020",
    "Non-Aligned",
    "Movement",
    '"Baku Summit"',
]
SHORT = st.one_of(
    st.text(max_size=120),
    st.lists(st.sampled_from(STRANGE), max_size=30).map("".join),
)
LONG = st.one_of(
    st.text(min_size=2000, max_size=4096),
    st.lists(st.sampled_from(STRANGE), min_size=400, max_size=1200).map("".join),
).map(lambda text: text[:4096])
TEXT = st.one_of(SHORT, SHORT, LONG)
MESSAGE_TEXT = TEXT.filter(lambda text: text.strip() != "")

PROPERTY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def check_calls(harness: Harness) -> None:
    """Everything the bot sent was accepted and is within Telegram's rules."""
    assert harness.errors == []
    assert [(c.method, c.error) for c in harness.rec.errors()] == []
    for call in harness.rec.history:
        params: dict[str, Any] = call.params
        if call.method in ("sendMessage", "editMessageText"):
            assert check_message_text(params["text"], params.get("parse_mode")) is None
        if call.method == "answerInlineQuery":
            assert check_inline_results(params["results"], params.get("next_offset")) is None
        markup = params.get("reply_markup")
        if markup:
            assert check_reply_markup(markup) is None
            for row in markup.get("inline_keyboard", []):
                for button in row:
                    data = button.get("callback_data", "")
                    assert len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES


@PROPERTY
@given(text=MESSAGE_TEXT)
async def test_any_private_message(bot: Harness, text: str) -> None:
    bot.rec.clear()
    await bot.send(bot.rec.private_message(text))
    check_calls(bot)
    # and pressing every button of the reply stays within the rules too
    for message in bot.rec.results("sendMessage")[-1:]:
        for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                await bot.send(bot.rec.callback_query(button["callback_data"], message))
    check_calls(bot)


GROUPS = itertools.count(-1003000000000, -1)  # a new group each time: flood limits are per group


@PROPERTY
@given(text=TEXT, command=st.sampled_from(["ask", "dates", "search", "start"]))
async def test_any_command_argument_in_a_group(bot: Harness, text: str, command: str) -> None:
    bot.rec.clear()
    group = next(GROUPS)
    await bot.send(bot.rec.group_message(f"/{command}@{BOT_USERNAME} {text}", chat_id=group))
    await bot.send(bot.rec.group_message(f"@{BOT_USERNAME} {text}", chat_id=group - 1))
    check_calls(bot)


@PROPERTY
@given(text=TEXT, offset=st.one_of(st.just(""), st.text(max_size=5)))
async def test_any_inline_query(bot: Harness, text: str, offset: str) -> None:
    bot.rec.clear()
    await bot.send(bot.rec.inline_query(text[:256], offset=offset))
    check_calls(bot)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.data_too_large])
@given(
    question=TEXT,
    quote=TEXT.filter(str.strip),
    title=SHORT,
    terms=st.lists(SHORT, max_size=5),
    url=st.one_of(
        st.none(), st.text(max_size=200), st.text(max_size=200).map("https://e.org/".__add__)
    ),
    count=st.integers(1, 10),
)
def test_any_page_of_passages_is_one_valid_message(
    question: str, quote: str, title: str, terms: list[str], url: str | None, count: int
) -> None:
    passage = Passage("a.md", title, url, None, title, title, quote, tuple(terms), 1.0)
    passages = [passage] * count
    page = render.answer_html(question, Answer(question, tuple(passages)), passages, 1)
    assert check_message_text(page, "HTML") is None
    header = render.read_header(render.visible(page))
    assert header is not None and header.kind == "answer"
    if len(" ".join(question.split())) <= render.HEADER_MAX:
        assert callbacks.text_key(header.text) == callbacks.text_key(question)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.data_too_large])
@given(blocks=st.lists(TEXT.map(render.esc).map("<blockquote>{}</blockquote>".format), max_size=6))
def test_split_never_breaks_a_tag_or_a_quote(blocks: list[str]) -> None:
    for message in render.split(blocks):
        assert check_message_text(message, "HTML") is None
        assert message.count("<blockquote>") == message.count("</blockquote>")
