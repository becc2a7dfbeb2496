"""Evaluating small boosted-tree models stored as data (index/data/ranker.json).

Two models are gradient-boosted trees fitted by LightGBM in quality/train_ranker.py:
the answer-or-decline classifier, and the stumps that correct the linear span score.
Each tree is written as nested lists: an inner node is `[feature, threshold, left,
right]` (go left when the value is at most the threshold), a leaf is its value.
Answering needs only this walk, not LightGBM. Stumps (trees of one split) add up to
one step function per feature, which `Steps` evaluates with a bisection each.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Steps:
    """A sum of stumps as one step function per feature: the same sum as walking them."""

    features: tuple[int, ...]
    thresholds: tuple[tuple[float, ...], ...]  # per feature, ascending
    levels: tuple[tuple[float, ...], ...]  # per feature, one more than its thresholds
    constant: float  # leaves of trees that do not split

    def __call__(self, values: Sequence[float]) -> float:
        """The stumps' sum for `values` (the features, in the model's order)."""
        total = self.constant
        for feature, thresholds, levels in zip(
            self.features, self.thresholds, self.levels, strict=True
        ):
            total += levels[bisect_left(thresholds, values[feature])]
        return total


def steps(stumps: Sequence[Tree]) -> Steps:
    """The step functions of `stumps` (trees of at most one split each).

    With a feature's thresholds t_1 < ... < t_k, a value x with j thresholds below it
    (bisect_left) goes right at those j stumps and left at the others.
    """
    constant = 0.0
    splits: dict[int, dict[float, tuple[float, float]]] = {}
    for tree in stumps:
        if not isinstance(tree, list):
            constant += float(tree)
            continue
        feature, threshold, left, right = tree
        if isinstance(left, list) or isinstance(right, list):
            raise ValueError("not a stump: a tree with more than one split")
        at = splits.setdefault(int(feature), {})
        old_left, old_right = at.get(float(threshold), (0.0, 0.0))
        at[float(threshold)] = (old_left + float(left), old_right + float(right))
    features, all_thresholds, all_levels = [], [], []
    for feature in sorted(splits):
        thresholds = sorted(splits[feature])
        lefts = [splits[feature][t][0] for t in thresholds]
        rights = [splits[feature][t][1] for t in thresholds]
        levels = [sum(rights[:j]) + sum(lefts[j:]) for j in range(len(thresholds) + 1)]
        features.append(feature)
        all_thresholds.append(tuple(thresholds))
        all_levels.append(tuple(levels))
    return Steps(tuple(features), tuple(all_thresholds), tuple(all_levels), constant)
