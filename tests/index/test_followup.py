"""Follow-up questions read together with the previous one (index.followup)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.followup import MAX_READING, Reading, combine, is_follow_up, read_follow_up

FOUNDED = "When was the NAM Youth Organization founded?"
JOINED = "When did Azerbaijan join the Non-Aligned Movement?"


@pytest.mark.parametrize(
    ("previous", "question", "reading"),
    [
        (FOUNDED, "and when was that?", "when was the NAM Youth Organization founded?"),
        (
            FOUNDED,
            "who chaired it after that?",
            "who chaired the NAM Youth Organization after that?",
        ),
        (FOUNDED, "what about 2021?", "When was the NAM Youth Organization founded in 2021?"),
        (FOUNDED, "why?", "why was the NAM Youth Organization founded?"),
        (
            FOUNDED,
            "how many members does it have?",
            "how many members does the NAM Youth Organization have?",
        ),
        (JOINED, "and why was that?", "why did Azerbaijan join the Non-Aligned Movement?"),
        (JOINED, "when did it happen?", "when did Azerbaijan join the Non-Aligned Movement?"),
        (
            JOINED,
            "what about Venezuela?",
            "When did Azerbaijan join the Non-Aligned Movement, and Venezuela?",
        ),
        ("Who chaired NAM in 2019?", "and 2022?", "Who chaired NAM in 2022?"),
        (
            "Who chaired NAM between 2019 and 2020?",
            "what about 2023?",
            "Who chaired NAM between 2023?",
        ),
        ("Who chairs NAM?", "when was he elected?", "when was the one who chairs NAM elected?"),
        (
            "What did Ilham Aliyev say about NAM?",
            "when was he elected?",
            "when was Ilham Aliyev elected?",
        ),
        ("What was the Baku summit?", "what did it decide?", "what did the Baku summit decide?"),
        ("What is NAM?", "what is its capital?", "what is NAM's capital?"),
        (
            "Who was the president of Brazil?",
            "what did they sign?",
            "what did the president of Brazil sign?",
        ),
        # any subject: nothing here knows the first corpus
        ("When did the Apollo program end?", "and why?", "why did the Apollo program end?"),
        ("How was the Tower Bridge built?", "who paid for it?", "who paid for the Tower Bridge?"),
        (
            "Where do emperor penguins breed?",
            "what about 1990?",
            "Where do emperor penguins breed in 1990?",
        ),
    ],
)
def test_a_follow_up_is_read_with_the_previous_question(
    previous: str, question: str, reading: str
) -> None:
    assert is_follow_up(question, previous)
    assert combine(previous, question) == reading
    assert read_follow_up(question, previous) == Reading(reading, follows=True, previous=previous)


@pytest.mark.parametrize(
    "question",
    [
        "What is the capital of France?",  # words of its own
        "Who said that NAM matters?",  # "that" before a name is no pronoun
        "what happened at this summit?",  # "this" before a noun
        "is there a summit in 2021?",  # "is there" points at nothing
        "and when was the NAM Youth Organization founded?",  # "and", but a full question
        "thanks!",
        "ok",
        "",
        FOUNDED,  # the same question again
    ],
)
def test_a_question_of_its_own_drops_the_context(question: str) -> None:
    assert not is_follow_up(question, FOUNDED)
    reading = read_follow_up(question, FOUNDED)
    assert not reading.follows and reading.previous == ""
    assert reading.text == " ".join(question.split())


def test_without_a_previous_question_nothing_follows() -> None:
    assert read_follow_up("and when was that?", None) == Reading("and when was that?")
    assert read_follow_up("why?", "") == Reading("why?")
    assert not is_follow_up("why?", "   ")


def test_a_greeting_before_the_question_is_dropped() -> None:
    assert (
        read_follow_up("Hi! why?", JOINED).text
        == "why did Azerbaijan join the Non-Aligned Movement?"
    )


def test_follow_ups_chain_on_the_reading_of_the_previous_one() -> None:
    first = read_follow_up("who chaired it after that?", FOUNDED)
    second = read_follow_up("what about 2021?", first.text)
    assert second.text == "who chaired the NAM Youth Organization after that in 2021?"


def test_a_reading_too_long_to_show_is_not_made() -> None:
    previous = "When was the " + "very " * 70 + "old Youth Organization founded?"
    assert len(previous) > MAX_READING
    assert read_follow_up("why?", previous) == Reading("why?")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.text(max_size=120))
def test_any_text_is_read_without_error(question: str, previous: str) -> None:
    reading = read_follow_up(question, previous)
    assert len(reading.text) <= max(MAX_READING, len(question))
    assert reading.follows == bool(reading.previous)
