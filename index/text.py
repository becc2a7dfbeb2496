"""Plain text out of Markdown, and sentences out of plain text, with offsets.

Sentence boundaries are found with a small rule set rather than a library so
that every sentence keeps its exact character offsets in the article text (a
quote must be a verbatim substring of it) and so that splitting 100k articles
stays fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article: its text and where it sits."""

    text: str
    start: int  # offset in the article body
    end: int
    paragraph: int  # index of the paragraph it belongs to


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark")


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return re.sub(r"[ \t]+", " ", "".join(parts)).strip()


def markdown_to_text(markdown: str) -> str:
    """The readable text of a Markdown document: one line per paragraph, blank-line separated.

    Emphasis, links (their text is kept), images, inline HTML and list markers
    go; headings, list items, quotes and code blocks each become a paragraph.
    """
    paragraphs: list[str] = []
    for token in _markdown().parse(markdown):
        if token.type == "inline":
            text = _inline_text(token)
        elif token.type in ("fence", "code_block"):
            text = " ".join(token.content.split())
        else:
            continue
        if text:
            paragraphs.append(text)
    return "\n\n".join(paragraphs)


# A sentence ends at . ! ? or … (optionally followed by closing quotes or
# brackets) before whitespace and an opening capital, digit or quote.
_BOUNDARY = re.compile(r"""([.!?…]+["'”’)\]]*)(\s+)(?=["'“‘(\[]?[A-Z0-9À-Ý])""")
# Words after which a period does not end a sentence.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt no nos vs etc fig figs e.g i.e al gen col lt sgt capt gov
    sen rep pres amb hon rev jan feb mar apr jun jul aug sep sept oct nov dec u.s u.n u.k
    e.u inc ltd co corp dept approx est op cit ibid art para""".split()
)
_INITIAL = re.compile(r"(?:^|\s)(?:[A-Z]\.)+$")


def _ends_with_abbreviation(text: str) -> bool:
    last = text.rsplit(None, 1)[-1] if text.strip() else ""
    word = last.rstrip(".").lower().lstrip("(\"'“‘")
    if word in _ABBREVIATIONS:
        return True
    # Initials such as "J." or "U.S." (a single capital letter before the period).
    return bool(_INITIAL.search(text[-6:]))


def split_sentences(text: str) -> list[Sentence]:
    """Split plain text (paragraphs separated by blank lines) into sentences with offsets."""
    sentences: list[Sentence] = []
    paragraph = 0
    for match in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        block_start = match.start()
        block = match.group()
        start = 0
        for boundary in _BOUNDARY.finditer(block):
            candidate = block[start : boundary.end(1)]
            if _ends_with_abbreviation(candidate):
                continue
            _add(sentences, block, block_start, start, boundary.end(1), paragraph)
            start = boundary.end()
        _add(sentences, block, block_start, start, len(block), paragraph)
        paragraph += 1
    return sentences


def _add(out: list[Sentence], block: str, offset: int, start: int, end: int, para: int) -> None:
    piece = block[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    begin = offset + start + lead
    out.append(Sentence(stripped, begin, begin + len(stripped), para))
