"""Evaluating a small boosted-tree model stored as data (index/data/ranker.json).

The answer-or-decline classifier is gradient-boosted trees fitted by LightGBM in
quality/train_ranker.py, which writes each tree as nested lists: an inner node
is `[feature, threshold, left, right]` (go left when the value is at most the
threshold), a leaf is its value. Answering needs only this walk, not LightGBM.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

Tree = Any  # float | list: [feature index, threshold, left Tree, right Tree]


def raw_score(trees: Sequence[Tree], values: Sequence[float]) -> float:
    """The sum of each tree's leaf for `values` (the features, in the model's order)."""
    total = 0.0
    for tree in trees:
        node = tree
        while isinstance(node, list):
            feature, threshold, left, right = node
            node = left if values[feature] <= threshold else right
        total += float(node)
    return total


def probability(trees: Sequence[Tree], values: Sequence[float]) -> float:
    """The model's probability for `values`: the logistic of the trees' raw score."""
    return 1.0 / (1.0 + math.exp(-raw_score(trees, values)))
