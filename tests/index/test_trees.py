"""The stored boosted trees are walked as LightGBM would: left when at most the threshold."""

from __future__ import annotations

import math

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
