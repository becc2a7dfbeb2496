"""Callback data: compact, within 64 bytes, decoded strictly."""

from __future__ import annotations

import pytest

from bot import callbacks
from bot.callbacks import Ask, Dates, DidYouMean, More, Search, Sources, text_key


def test_keys_ignore_case_and_spacing() -> None:
    assert text_key("What is  NAM?") == text_key("what is nam?")
    assert text_key("What is NAM?") != text_key("What is NAME?")
    assert len(text_key("x" * 5000)) == 8


@pytest.mark.parametrize(
    "action",
    [
        More(text_key("q"), 2),
        Dates(text_key(""), 1),
        Search(text_key("a OR b"), 9999),
        Sources(3),
        Ask("When did Azerbaijan join the NAM?"),
        DidYouMean(text_key("q")),
    ],
)
def test_round_trip(action: callbacks.Action) -> None:
    data = callbacks.encode(action)
    assert len(data.encode("utf-8")) <= 64
    assert callbacks.decode(data) == action


def test_examples_of_the_scheme() -> None:
    assert callbacks.encode(More("AbCd-_12", 2)) == "more|AbCd-_12|2"
    assert callbacks.encode(Sources(1)) == "src|1"
    assert callbacks.encode(Ask("What is NAM?")) == "ask|What is NAM?"


def test_a_question_too_long_to_carry_is_not_encoded() -> None:
    assert callbacks.ask_data("é" * 40) is None
    assert callbacks.ask_data("  ") is None
    with pytest.raises(ValueError):
        callbacks.encode(Ask("x" * 61))


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "more",
        "more|short|1",
        "more|AbCd-_12|0",
        "more|AbCd-_12|x",
        "src|",
        "src|-1",
        "dates|AbCd-_12|99999",
        "other|1",
        "ask|",
        "dym|nope",
        "more|AbCd-_1é|1",
    ],
)
def test_data_this_bot_did_not_make_decodes_to_none(data: str | None) -> None:
    assert callbacks.decode(data) is None
