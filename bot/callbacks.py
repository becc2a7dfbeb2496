"""Callback data of inline buttons: stateless, ASCII, at most 64 bytes.

A button carries what it does and a short key; whatever text it needs (the question, the
topic, the query) is re-read from the message it is attached to, so buttons keep working
after a restart and no state is kept in memory:

    more|<key>|<page>     page <page> of the passages answering the question
    dates|<key>|<page>    page <page> of the key dates of a topic
    search|<key>|<page>   page <page> of keyword-search results
    src|<page>            page <page> of the sources
    ask|<question>        ask this question (examples, "did you mean"), when it fits
    dym|<key>             ask the suggestion for the question (when it does not fit)
    fb|u|<key>|<page>     👍 on page <page> of the answer to the question (fb|d|...: 👎)
    fbl|<page>            page <page> of the kept questions (/feedback, admins only)

<key> is `text_key(text)`: 8 base64url characters of the SHA-256 of the normalised text.
The handler re-reads candidate texts from the message (its header line, the message it
replies to) and uses the one whose key matches; none matches -> "ask again".
Pages count from 1.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

MAX_BYTES = 64
MAX_PAGE = 9999


def text_key(text: str) -> str:
    """A short, stable key of a question, topic or query (case and spacing ignored)."""
    normal = " ".join(text.split()).casefold()
    digest = hashlib.sha256(normal.encode("utf-8")).digest()
    return base64.urlsafe_b64encode(digest[:6]).decode("ascii")


@dataclass(frozen=True)
class More:
    """More passages for the question of the message."""

    key: str
    page: int


@dataclass(frozen=True)
class Dates:
    """A page of key dates of the topic of the message."""

    key: str
    page: int


@dataclass(frozen=True)
class Search:
    """A page of search results for the query of the message."""

    key: str
    page: int


@dataclass(frozen=True)
class Sources:
    """A page of the sources."""

    page: int


@dataclass(frozen=True)
class Ask:
    """Ask a question given in full."""

    question: str


@dataclass(frozen=True)
class DidYouMean:
    """Ask the suggestion made for the question of the message."""

    key: str


@dataclass(frozen=True)
class Vote:
    """👍 (up) or 👎 on a page of the answer to the question of the message."""

    up: bool
    key: str
    page: int


@dataclass(frozen=True)
class FeedbackPage:
    """A page of the kept questions (/feedback)."""

    page: int


Action = More | Dates | Search | Sources | Ask | DidYouMean | Vote | FeedbackPage

_PAGED: dict[str, type[More] | type[Dates] | type[Search]] = {
    "more": More,
    "dates": Dates,
    "search": Search,
}


def encode(action: Action) -> str:
    """The callback data of `action`; ValueError when it would not fit in 64 bytes."""
    if isinstance(action, More | Dates | Search):
        name = next(n for n, kind in _PAGED.items() if isinstance(action, kind))
        data = f"{name}|{action.key}|{_page(action.page)}"
    elif isinstance(action, Sources):
        data = f"src|{_page(action.page)}"
    elif isinstance(action, Ask):
        data = f"ask|{action.question}"
    elif isinstance(action, Vote):
        data = f"fb|{'u' if action.up else 'd'}|{action.key}|{_page(action.page)}"
    elif isinstance(action, FeedbackPage):
        data = f"fbl|{_page(action.page)}"
    else:
        data = f"dym|{action.key}"
    if not fits(data):
        raise ValueError("callback data over 64 bytes")
    return data


def fits(data: str) -> bool:
    """True when `data` is valid callback data (1 to 64 bytes of UTF-8)."""
    return 1 <= len(data.encode("utf-8")) <= MAX_BYTES


def ask_data(question: str) -> str | None:
    """Callback data asking `question` directly, or None when it is too long to carry."""
    data = f"ask|{question}"
    return data if fits(data) and question.strip() else None


def decode(data: str | None) -> Action | None:
    """The action of callback data; None for data this bot did not make."""
    if not data:
        return None
    name, _, rest = data.partition("|")
    if name == "ask":
        return Ask(rest) if rest.strip() else None
    if name == "dym":
        return DidYouMean(rest) if _is_key(rest) else None
    if name in ("src", "fbl"):
        page = _read_page(rest)
        if not page:
            return None
        return Sources(page) if name == "src" else FeedbackPage(page)
    if name == "fb":
        return _vote(rest)
    kind = _PAGED.get(name)
    if kind is None:
        return None
    key, _, page_text = rest.partition("|")
    page = _read_page(page_text)
    if not _is_key(key) or not page:
        return None
    return kind(key, page)


def _vote(rest: str) -> Vote | None:
    way, _, rest = rest.partition("|")
    key, _, page_text = rest.partition("|")
    page = _read_page(page_text)
    if way not in ("u", "d") or not _is_key(key) or not page:
        return None
    return Vote(way == "u", key, page)


def _page(page: int) -> int:
    return max(1, min(page, MAX_PAGE))


def _read_page(text: str) -> int | None:
    if not text.isascii() or not text.isdigit() or len(text) > 4:
        return None
    page = int(text)
    return page if page >= 1 else None


def _is_key(text: str) -> bool:
    return len(text) == 8 and text.isascii() and all(c.isalnum() or c in "-_" for c in text)
