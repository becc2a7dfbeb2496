"""The vocabulary of date expressions: word lists read once from index/data/date_words.yaml.

The lists (month names, seasons, weekdays, number words, the cue words that make a number a
year or a count) are data; what is derived from them, and the few closed sets of grammar
words the matchers test (modifiers, relative words), are built here.
"""

from __future__ import annotations

from importlib import resources
from typing import Any, cast

import yaml

from index.models import Season

_DATA: dict[str, Any] = yaml.safe_load(
    resources.files("index").joinpath("data/date_words.yaml").read_text(encoding="utf-8")
)


def _words(key: str) -> frozenset[str]:
    return frozenset(str(w) for w in _DATA[key])


MONTH_NUMBER: dict[str, int] = {str(k): int(v) for k, v in _DATA["months"].items()}
# Full names (and "may", "june", "july"): months also without a number next to them.
MONTH_FULL = frozenset(k for k in MONTH_NUMBER if len(k) > 4 or k in ("may", "june", "july"))
MONTH_LABEL: tuple[str, ...] = (
    "",
    *(k.title() for k in sorted(MONTH_FULL, key=MONTH_NUMBER.__getitem__)),
)
MONTH_AMBIGUOUS = _words("ambiguous_months")
LOWER_MONTHS = tuple(sorted(k for k in MONTH_FULL if k not in MONTH_AMBIGUOUS))

SEASON_NAME: dict[str, Season] = {
    str(k): cast(Season, str(v)) for k, v in _DATA["seasons"].items()
}
SEASON_INDEX: dict[Season, int] = {"winter": 0, "spring": 1, "summer": 2, "autumn": 3}
MONTH_SEASON: tuple[Season, ...] = (
    *("winter", "winter"),
    *("spring", "spring", "spring"),
    *("summer", "summer", "summer"),
    *("autumn", "autumn", "autumn"),
    "winter",
)
SEASON_WORDS = tuple(SEASON_NAME)
WEEKDAYS: tuple[str, ...] = tuple(str(w) for w in _DATA["weekdays"])
WEEKDAY_WORDS = tuple(w.title() for w in WEEKDAYS) + tuple(w.upper() for w in WEEKDAYS)
NUMBER_WORDS: dict[str, int] = {str(k): int(v) for k, v in _DATA["number_words"].items()}

STRONG_PREPS = _words("strong_preps")
WEAK_PREPS = _words("weak_preps")
QUANTITY_WORDS = _words("quantity_words")
COUNT_NOUNS = _words("count_nouns")
NOT_PLURAL = _words("not_plural")
EVENT_NOUNS = _words("event_nouns")
NUMBER_LABELS = _words("number_labels")
WEEKDAY_VERBS = _words("weekday_verbs")
MONTH_CUES = _words("month_cues")
LEADING_PREPS: tuple[str, ...] = tuple(str(w) for w in _DATA["leading_preps"])
FUTURE_HINTS: tuple[str, ...] = tuple(str(w) for w in _DATA["future_hints"])
PAST_WORDS = _words("past_words")
PASSIVE_AUX = _words("passive_aux")

YEAR_CUE_WORDS = frozenset({"year", "years"})
FALL_CUES = STRONG_PREPS | {"by", "from"}
SEASON_CUES = STRONG_PREPS | WEAK_PREPS | {"the", "last", "this", "next", "early", "mid", "late"}
MAY_CUES = MONTH_CUES - {"on", "by", "of", "around"}

DASHES = frozenset("-–—")
MOD_WORDS = frozenset({"early", "mid", "late"})
YEAR_MOD_WORDS = MOD_WORDS | {"earlier", "later"}
MOD_NOUNS = frozenset({"end", "beginning", "start", "middle"})
ORDINALS = frozenset({"first", "second", "third", "fourth", "last"})
REL_WORDS = frozenset({"last", "this", "next"})
WEEKDAY_REL = frozenset({"last", "next", "this", "past", "on", "since", "until", "till", "by"})
# Words before an anchor that call for reading further back than one word.
CHAIN_WORDS = frozenset(
    {"the", "of", "from", "between", "year", "before", "after", "and", "or", "to", "through"}
    | {"until", "till", "early", "mid", "late", "earlier", "later", "last", "this", "next"}
    | {"current", *WEEKDAYS}
)
# "last/this/next year" from the publication date; "the previous/same/following year" from
# the nearest earlier year of the text.
PUB_OFFSETS = {"last": -1, "this": 0, "current": 0, "next": 1}
CTX_OFFSETS = {"previous": -1, "same": 0, "that": 0, "following": 1}
