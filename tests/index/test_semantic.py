"""The static embedding model read from wordllama's wheel without its package."""

from __future__ import annotations

import math

import pytest

from index import semantic

pytestmark = pytest.mark.skipif(not semantic.available(), reason="wordllama is not installed")


def test_a_related_sentence_is_closer_than_an_unrelated_one() -> None:
    scores = semantic.similarity(
        "Who won the election for mayor?",
        [
            "The city's voters chose Ana Ruiz as their new mayor on Sunday.",
            "Heavy rain flooded the coastal road for the third time this month.",
        ],
    )
    assert scores is not None
    related, unrelated = scores
    assert related > unrelated


def test_casing_does_not_change_the_similarity() -> None:
    texts = ["The Non-Aligned Movement met in Baku."]
    assert semantic.similarity("WHAT IS NAM?", texts) == semantic.similarity("what is nam", texts)


def test_a_text_without_tokens_is_zero_not_nan() -> None:
    scores = semantic.similarity("What happened?", ["", "   "])
    assert scores is not None
    assert scores[0] == 0.0
    assert not any(math.isnan(s) for s in scores)
