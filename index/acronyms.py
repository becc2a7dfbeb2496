"""Acronyms and the names they stand for, as an article writes them.

News names a body in full once, often with its acronym in brackets ("the Climate Change
Committee (CCC)"), then by the acronym alone ("the CCC's new chief"); a reader may ask
with either ("Who heads the Climate Change Committee?", "Who represented PNG?"). Ranking
counts an acronym and its name as the same concept within one article: the pairs the
article defines in brackets, and for an acronym a question uses, a capitalised name in
the article whose initials spell it ("Papua New Guinea").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from index.analysis import terms

MAX_WORDS = 8  # the longest name an acronym is matched against
# Words a name may hold that its acronym may skip ("Alliance of Small Island States": AOSIS
# or ASIS).
_SMALL = frozenset({"of", "and", "for", "the", "on", "in", "to", "de", "du", "des", "la", "&"})
_BRACKETED = re.compile(r"\(\s*([A-Z][A-Za-z]{1,7})\s*\)")
_WORD = re.compile(r"[\w’'&]+")
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")


def _spells(words: list[str], letters: str) -> bool:
    """Whether the initials of `words` (hyphenated parts apart; small words optional) are
    `letters`, every capitalised word counted."""
    parts = [p for w in words for p in w.split("-") if p]
    if not parts or not parts[0][:1].isupper() or not parts[-1][:1].isupper():
        return False

    def match(at: int, letter: int) -> bool:
        if at == len(parts):
            return letter == len(letters)
        part = parts[at]
        initial = part[0].lower()
        small = part.lower() in _SMALL
        if small and match(at + 1, letter):
            return True
        if not small and not part[0].isupper():
            return False
        return letter < len(letters) and initial == letters[letter] and match(at + 1, letter + 1)

    return match(0, 0)


def bracketed(body: str) -> dict[str, frozenset[str]]:
    """The acronyms `body` defines in brackets after a name, each with its name's terms:
    "the Least Developed Countries (LDC)" gives {"ldc": {"least", "develop", "countri"}}."""
    found: dict[str, frozenset[str]] = {}
    for match in _BRACKETED.finditer(body):
        acronym = match.group(1)
        letters = acronym.lower()
        before = _WORD.findall(body[max(0, match.start() - 120) : match.start()])[-MAX_WORDS:]
        for start in range(len(before)):
            if _spells(before[start:], letters):
                own = terms(acronym)
                name = frozenset(terms(" ".join(before[start:])))
                if len(own) == 1 and name:
                    found.setdefault(own[0], name)
                break
    return found


def spelled_by(body: str, acronym: str) -> frozenset[str]:
    """The terms of a capitalised name in `body` whose initials spell `acronym` (empty when
    none does): "Papua New Guinea" for PNG."""
    letters = acronym.lower()
    words = _WORD.findall(body)
    for end, word in enumerate(words, start=1):
        if not word[:1].isupper():
            continue
        for start in range(max(0, end - MAX_WORDS), end):
            if _spells(words[start:end], letters):
                return frozenset(terms(" ".join(words[start:end])))
    return frozenset()


def question_acronyms(text: str) -> tuple[str, ...]:
    """The acronyms a question writes in capitals (none when it is all capitals)."""
    if not any(c.islower() for c in text):
        return ()
    return tuple(dict.fromkeys(_ACRONYM.findall(text)))


def with_equivalents(
    found: frozenset[str], pairs: Iterable[tuple[str, frozenset[str]]]
) -> frozenset[str]:
    """`found` with each acronym of `pairs` whose name it holds, and each name whose acronym
    it holds."""
    more: set[str] = set()
    for acronym, name in pairs:
        if acronym in found:
            more |= name
        elif name <= found:
            more.add(acronym)
    return found | more if more else found
