"""The terminal's plain text (`corpusbot chat`): the bot's HTML messages as a terminal shows them.

Telegram HTML is made in one place (bot.render); this renderer turns those messages into
text for a terminal: tags stripped, quotes indented and wrapped, links followed by their
address (without the text fragment).
"""

from __future__ import annotations

import textwrap
from html.parser import HTMLParser


class _Plain(HTMLParser):
    """Our HTML as terminal text: quotes indented, links followed by their address."""

    def __init__(self, width: int) -> None:
        super().__init__(convert_charrefs=True)
        self.width = width
        self.out: list[str] = []
        self.quote: list[str] | None = None
        self.href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "blockquote":
            self.quote = []
        elif tag == "a":
            self.href = dict(attrs).get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag == "blockquote" and self.quote is not None:
            text = "".join(self.quote).strip()
            self.quote = None
            self.out.append(
                textwrap.fill(
                    f"“{text}”", self.width, initial_indent="  ", subsequent_indent="   "
                )
            )
        elif tag == "a" and self.href:
            self.handle_data(f" <{self.href.split('#', 1)[0]}>")
            self.href = None

    def handle_data(self, data: str) -> None:
        (self.quote if self.quote is not None else self.out).append(data)


def plain(html_text: str, width: int = 88) -> str:
    """Terminal text of a message: tags stripped, quotes wrapped, link addresses shown."""
    parser = _Plain(width)
    parser.feed(html_text)
    parser.close()
    lines = []
    for line in "".join(parser.out).strip("\n").split("\n"):
        if len(line) > width and not line.startswith("  "):
            line = textwrap.fill(
                line,
                width,
                subsequent_indent="  ",
                break_long_words=False,
                break_on_hyphens=False,
            )
        lines.append(line)
    return "\n".join(lines)
