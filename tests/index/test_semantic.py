"""The static embedding model read from wordllama's wheel without its package."""

from __future__ import annotations

import math
from importlib.util import find_spec
from pathlib import Path

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


def test_the_mapped_table_gives_the_vectors_of_the_table_loaded_as_float32() -> None:
    import numpy as np
    from safetensors import safe_open

    model = semantic._model()
    assert model is not None
    assert isinstance(model.embedding, np.memmap)
    spec = find_spec("wordllama")
    assert spec is not None and spec.submodule_search_locations
    path = Path(next(iter(spec.submodule_search_locations))) / semantic.WEIGHTS
    with safe_open(str(path), "np", "cpu") as f:
        loaded = np.ascontiguousarray(f.get_tensor("embedding.weight"), dtype=np.float32)
    assert np.array_equal(np.asarray(model.embedding, dtype=np.float32), loaded)
    texts = ["Who won the election for mayor?", "Heavy rain flooded the coastal road.", ""]
    widened = semantic.StaticModel(loaded, model.tokenizer).embed(texts)
    assert np.array_equal(model.embed(texts), widened)
