"""The stored boosted trees are walked as LightGBM would: left when at most the threshold."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from index import ranking, trees

STUMP = [0, 0.5, -1.0, 2.0]  # feature 0 at most 0.5: -1, else 2
DEEPER = [1, 3.0, [0, 0.1, 0.25, 0.5], -0.75]


def test_each_tree_adds_the_leaf_its_values_reach() -> None:
    assert trees.raw_score([STUMP, DEEPER], [0.5, 3.0]) == -1.0 + 0.5
    assert trees.raw_score([STUMP, DEEPER], [0.05, 2.0]) == -1.0 + 0.25
    assert trees.raw_score([STUMP, DEEPER], [0.7, 9.0]) == 2.0 - 0.75


def test_probability_is_the_logistic_of_the_sum() -> None:
    assert trees.probability([STUMP], [1.0]) == 1 / (1 + math.exp(-2.0))
    assert trees.probability([], [1.0]) == 0.5


def test_the_shipped_model_reads_every_feature_it_names() -> None:
    for variant in ("with_semantic", "words_only"):
        answer = ranking._model()[variant]["answer"]
        assert set(answer["inputs"]) == {*ranking.FEATURES, "score", "margin"}
        assert answer["trees"], variant
        values = [0.0] * len(answer["inputs"])
        assert 0.0 < trees.probability(answer["trees"], values) < 1.0


stump_trees = st.lists(
    st.one_of(
        st.floats(-2, 2),
        st.tuples(
            st.integers(0, 2),
            st.sampled_from([-1.0, 0.0, 0.25, 0.5, 1.0]),
            st.floats(-2, 2),
            st.floats(-2, 2),
        ).map(list),
    ),
    max_size=12,
)
feature_values = st.lists(
    st.sampled_from([-2.0, -1.0, 0.0, 0.1, 0.25, 0.5, 0.7, 1.0, 3.0]), min_size=3, max_size=3
)


@given(stump_trees, feature_values)
def test_stumps_as_step_functions_sum_as_the_walk_does(
    stumps: list[Any], values: list[float]
) -> None:
    assert trees.steps(stumps)(values) == pytest.approx(trees.raw_score(stumps, values))


def test_step_functions_refuse_a_deeper_tree() -> None:
    with pytest.raises(ValueError, match="stump"):
        trees.steps([DEEPER])


def test_the_shipped_span_stumps_correct_the_linear_score() -> None:
    for variant in ("with_semantic", "words_only"):
        stumps = ranking._model()[variant]["stumps"]
        assert stumps["inputs"] == list(ranking.FEATURES)
        assert stumps["trees"], variant
        steps = trees.steps(stumps["trees"])  # stumps only: they add up to step functions
        # A quote's brevity is set by hand: no correction may make longer quotes pay.
        assert ranking.FEATURES.index("length") not in steps.features
    features = {name: 0.5 for name in ranking.FEATURES}
    linear = ranking.linear_score(features)
    _, correction = ranking._corrections()
    assert correction([0.5] * len(ranking.FEATURES)) != 0.0
    assert ranking.span_score(features, linear) == linear + correction(
        [0.5] * len(ranking.FEATURES)
    )
