"""Tiny article files for tests, written into tmp_path."""

from __future__ import annotations

from pathlib import Path


def article(
    title: str,
    body: str,
    *,
    published: str | None = None,
    url: str | None = None,
    source: str | None = None,
    author: str | None = None,
) -> str:
    """The text of an article file with front matter."""
    lines = ["---", f'title: "{title}"']
    if published:
        lines.append(f"published: {published}")
    if url:
        lines.append(f'url: "{url}"')
    if source:
        lines.append(f'source: "{source}"')
    if author:
        lines.append(f'author: "{author}"')
    lines += ["---", body.strip(), ""]
    return "\n".join(lines)


def write(content: Path, name: str, text: str | bytes) -> Path:
    """Write one file under `content` (bytes as is, text as UTF-8)."""
    path = content / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


VOLCANO = article(
    "Volcano erupts on Isla Norte",
    """
The Monte Fuego volcano on Isla Norte erupted on 12 March 2021 after weeks of tremors.

About 3,000 residents were evacuated to the mainland by ferry. The island's airport closed for
two days.

Scientists from the national observatory said the eruption was the largest since 1952.
""",
    published="2021-03-14",
    url="https://news.example.org/volcano",
    source="Example News",
    author="Ana Ruiz",
)

BRIDGE = article(
    "New bridge opens in Riverton",
    """
The Riverton suspension bridge opened to traffic last year after a decade of planning.

It cost 120 million euros and carries four lanes. Mayor Lena Holt cut the ribbon in October of
last year.
""",
    published="2022-06-01",
    source="Riverton Daily",
)

FESTIVAL = article(
    "Harvest festival returns",
    """
The harvest festival returned to the old town square this autumn with 40 stalls.

Organisers said the festival began in 1987 as a small farmers' market.
""",
)
