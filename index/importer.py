"""Adding articles to a content directory: .md and .txt as they are, .html extracted.

An HTML page becomes an article through trafilatura (main text, title, date,
author, site name, canonical URL), never through hand-written patterns; its
date only when the page's markup states one (no year guessed from the text). Every
file is validated exactly as the index loads it before anything is written,
and it is written atomically: a refused file leaves content/ untouched.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from index.errors import InvalidArticle
from index.loader import ARTICLE_SUFFIXES, MAX_ARTICLE_BYTES, parse_article
from index.models import Article

HTML_SUFFIXES = (".html", ".htm")
ACCEPTED_SUFFIXES = ARTICLE_SUFFIXES + HTML_SUFFIXES


def safe_file_name(name: str, fallback: str = "article") -> str:
    """A file name safe to create in content/: lowercase ASCII letters, digits, dashes."""
    stem, suffix = os.path.splitext(os.path.basename(name.replace("\\", "/")))
    if not suffix and stem.startswith("."):  # ".md": a suffix without a name
        stem, suffix = "", stem
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_stem.lower()).strip("-")[:80] or fallback
    return slug + suffix.lower()


def html_to_article(
    data: bytes, file_name: str = "page.html", url: str | None = None
) -> tuple[str, bytes]:
    """Extract an article from an HTML page: (file name, Markdown file bytes with front matter).

    `url`: where the page was fetched from; the article's link when the page names no
    canonical URL of its own. Raises InvalidArticle when no article text can be found.
    """
    import trafilatura

    document = trafilatura.bare_extraction(
        data,
        url=url,
        with_metadata=True,
        output_format="python",
        favor_precision=True,
        # The date the page states in its markup (meta tags, JSON-LD, <time>), never a
        # guess from any year in its text: "widened in 2015" is not a publication date,
        # and a wrong one would anchor every "last year" of the article.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if document is None:
        fields: dict[str, Any] = {}
    elif isinstance(document, dict):
        fields = document
    else:
        fields = document.as_dict()
    text = (fields.get("text") or "").strip()
    title = " ".join((fields.get("title") or "").split())
    if not text:
        raise InvalidArticle("no article text found in the HTML page")
    if not title:
        raise InvalidArticle("no title found in the HTML page")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and lines[0] == title:
        lines = lines[1:]  # the page's own heading repeats the title
    meta: dict[str, Any] = {"title": title}
    for key, value in (
        ("url", fields.get("url") or url),
        ("published", fields.get("date")),
        ("author", fields.get("author")),
        ("source", fields.get("sitename")),
    ):
        if value:
            meta[key] = str(value)
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    body = "\n\n".join(lines)
    name = safe_file_name(title, fallback=safe_file_name(file_name)) + ".md"
    return name, f"---\n{front}---\n{body}\n".encode()


def prepare(file_name: str, data: bytes, *, url: str | None = None) -> tuple[str, bytes, Article]:
    """Turn an uploaded file into (content file name, bytes to write, the validated Article).

    `url`: where an HTML page was fetched from (see html_to_article). Raises InvalidArticle
    with the reason when the file cannot become an article.
    """
    suffix = os.path.splitext(file_name)[1].lower()
    if suffix not in ACCEPTED_SUFFIXES:
        accepted = ", ".join(ACCEPTED_SUFFIXES)
        raise InvalidArticle(f"unsupported file type {suffix or '(none)'}: send one of {accepted}")
    if len(data) > MAX_ARTICLE_BYTES * 4:
        raise InvalidArticle(f"too large ({len(data) // 1024} KiB)")
    if suffix in HTML_SUFFIXES:
        name, data = html_to_article(data, file_name, url)
    else:
        name = safe_file_name(file_name)
    article = parse_article(name, data)
    return name, data, article


def add_article(
    content_dir: Path,
    file_name: str,
    data: bytes,
    *,
    replace: bool = False,
    url: str | None = None,
) -> Article:
    """Validate an uploaded file and save it into `content_dir` (atomically).

    `url`: where an HTML page was fetched from (see html_to_article). Raises
    InvalidArticle when it is not a valid article or when an article of that name exists
    and `replace` is False; nothing is written then.
    """
    name, payload, article = prepare(file_name, data, url=url)
    target = content_dir / name
    if target.exists() and not replace:
        raise InvalidArticle(f"{name} already exists: remove it first, or replace it")
    content_dir.mkdir(parents=True, exist_ok=True)
    temp = content_dir / f".{name}.{os.getpid()}.tmp"
    try:
        temp.write_bytes(payload)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    return article


def remove_article(content_dir: Path, article_id: str) -> Path:
    """Delete the article file `article_id` (its path under content/) and return its path.

    Raises InvalidArticle when there is no such article inside the content directory.
    """
    root = content_dir.resolve()
    target = (content_dir / article_id).resolve()
    if not target.is_relative_to(root) or target == root:
        raise InvalidArticle(f"{article_id} is not inside the content directory")
    if target.suffix.lower() not in ARTICLE_SUFFIXES or not target.is_file():
        raise InvalidArticle(f"no article {article_id} in the content directory")
    target.unlink()
    return target
