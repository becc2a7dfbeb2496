"""Synonym groups: the corpus's own `aliases.yaml` and the built-in paraphrases.

A group is a set of phrases that mean the same thing for retrieval; a question
that uses one of them also finds the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from index.models import SkippedFile

ALIASES_FILE = "aliases.yaml"


@dataclass(frozen=True)
class AliasGroups:
    """Groups of equivalent phrases, each a tuple of surface forms (first is preferred)."""

    groups: tuple[tuple[str, ...], ...] = ()

    def __add__(self, other: AliasGroups) -> AliasGroups:
        return AliasGroups(self.groups + other.groups)


def parse_aliases(text: str, origin: str) -> tuple[AliasGroups, SkippedFile | None]:
    """Read a YAML mapping `preferred: [other, spellings]`; a bad file is reported, not raised."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        return AliasGroups(), SkippedFile(origin, f"broken YAML{where}")
    if data is None:
        return AliasGroups(), None
    if not isinstance(data, dict):
        return AliasGroups(), SkippedFile(origin, "expected a mapping of a term to its synonyms")
    groups: list[tuple[str, ...]] = []
    bad: list[str] = []
    for key, value in data.items():
        others = value if isinstance(value, list) else [value] if value is not None else []
        phrases = [str(key), *(str(v) for v in others if v is not None)]
        phrases = [" ".join(p.split()) for p in phrases if str(p).strip()]
        if len(phrases) < 2:
            bad.append(str(key))
            continue
        groups.append(tuple(dict.fromkeys(phrases)))
    problem = (
        SkippedFile(origin, f"entries without synonyms ignored: {', '.join(bad)}") if bad else None
    )
    return AliasGroups(tuple(groups)), problem


def load_aliases(content_dir: Path) -> tuple[AliasGroups, SkippedFile | None]:
    """The corpus's aliases (from content/aliases.yaml, if present)."""
    path = content_dir / ALIASES_FILE
    if not path.is_file():
        return AliasGroups(), None
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return AliasGroups(), SkippedFile(ALIASES_FILE, "not UTF-8 text")
    except OSError as error:
        return AliasGroups(), SkippedFile(ALIASES_FILE, f"cannot be read: {error.strerror}")
    return parse_aliases(text, ALIASES_FILE)


def builtin_paraphrases() -> AliasGroups:
    """General English paraphrases shipped with corpusbot (index/data/paraphrases.yaml)."""
    text = resources.files("index").joinpath("data/paraphrases.yaml").read_text("utf-8")
    groups, _ = parse_aliases(text, "paraphrases.yaml")
    return groups
